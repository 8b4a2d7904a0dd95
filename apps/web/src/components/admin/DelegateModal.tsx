import { Alert, Button, Group, Modal, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertCircle } from '@tabler/icons-react';
import { type FormEvent, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { describeRequestError } from '../../lib/errors';
import { readOutcome } from '../../lib/mutation';
import { SingleMemberPicker } from '../access/MemberPicker';
import { useCompleteQuery } from '../data/useCompleteQuery';
import { GroupNamesQuery, ScopeNamesQuery } from './AdministratorModals';
import { CreateDelegationMutation, type DelegableRole } from './delegations-query';
import { refusalMessage } from './field-message';

const roleKey = (role: DelegableRole) => `${role.kind}:${role.unit?.id ?? ''}:${role.group?.id ?? ''}`;

/** A `datetime-local` value (the reader's local time) as an instant, or null when empty. */
const instant = (value: string) => (value ? new Date(value).toISOString() : null);

/**
 * The form to delegate one of the viewer's own admin roles for a period: the delegate, the role, the part (the
 * whole role, or for an organisation-wide role one unit or group), start (now when empty), end and reason. The
 * API decides (rule 1); its typed refusals land on their field.
 */
export function DelegateModal({
  organisationId,
  roles,
  onClose,
  onCreated,
}: {
  organisationId: string;
  roles: readonly DelegableRole[];
  onClose: () => void;
  onCreated: () => void;
}) {
  const { t } = useTranslation();
  const [unitsResult] = useCompleteQuery({ query: ScopeNamesQuery, variables: { organisationId } }, 'units');
  const [groupsResult] = useCompleteQuery(
    { query: GroupNamesQuery, variables: { organisationId } },
    'groups',
  );
  const [delegateId, setDelegateId] = useState<string | null>(null);
  const [chosenRole, setChosenRole] = useState<string | null>(roles.length === 1 ? roleKey(roles[0]!) : null);
  const [part, setPart] = useState<string>('whole');
  const [startsAt, setStartsAt] = useState('');
  const [endsAt, setEndsAt] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [{ fetching }, create] = useMutation(CreateDelegationMutation);
  const role = roles.find((candidate) => roleKey(candidate) === chosenRole) ?? null;
  const organisationWide = role !== null && !role.unit && !role.group;
  const partOptions = useMemo(() => {
    const options = [{ value: 'whole', label: t('delegations.form.partWhole') }];
    if (!organisationWide) return options;
    for (const { node } of unitsResult.data?.units.edges ?? [])
      options.push({ value: `unit:${node.id}`, label: t('delegations.part.unit', { name: node.name }) });
    for (const { node } of groupsResult.data?.groups.edges ?? [])
      options.push({ value: `group:${node.id}`, label: t('delegations.part.group', { name: node.name }) });
    return options;
  }, [organisationWide, unitsResult.data, groupsResult.data, t]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setErrors({});
    setFailure(null);
    const missing: Record<string, string> = {};
    const required = t('delegations.form.required');
    if (!delegateId) missing.delegateId = required;
    if (!role) missing.kind = required;
    if (!endsAt) missing.endsAt = required;
    if (!reason.trim()) missing.reason = required;
    if (Object.keys(missing).length > 0) return setErrors(missing);
    const [partKind, partId] = part.split(':');
    const result = await create({
      input: {
        delegateId: delegateId!,
        kind: role!.kind,
        unitId: partKind === 'unit' ? partId : (role!.unit?.id ?? null),
        groupId: partKind === 'group' ? partId : (role!.group?.id ?? null),
        startsAt: instant(startsAt),
        endsAt: instant(endsAt)!,
        reason,
      },
    });
    if (result.error) return setFailure(describeRequestError(t, result.error));
    const outcome = readOutcome(t, result.data?.createDelegation);
    if (!outcome.ok) {
      const message = refusalMessage(outcome, {
        'endsAt:INVALID_INPUT': t('delegations.form.endBeforeStart'),
        'startsAt:INVALID_INPUT': t('delegations.form.startInPast'),
        'delegateId:DELEGATE_NOT_MEMBER': t('delegations.form.notMember'),
        'scope:DELEGATION_BEYOND_SCOPE': t('delegations.form.beyondScope'),
        'roleKind:DELEGATION_NOT_HELD': t('delegations.form.notHeld'),
        'roleKind:DELEGATION_NOT_TRANSFERABLE': t('delegations.form.notTransferable'),
      });
      const field =
        outcome.field === 'roleKind' ? 'kind' : outcome.field === 'scope' ? 'part' : (outcome.field ?? '');
      if (['delegateId', 'kind', 'part', 'startsAt', 'endsAt', 'reason'].includes(field))
        setErrors({ [field]: message });
      else setFailure(message);
      return;
    }
    notifications.show({
      color: 'teal',
      message: t('delegations.form.created', { name: outcome.data.delegateName }),
    });
    onCreated();
  };

  return (
    <Modal opened onClose={onClose} title={t('delegations.form.title')} centered size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text fz="sm" c="dimmed">
            {t('delegations.form.help')}
          </Text>
          {failure && (
            <Alert color="red" role="alert" icon={<IconAlertCircle aria-hidden="true" />}>
              {failure}
            </Alert>
          )}
          <SingleMemberPicker
            organisationId={organisationId}
            label={t('delegations.form.delegate')}
            value={delegateId}
            onChange={setDelegateId}
            error={errors.delegateId}
            required
          />
          <Select
            label={t('delegations.form.role')}
            data={roles.map((candidate) => ({
              value: roleKey(candidate),
              label: [
                t(`adminRoleKind.${candidate.kind}`),
                candidate.unit ? t('delegations.part.unit', { name: candidate.unit.name }) : null,
                candidate.group ? t('delegations.part.group', { name: candidate.group.name }) : null,
              ]
                .filter(Boolean)
                .join(' · '),
            }))}
            value={chosenRole}
            onChange={(value) => {
              setChosenRole(value);
              setPart('whole');
            }}
            error={errors.kind}
            required
          />
          <Select
            label={t('delegations.form.part')}
            data={partOptions}
            value={part}
            onChange={(value) => setPart(value ?? 'whole')}
            error={errors.part}
            allowDeselect={false}
            searchable
          />
          <Group grow wrap="wrap" align="flex-start">
            <TextInput
              type="datetime-local"
              label={t('delegations.form.start')}
              description={t('delegations.form.startHelp')}
              value={startsAt}
              onChange={(event) => setStartsAt(event.currentTarget.value)}
              error={errors.startsAt}
              miw={200}
            />
            <TextInput
              type="datetime-local"
              label={t('delegations.form.end')}
              value={endsAt}
              onChange={(event) => setEndsAt(event.currentTarget.value)}
              error={errors.endsAt}
              required
              miw={200}
            />
          </Group>
          <Textarea
            label={t('delegations.form.reason')}
            description={t('delegations.form.reasonHelp')}
            value={reason}
            onChange={(event) => setReason(event.currentTarget.value)}
            error={errors.reason}
            maxLength={500}
            autosize
            minRows={2}
            required
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('organisations.cancel')}
            </Button>
            <Button type="submit" loading={fetching}>
              {t('delegations.form.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
