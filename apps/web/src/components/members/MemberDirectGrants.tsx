import { Alert, Badge, Button, Group, Modal, Select, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertCircle, IconKeyOff, IconShieldPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { type FragmentOf, graphql, readFragment } from '../../graphql';
import { describeRequestError } from '../../lib/errors';
import { MutationError, readOutcome } from '../../lib/mutation';
import { MemberSection } from './MemberSection';

export const MemberDirectGrantsFragment = graphql(`
  fragment MemberDirectGrants on Member {
    id
    person { id firstName lastName }
    directGrants { suspended serviceRole { id name } service { id name } }
    grantableRoles { id name service { id name } }
    viewerCan { manageGrants }
  }
`);

const GrantToMember = graphql(
  `
  mutation GrantToMember($input: MemberGrantInput!) {
    grantToMember(input: $input) { __typename ...MutationError ... on MutationGrantToMemberSuccess { data { id } } }
  }
`,
  [MutationError],
);
const RevokeMemberGrant = graphql(
  `
  mutation RevokeMemberGrant($input: MemberGrantInput!) {
    revokeMemberGrant(input: $input) { __typename ...MutationError ... on MutationRevokeMemberGrantSuccess { data { id } } }
  }
`,
  [MutationError],
);

type Role = { id: string; name: string; service: { name: string } };
const label = (role: Role) => `${role.service.name} · ${role.name}`;

/**
 * Caf / CSAM: the service roles given to the member directly, with "Attribuer un rôle" (only the roles the server
 * says the viewer may give: `grantableRoles`) and taking one back, for a viewer whose `viewerCan.manageGrants`.
 */
export function MemberDirectGrants({
  member: masked,
  reload,
}: {
  member: FragmentOf<typeof MemberDirectGrantsFragment>;
  reload: () => void;
}) {
  const { t } = useTranslation();
  const member = readFragment(MemberDirectGrantsFragment, masked);
  const name = `${member.person.firstName} ${member.person.lastName}`;
  const [giving, setGiving] = useState(false);
  const [revoking, setRevoking] = useState<Role | null>(null);
  const grants = [...member.directGrants].sort((a, b) =>
    label({ ...a.serviceRole, service: a.service }).localeCompare(
      label({ ...b.serviceRole, service: b.service }),
    ),
  );
  const canManage = member.viewerCan.manageGrants;
  return (
    <MemberSection id="direct-grants-title" title={t('directGrants.title')}>
      <Stack gap="sm">
        <Text fz="sm" c="dimmed">
          {t('directGrants.help')}
        </Text>
        {grants.length === 0 ? (
          <Text fz="sm">{t('directGrants.none')}</Text>
        ) : (
          <Stack component="ul" gap={6} p={0} m={0} style={{ listStyle: 'none' }}>
            {grants.map((grant) => {
              const role = { ...grant.serviceRole, service: grant.service };
              return (
                <Group component="li" key={role.id} gap="xs" justify="space-between" wrap="nowrap">
                  <Group gap="xs" miw={0}>
                    <Text fz="sm" style={{ overflowWrap: 'anywhere' }}>
                      {label(role)}
                    </Text>
                    {grant.suspended && (
                      <Badge color="red" variant="light" size="sm">
                        {t('directGrants.suspended')}
                      </Badge>
                    )}
                  </Group>
                  {canManage && (
                    <Button
                      size="xs"
                      variant="subtle"
                      color="red"
                      leftSection={<IconKeyOff size={14} aria-hidden="true" />}
                      aria-label={t('directGrants.revokeNamed', { role: label(role) })}
                      onClick={() => setRevoking(role)}
                    >
                      {t('directGrants.revoke')}
                    </Button>
                  )}
                </Group>
              );
            })}
          </Stack>
        )}
        {canManage && (
          <Button
            w="fit-content"
            size="xs"
            variant="light"
            leftSection={<IconShieldPlus size={14} aria-hidden="true" />}
            onClick={() => setGiving(true)}
          >
            {t('directGrants.open')}
          </Button>
        )}
      </Stack>
      {giving && (
        <GiveRoleDialog
          memberId={member.id}
          name={name}
          roles={member.grantableRoles}
          onClose={() => setGiving(false)}
          onDone={reload}
        />
      )}
      {revoking && (
        <RevokeRoleDialog
          memberId={member.id}
          name={name}
          role={revoking}
          onClose={() => setRevoking(null)}
          onDone={reload}
        />
      )}
    </MemberSection>
  );
}

function GiveRoleDialog({
  memberId,
  name,
  roles,
  onClose,
  onDone,
}: {
  memberId: string;
  name: string;
  roles: readonly Role[];
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [picked, setPicked] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [{ fetching }, grant] = useMutation(GrantToMember);
  const byService = new Map<string, { value: string; label: string }[]>();
  for (const role of [...roles].sort((a, b) => label(a).localeCompare(label(b)))) {
    const items = byService.get(role.service.name) ?? [];
    items.push({ value: role.id, label: label(role) });
    byService.set(role.service.name, items);
  }
  const data = [...byService].map(([group, items]) => ({ group, items }));

  async function submit() {
    const role = roles.find((r) => r.id === picked);
    if (!role) return;
    setFailure(null);
    const result = await grant({ input: { memberId, serviceRoleId: role.id } });
    if (result.error) return setFailure(describeRequestError(t, result.error));
    const outcome = readOutcome(t, result.data?.grantToMember);
    if (!outcome.ok) {
      // Given meanwhile by someone else: say so, and show it on the page behind the dialog.
      if (outcome.code === 'CONFLICT' && outcome.field === 'serviceRoleId') {
        setFailure(t('directGrants.alreadyHeld', { role: label(role), name }));
        return onDone();
      }
      return setFailure(outcome.message);
    }
    notifications.show({ color: 'teal', message: t('directGrants.granted', { role: label(role), name }) });
    onClose();
    onDone();
  }

  return (
    <Modal
      opened
      onClose={onClose}
      title={t('directGrants.dialogTitle', { name })}
      closeButtonProps={{ 'aria-label': t('directGrants.close') }}
      centered
    >
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <Stack>
          <Text fz="sm">{t('directGrants.dialogHelp')}</Text>
          {failure && (
            <Alert color="red" role="alert" icon={<IconAlertCircle aria-hidden="true" />}>
              {failure}
            </Alert>
          )}
          {roles.length === 0 ? (
            <Text fz="sm" c="dimmed" role="status">
              {t('directGrants.nothingToGive')}
            </Text>
          ) : (
            <Select
              label={t('directGrants.role')}
              placeholder={t('directGrants.rolePlaceholder')}
              data={data}
              value={picked}
              onChange={setPicked}
              searchable
              required
              data-autofocus
              comboboxProps={{ withinPortal: true }}
            />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('directGrants.cancel')}
            </Button>
            <Button type="submit" disabled={!picked} loading={fetching}>
              {t('directGrants.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function RevokeRoleDialog({
  memberId,
  name,
  role,
  onClose,
  onDone,
}: {
  memberId: string;
  name: string;
  role: Role;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [failure, setFailure] = useState<string | null>(null);
  const [{ fetching }, revoke] = useMutation(RevokeMemberGrant);

  async function confirm() {
    setFailure(null);
    const result = await revoke({ input: { memberId, serviceRoleId: role.id } });
    if (result.error) return setFailure(describeRequestError(t, result.error));
    const outcome = readOutcome(t, result.data?.revokeMemberGrant);
    if (!outcome.ok) return setFailure(outcome.message);
    notifications.show({ color: 'teal', message: t('directGrants.revoked', { role: label(role) }) });
    onClose();
    onDone();
  }

  return (
    <Modal
      opened
      onClose={onClose}
      title={t('directGrants.revokeTitle')}
      closeButtonProps={{ 'aria-label': t('directGrants.close') }}
      centered
    >
      <Stack>
        <Text fz="sm">{t('directGrants.revokeBody', { name, role: label(role) })}</Text>
        {failure && (
          <Alert color="red" role="alert" icon={<IconAlertCircle aria-hidden="true" />}>
            {failure}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} data-autofocus>
            {t('directGrants.cancel')}
          </Button>
          <Button color="red.9" loading={fetching} onClick={() => void confirm()}>
            {t('directGrants.revokeConfirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
