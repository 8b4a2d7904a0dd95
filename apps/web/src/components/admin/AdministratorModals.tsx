import { Alert, Button, Group, Modal, Select, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertCircle, IconAlertTriangle } from '@tabler/icons-react';
import { ADMIN_ROLE_KIND_VALUES, type AdminRoleKind, type ScopeRef } from '@tessera/domain';
import { type FormEvent, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { graphql } from '../../graphql';
import { describeRequestError } from '../../lib/errors';
import { MutationError, readOutcome } from '../../lib/mutation';
import { SingleMemberPicker } from '../access/MemberPicker';
import { describeRemovalFinding } from '../continuity/describe';
import { DayInput } from '../DayInput';
import { useCompleteQuery } from '../data/useCompleteQuery';
import type { Role } from './administrators-query';
import { ConfirmModal } from './ConfirmModal';
import { refusalMessage } from './field-message';

export const ScopeNamesQuery = graphql(`
  query AdministratorScopes($organisationId: ID!, $after: String) {
    organisation: node(id: $organisationId) { __typename ... on Organisation { id referentShortage viewerCan { nameAdministrators } } }
    units(organisationId: $organisationId, first: 100, after: $after) {
      edges { node { id name referentShortage viewerCan { nameAdministrators } } }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

export const GroupNamesQuery = graphql(`
  query AdministratorGroups($organisationId: ID!, $after: String) {
    groups(organisationId: $organisationId, first: 100, after: $after) {
      edges { node { id name viewerCan { nameAdministrators } } }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

export const NameAdministratorMutation = graphql(
  `
  mutation NameAdministrator($input: NameAdministratorInput!) {
    nameAdministrator(input: $input) {
      __typename
      ...MutationError
      ... on MutationNameAdministratorSuccess { data { id kind member { person { firstName lastName } } } }
    }
  }
`,
  [MutationError],
);

export const RemoveAdministratorMutation = graphql(
  `
  mutation RemoveAdministrator($input: RemoveAdministratorInput!) {
    removeAdministrator(input: $input) {
      __typename
      ...MutationError
      ... on MutationRemoveAdministratorSuccess { data }
    }
  }
`,
  [MutationError],
);

export function RemoveModal({
  role,
  onClose,
  onRemoved,
}: {
  role: Role;
  onClose: () => void;
  onRemoved: () => void;
}) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const [{ fetching }, remove] = useMutation(RemoveAdministratorMutation);
  const name = `${role.member.person.firstName} ${role.member.person.lastName}`;
  const scope = role.unit
    ? t('admins.scopeUnit', { name: role.unit.name })
    : role.group
      ? t('admins.scopeGroup', { name: role.group.name })
      : t('admins.scopeOrganisation');
  const confirm = async () => {
    const result = await remove({ input: { adminRoleId: role.id } });
    if (result.error) return setError(describeRequestError(t, result.error));
    const outcome = readOutcome(t, result.data?.removeAdministrator);
    if (!outcome.ok) return setError(outcome.message);
    notifications.show({ color: 'teal', message: t('admins.removed') });
    onRemoved();
  };
  return (
    <ConfirmModal
      opened
      onClose={onClose}
      title={t('admins.removeTitle')}
      text={t('admins.removeText', { name, kind: t(`adminRoleKind.${role.kind}`), scope })}
      confirmLabel={t('admins.removeConfirm')}
      onConfirm={confirm}
      loading={fetching}
      error={error}
    >
      {role.removalCreatesFindings.length > 0 && (
        <Alert
          color="orange"
          title={t('continuity.removal.warningTitle')}
          icon={<IconAlertTriangle aria-hidden="true" />}
          data-testid="removal-warning"
        >
          <Stack gap={4}>
            {role.removalCreatesFindings.map((finding) => (
              <Text fz="sm" key={`${finding.kind}:${finding.unit?.id ?? 'organisation'}`}>
                {describeRemovalFinding(t, finding)}
              </Text>
            ))}
            <Text fz="sm">{t('continuity.removal.advice')}</Text>
          </Stack>
        </Alert>
      )}
    </ConfirmModal>
  );
}

export function NameAdministratorModal({
  organisationId,
  onClose,
  onNamed,
}: {
  organisationId: string;
  onClose: () => void;
  onNamed: () => void;
}) {
  const { t } = useTranslation();
  const [unitsResult] = useCompleteQuery({ query: ScopeNamesQuery, variables: { organisationId } }, 'units');
  const [groupsResult] = useCompleteQuery(
    { query: GroupNamesQuery, variables: { organisationId } },
    'groups',
  );
  const [memberId, setMemberId] = useState<string | null>(null);
  const [kind, setKind] = useState<AdminRoleKind | null>(null);
  const [scopeKey, setScopeKey] = useState<string | null>(null);
  const [validUntil, setValidUntil] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [{ fetching }, name] = useMutation(NameAdministratorMutation);

  // Every scope of the organisation, labelled, with the kinds the server says this admin may name there (rule 1).
  const scopes = useMemo(() => {
    const list: { key: string; label: string; scope: ScopeRef; kinds: readonly AdminRoleKind[] }[] = [
      {
        key: 'organisation',
        label: t('admins.scopeOrganisation'),
        scope: { kind: 'ORGANISATION', organisationId },
        kinds:
          unitsResult.data?.organisation?.__typename === 'Organisation'
            ? unitsResult.data.organisation.viewerCan.nameAdministrators
            : [],
      },
    ];
    for (const { node } of unitsResult.data?.units.edges ?? [])
      list.push({
        key: `unit:${node.id}`,
        label: t('admins.scopeUnit', { name: node.name }),
        scope: { kind: 'UNIT', organisationId, unitId: node.id },
        kinds: node.viewerCan.nameAdministrators,
      });
    for (const { node } of groupsResult.data?.groups.edges ?? [])
      list.push({
        key: `group:${node.id}`,
        label: t('admins.scopeGroup', { name: node.name }),
        scope: { kind: 'GROUP', organisationId, groupId: node.id },
        kinds: node.viewerCan.nameAdministrators,
      });
    return list;
  }, [unitsResult.data, groupsResult.data, organisationId, t]);
  const scopesFor = (candidate: AdminRoleKind) => scopes.filter(({ kinds }) => kinds.includes(candidate));
  const kinds = ADMIN_ROLE_KIND_VALUES.filter((candidate) => scopesFor(candidate).length > 0);
  const scopeOptions = kind ? scopesFor(kind) : [];
  const chosenScope =
    scopeOptions.find((option) => option.key === scopeKey) ??
    (scopeOptions.length === 1 ? scopeOptions[0] : undefined);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setErrors({});
    setFailure(null);
    const missing: Record<string, string> = {};
    if (!memberId) missing.memberId = t('admins.member');
    if (!kind) missing.kind = t('admins.kind');
    if (kind && !chosenScope) missing.scope = t('admins.scope');
    if (Object.keys(missing).length > 0) return setErrors(missing);
    const scope = chosenScope!.scope;
    const result = await name({
      input: {
        memberId: memberId!,
        kind: kind!,
        unitId: scope.kind === 'UNIT' ? scope.unitId : null,
        groupId: scope.kind === 'GROUP' ? scope.groupId : null,
        validUntil: validUntil ? new Date(`${validUntil}T23:59:59`).toISOString() : null,
      },
    });
    if (result.error) return setFailure(describeRequestError(t, result.error));
    const outcome = readOutcome(t, result.data?.nameAdministrator);
    if (!outcome.ok) {
      const field = outcome.field === 'unitId' || outcome.field === 'groupId' ? 'scope' : outcome.field;
      const message = refusalMessage(outcome, {
        'scope:INVALID_INPUT': t('admins.invalidScope'),
        'validUntil:INVALID_INPUT': t('admins.pastDelegation'),
        'memberId:CONFLICT': t('admins.alreadyHeld'),
      });
      if (field && ['memberId', 'kind', 'scope', 'validUntil'].includes(field))
        setErrors({ [field]: message });
      else setFailure(message);
      return;
    }
    const person = outcome.data.member.person;
    notifications.show({
      color: 'teal',
      message: t('admins.named', {
        name: `${person.firstName} ${person.lastName}`,
        kind: t(`adminRoleKind.${outcome.data.kind}`),
      }),
    });
    onNamed();
  };

  return (
    <Modal opened onClose={onClose} title={t('admins.nameTitle')} centered size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text fz="sm" c="dimmed">
            {t('admins.nameHelp')}
          </Text>
          {kinds.length === 0 && !unitsResult.fetching && (
            <Alert color="yellow" role="status">
              {t('admins.nothingToName')}
            </Alert>
          )}
          {failure && (
            <Alert color="red" role="alert" icon={<IconAlertCircle aria-hidden="true" />}>
              {failure}
            </Alert>
          )}
          <SingleMemberPicker
            organisationId={organisationId}
            label={t('admins.member')}
            value={memberId}
            onChange={setMemberId}
            error={errors.memberId}
            required
          />
          <Select
            label={t('admins.kind')}
            data={kinds.map((value) => ({ value, label: t(`adminRoleKind.${value}`) }))}
            value={kind}
            onChange={(value) => {
              setKind(value as AdminRoleKind | null);
              setScopeKey(null);
            }}
            error={errors.kind}
            required
          />
          {kind && scopeOptions.length > 1 && (
            <Select
              label={t('admins.scope')}
              data={scopeOptions.map((option) => ({ value: option.key, label: option.label }))}
              value={chosenScope?.key ?? null}
              onChange={setScopeKey}
              error={errors.scope}
              searchable
              required
            />
          )}
          {kind && scopeOptions.length === 1 && (
            <Text fz="sm">{t('admins.scopeIs', { scope: scopeOptions[0]!.label })}</Text>
          )}
          <DayInput
            label={t('admins.validUntil')}
            description={t('admins.validUntilHelp')}
            value={validUntil}
            onChange={setValidUntil}
            error={errors.validUntil}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('organisations.cancel')}
            </Button>
            <Button type="submit" loading={fetching} disabled={kinds.length === 0}>
              {t('admins.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
