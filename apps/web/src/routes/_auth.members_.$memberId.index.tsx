import {
  Alert,
  Anchor,
  Badge,
  Breadcrumbs,
  Button,
  Card,
  Group,
  Loader,
  Modal,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Timeline,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import {
  IconArchive,
  IconArrowBackUp,
  IconBan,
  IconChecks,
  IconLock,
  IconLockOpen,
  IconMail,
  IconMailForward,
  IconTrash,
  IconUserMinus,
  IconUserShield,
} from '@tabler/icons-react';
import { createFileRoute, Link, useNavigate } from '@tanstack/react-router';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { useViewer } from '../auth/use-viewer';
import { useUnitChoices } from '../components/data/choices';
import { MemberStatusBadge } from '../components/members/MemberStatusBadge';
import { PageTitle } from '../components/PageTitle';
import { graphql, type ResultOf } from '../graphql';
import { describeErrorCode, describeRequestError } from '../lib/errors';
import { MutationError } from '../lib/mutation';

export const Route = createFileRoute('/_auth/members_/$memberId/')({
  component: MemberPage,
});

const MemberQuery = graphql(`
  query MemberDetail($id: ID!) {
    node(id: $id) {
      __typename
      ... on Member {
        id
        version
        status
        mobility
        openingDate
        archivedAt
        createdAt
        person {
          id
          firstName
          lastName
          email
          backupEmail
          pendingBackupEmail
          lastSignInAt
        }
        units {
          id
          name
        }
        groups {
          blocked
          addedAt
          group {
            id
            name
            viewerCan {
              manageMembers
            }
          }
        }
        adminRoles {
          id
          kind
          unit {
            name
          }
          validUntil
        }
        viewerCan {
          block
          archive
          remove
          help
          attach
        }
        attachmentRequest {
          id
          state
          createdAt
          steps {
            at
            fromState
            toState
            actorName
          }
        }
      }
    }
  }
`);

type MemberData = Extract<NonNullable<ResultOf<typeof MemberQuery>['node']>, { __typename: 'Member' }>;

const BlockMember = graphql(
  `
  mutation BlockMember($input: MemberIdInput!) {
    blockMember(input: $input) {
      __typename
      ...MutationError
    }
  }
`,
  [MutationError],
);
const UnblockMember = graphql(
  `
  mutation UnblockMember($input: MemberIdInput!) {
    unblockMember(input: $input) {
      __typename
      ...MutationError
    }
  }
`,
  [MutationError],
);
const ArchiveMember = graphql(
  `
  mutation ArchiveMember($input: MemberIdInput!) {
    archiveMember(input: $input) {
      __typename
      ...MutationError
    }
  }
`,
  [MutationError],
);
const RestoreMember = graphql(
  `
  mutation RestoreMember($input: MemberIdInput!) {
    restoreMember(input: $input) {
      __typename
      ...MutationError
    }
  }
`,
  [MutationError],
);
const RemoveMember = graphql(
  `
  mutation RemoveMember($input: MemberIdInput!) {
    removeMember(input: $input) {
      __typename
      ...MutationError
    }
  }
`,
  [MutationError],
);
const SendWelcome = graphql(
  `
  mutation SendWelcomeEmail($input: MemberIdInput!) {
    sendWelcomeEmail(input: $input) {
      __typename
      ...MutationError
    }
  }
`,
  [MutationError],
);
const SendReset = graphql(
  `
  mutation SendPasswordResetEmail($input: MemberIdInput!) {
    sendPasswordResetEmail(input: $input) {
      __typename
      ...MutationError
    }
  }
`,
  [MutationError],
);
const BlockInGroup = graphql(
  `
  mutation BlockMemberInGroup($input: MemberGroupInput!) {
    blockMemberInGroup(input: $input) {
      __typename
      ...MutationError
    }
  }
`,
  [MutationError],
);
const UnblockInGroup = graphql(
  `
  mutation UnblockMemberInGroup($input: MemberGroupInput!) {
    unblockMemberInGroup(input: $input) {
      __typename
      ...MutationError
    }
  }
`,
  [MutationError],
);
const RemoveFromGroup = graphql(
  `
  mutation RemoveMemberFromGroup($input: MemberGroupInput!) {
    removeMemberFromGroup(input: $input) {
      __typename
      ...MutationError
    }
  }
`,
  [MutationError],
);

const SetBackupEmail = graphql(
  `
  mutation SetMemberBackupEmail($input: SetMemberBackupEmailInput!) {
    setMemberBackupEmail(input: $input) {
      __typename
      ...MutationError
    }
  }
`,
  [MutationError],
);
const AttachToUnits = graphql(
  `
  mutation AttachMemberToUnits($input: AttachMemberToUnitsInput!) {
    attachMemberToUnits(input: $input) {
      __typename
      ...MutationError
    }
  }
`,
  [MutationError],
);
const DetachFromUnit = graphql(
  `
  mutation DetachMemberFromUnit($input: MemberUnitInput!) {
    detachMemberFromUnit(input: $input) {
      __typename
      ...MutationError
    }
  }
`,
  [MutationError],
);

function MemberPage() {
  const { memberId } = Route.useParams();
  const { t } = useTranslation();
  const [result, refetch] = useQuery({ query: MemberQuery, variables: { id: memberId } });
  const member = result.data?.node?.__typename === 'Member' ? result.data.node : null;
  const reload = () => refetch({ requestPolicy: 'network-only' });

  if (result.fetching && !result.data) return <Loader aria-label={t('common.loading')} />;
  if (result.error && !member)
    return (
      <Alert color="red" role="alert">
        {describeRequestError(t, result.error)}
      </Alert>
    );
  if (!member)
    return (
      <Stack gap="md">
        <PageTitle>{t('member.notFound')}</PageTitle>
        <Anchor component={Link} to="/members">
          {t('member.backToList')}
        </Anchor>
      </Stack>
    );
  return <MemberView member={member} reload={reload} />;
}

function MemberView({ member, reload }: { member: MemberData; reload: () => void }) {
  const { t, i18n } = useTranslation();
  // One's own page: the person changes its identity from its account, nothing to explain here.
  const isSelf = useViewer().person.id === member.person.id;
  const name = `${member.person.firstName} ${member.person.lastName}`;
  const date = (value: string) => new Date(value).toLocaleDateString(i18n.language, { dateStyle: 'long' });
  return (
    <Stack gap="xl">
      <div>
        <Breadcrumbs mb="xs" aria-label={t('member.breadcrumbs')}>
          <Anchor component={Link} to="/members" fz="sm">
            {t('nav.members')}
          </Anchor>
          <Text fz="sm" c="dimmed" aria-current="page">
            {name}
          </Text>
        </Breadcrumbs>
        <Group gap="md" align="center">
          <PageTitle>{name}</PageTitle>
          <MemberStatusBadge status={member.status} />
        </Group>
        <Text c="dimmed" mt={6}>
          {member.person.email}
        </Text>
      </div>

      {member.status !== 'ACTIVE' && (
        <Alert color={member.status === 'BLOCKED' ? 'red' : 'gray'} role="status">
          {member.status === 'BLOCKED'
            ? t('member.blockedHelp')
            : t('member.archivedHelp', { date: date(member.archivedAt ?? member.createdAt) })}
        </Alert>
      )}

      <StatusActions member={member} reload={reload} />

      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Section id="identity-title" title={t('member.identityTitle')}>
          <Stack component="dl" gap={8} m={0}>
            <Fact label={t('member.email')} value={member.person.email} />
            {(member.person.backupEmail || member.person.pendingBackupEmail) && (
              <Fact
                label={t('account.backupLabel')}
                value={
                  <Stack gap={4}>
                    <span>{member.person.backupEmail ?? '—'}</span>
                    {member.person.pendingBackupEmail && (
                      <Group gap={6} data-testid="member-pending-backup-email">
                        <Badge color="yellow" variant="light" size="sm">
                          {t('backupEmail.awaiting')}
                        </Badge>
                        <Text fz="sm" c="dimmed" span style={{ overflowWrap: 'anywhere' }}>
                          {member.person.pendingBackupEmail}
                        </Text>
                      </Group>
                    )}
                  </Stack>
                }
              />
            )}
            <Fact
              label={t('member.mobility')}
              value={member.mobility ? t(`members.mobility.${member.mobility}`) : '—'}
            />
            <Fact label={t('member.openingDate')} value={date(member.openingDate)} />
            <Fact
              label={t('member.lastSignIn')}
              value={
                member.person.lastSignInAt ? date(member.person.lastSignInAt) : t('member.neverSignedIn')
              }
            />
          </Stack>
          {member.viewerCan.help ? (
            <HelpActions member={member} reload={reload} />
          ) : isSelf ? null : (
            <Alert
              mt="lg"
              color="gray"
              variant="light"
              icon={<IconUserShield aria-hidden="true" />}
              title={t('identity.notOwnedTitle')}
              data-testid="identity-not-owned"
            >
              {t('identity.notOwned')}
            </Alert>
          )}
        </Section>

        <Section id="roles-title" title={t('member.rolesTitle')}>
          {member.adminRoles.length === 0 ? (
            <Text fz="sm" c="dimmed">
              {t('member.defaultRole')}
            </Text>
          ) : (
            <Stack gap="xs">
              {member.adminRoles.map((role) => (
                <Group key={role.id} gap="xs">
                  <Badge variant="light">{t(`member.roleKind.${role.kind}`)}</Badge>
                  {role.unit && <Text fz="sm">{role.unit.name}</Text>}
                  {role.validUntil && (
                    <Text fz="xs" c="dimmed">
                      {t('member.until', { date: date(role.validUntil) })}
                    </Text>
                  )}
                </Group>
              ))}
            </Stack>
          )}
        </Section>

        <UnitsSection member={member} reload={reload} />

        <GroupsSection member={member} reload={reload} />
      </SimpleGrid>

      {member.attachmentRequest && <RequestHistory request={member.attachmentRequest} />}

      <Anchor
        renderRoot={(props) => (
          <Link {...props} to="/members/$memberId/access" params={{ memberId: member.id }} />
        )}
      >
        {t('member.accessLink')}
      </Anchor>
    </Stack>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <Card component="section" aria-labelledby={id} p="lg">
      <Title order={2} id={id} fz="lg" mb="md">
        {title}
      </Title>
      {children}
    </Card>
  );
}

function Fact({ label, value }: { label: string; value: ReactNode }) {
  return (
    <Group gap="xs" wrap="nowrap" align="flex-start">
      <Text component="dt" fz="sm" c="dimmed" w={150}>
        {label}
      </Text>
      <Text component="dd" fz="sm" m={0} miw={0}>
        {value}
      </Text>
    </Group>
  );
}

/** Runs a mutation returning a typed payload; success when its typename starts with "Mutation". */
function useRun() {
  const { t } = useTranslation();
  const [pending, setPending] = useState<string | null>(null);
  const [, block] = useMutation(BlockMember);
  const [, unblock] = useMutation(UnblockMember);
  const [, archive] = useMutation(ArchiveMember);
  const [, restore] = useMutation(RestoreMember);
  const [, remove] = useMutation(RemoveMember);
  const [, welcome] = useMutation(SendWelcome);
  const [, reset] = useMutation(SendReset);
  const [, blockIn] = useMutation(BlockInGroup);
  const [, unblockIn] = useMutation(UnblockInGroup);
  const [, removeFrom] = useMutation(RemoveFromGroup);
  const byMember = {
    blockMember: block,
    unblockMember: unblock,
    archiveMember: archive,
    restoreMember: restore,
    removeMember: remove,
    sendWelcomeEmail: welcome,
    sendPasswordResetEmail: reset,
  };
  const byGroup = {
    blockMemberInGroup: blockIn,
    unblockMemberInGroup: unblockIn,
    removeMemberFromGroup: removeFrom,
  };

  async function settle(
    key: string,
    promise: Promise<{ data?: unknown; error?: unknown }>,
    success: string,
  ): Promise<boolean> {
    setPending(key);
    try {
      const result = await promise;
      const data = result.data as Record<string, { __typename: string; code?: string } | null> | undefined;
      const payload = data?.[key.split(':')[0]!];
      if (payload?.__typename.startsWith('Mutation')) {
        notifications.show({ color: 'teal', message: success });
        return true;
      }
      notifications.show({
        color: 'red',
        message: payload?.code ? describeErrorCode(t, payload.code) : describeRequestError(t, result.error),
      });
      return false;
    } finally {
      setPending(null);
    }
  }

  return {
    pending,
    /** `expectedVersion`: the member as shown, so a status change decided on a stale page is refused */
    member: (name: keyof typeof byMember, memberId: string, success: string, expectedVersion?: number) =>
      settle(name, byMember[name]({ input: { memberId, expectedVersion } }), success),
    group: (name: keyof typeof byGroup, memberId: string, groupId: string, success: string) =>
      settle(`${name}:${groupId}`, byGroup[name]({ input: { memberId, groupId } }), success),
  };
}

function StatusActions({ member, reload }: { member: MemberData; reload: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const run = useRun();
  const [confirm, setConfirm] = useState<null | 'blockMember' | 'archiveMember' | 'removeMember'>(null);
  const name = `${member.person.firstName} ${member.person.lastName}`;
  const can = member.viewerCan;
  if (!can.block && !can.archive && !can.remove) return null;

  async function act(
    kind: 'blockMember' | 'unblockMember' | 'archiveMember' | 'restoreMember' | 'removeMember',
  ) {
    setConfirm(null);
    const ok = await run.member(kind, member.id, t(`member.done.${kind}`, { name }), member.version);
    if (ok && kind === 'removeMember') await navigate({ to: '/members' });
    else if (ok) reload();
  }

  return (
    <Card p="md" component="section" aria-label={t('member.actions')}>
      <Group gap="sm">
        {can.block && member.status === 'ACTIVE' && (
          <Button
            color="red"
            variant="light"
            leftSection={<IconBan size={16} aria-hidden="true" />}
            onClick={() => setConfirm('blockMember')}
            loading={run.pending === 'blockMember'}
          >
            {t('member.block')}
          </Button>
        )}
        {can.block && member.status === 'BLOCKED' && (
          <Button
            variant="light"
            leftSection={<IconChecks size={16} aria-hidden="true" />}
            onClick={() => void act('unblockMember')}
            loading={run.pending === 'unblockMember'}
          >
            {t('member.unblock')}
          </Button>
        )}
        {can.archive && member.status !== 'ARCHIVED' && (
          <Button
            variant="default"
            leftSection={<IconArchive size={16} aria-hidden="true" />}
            onClick={() => setConfirm('archiveMember')}
            loading={run.pending === 'archiveMember'}
          >
            {t('member.archive')}
          </Button>
        )}
        {can.archive && member.status === 'ARCHIVED' && (
          <Button
            variant="light"
            leftSection={<IconArrowBackUp size={16} aria-hidden="true" />}
            onClick={() => void act('restoreMember')}
            loading={run.pending === 'restoreMember'}
          >
            {t('member.restore')}
          </Button>
        )}
        {can.remove && (
          <Button
            color="red"
            variant="subtle"
            leftSection={<IconTrash size={16} aria-hidden="true" />}
            onClick={() => setConfirm('removeMember')}
            loading={run.pending === 'removeMember'}
          >
            {t('member.remove')}
          </Button>
        )}
      </Group>
      <Modal
        opened={confirm !== null}
        onClose={() => setConfirm(null)}
        title={confirm ? t(`member.confirm.${confirm}.title`, { name }) : ''}
        centered
      >
        <Stack>
          <Text fz="sm">{confirm ? t(`member.confirm.${confirm}.body`) : ''}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirm(null)}>
              {t('members.cancel')}
            </Button>
            <Button
              color={confirm === 'archiveMember' ? 'tessera' : 'red'}
              onClick={() => confirm && void act(confirm)}
            >
              {confirm ? t(`member.confirm.${confirm}.action`) : ''}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Card>
  );
}

function HelpActions({ member, reload }: { member: MemberData; reload: () => void }) {
  const { t } = useTranslation();
  const run = useRun();
  const [backup, setBackup] = useState(member.person.backupEmail ?? '');
  const [error, setError] = useState<string | null>(null);
  const [{ fetching }, save] = useMutation(SetBackupEmail);
  const [opened, { open, close }] = useDisclosure(false);

  async function saveBackup() {
    const result = await save({ input: { memberId: member.id, backupEmail: backup.trim() || null } });
    const payload = result.data?.setMemberBackupEmail;
    if (payload?.__typename === 'MutationSetMemberBackupEmailSuccess') {
      setError(null);
      close();
      notifications.show({
        color: 'teal',
        message: backup.trim()
          ? t('backupEmail.requested', { email: backup.trim() })
          : t('member.backupRemoved'),
      });
      reload();
    } else if (payload?.__typename === 'InvalidInputError') setError(t('member.backupInvalid'));
    else setError(payload ? describeErrorCode(t, payload.code) : describeRequestError(t, result.error));
  }

  return (
    <Stack gap="sm" mt="lg">
      <Text fz="sm" fw={600}>
        {t('member.helpTitle')}
      </Text>
      <Group gap="xs">
        <Button
          size="xs"
          variant="light"
          leftSection={<IconMail size={14} aria-hidden="true" />}
          loading={run.pending === 'sendWelcomeEmail'}
          onClick={() => void run.member('sendWelcomeEmail', member.id, t('member.done.sendWelcomeEmail'))}
        >
          {t('member.sendWelcome')}
        </Button>
        <Button
          size="xs"
          variant="light"
          leftSection={<IconMailForward size={14} aria-hidden="true" />}
          loading={run.pending === 'sendPasswordResetEmail'}
          onClick={() =>
            void run.member('sendPasswordResetEmail', member.id, t('member.done.sendPasswordResetEmail'))
          }
        >
          {t('member.sendReset')}
        </Button>
        <Button size="xs" variant="default" onClick={open}>
          {t('member.setBackup')}
        </Button>
      </Group>
      <Modal opened={opened} onClose={close} title={t('member.setBackup')} centered>
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            void saveBackup();
          }}
        >
          <Stack>
            <Text fz="sm">{t('member.backupHelp')}</Text>
            <TextInput
              label={t('member.backupLabel')}
              type="email"
              value={backup}
              error={error}
              data-autofocus
              onChange={(event) => setBackup(event.currentTarget.value)}
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                {t('members.cancel')}
              </Button>
              <Button type="submit" loading={fetching}>
                {t('member.saveBackup')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Stack>
  );
}

function UnitsSection({ member, reload }: { member: MemberData; reload: () => void }) {
  const { t } = useTranslation();
  const viewer = useViewer();
  const organisationId = viewer.acting?.organisation?.id ?? '';
  const { options: choices } = useUnitChoices(organisationId, !member.viewerCan.attach);
  const [picked, setPicked] = useState<string | null>(null);
  const [, attach] = useMutation(AttachToUnits);
  const [, detach] = useMutation(DetachFromUnit);
  const attached = new Set(member.units.map((unit) => unit.id));
  const options = choices.filter((choice) => !attached.has(choice.value));

  async function outcome(
    typename: string | undefined,
    code: string | undefined,
    error: unknown,
    success: string,
  ) {
    if (typename?.startsWith('Mutation')) {
      notifications.show({ color: 'teal', message: success });
      reload();
    } else
      notifications.show({
        color: 'red',
        message: code ? describeErrorCode(t, code) : describeRequestError(t, error),
      });
  }

  return (
    <Section id="units-title" title={t('member.unitsTitle')}>
      {member.units.length === 0 ? (
        <Text fz="sm" c="dimmed">
          {t('member.noUnits')}
        </Text>
      ) : (
        <Stack gap={6}>
          {member.units.map((unit) => (
            <Group key={unit.id} justify="space-between" wrap="nowrap">
              <Text fz="sm">{unit.name}</Text>
              {member.viewerCan.attach && (
                <Button
                  size="compact-xs"
                  variant="subtle"
                  color="red"
                  aria-label={t('member.detachNamed', { unit: unit.name })}
                  onClick={async () => {
                    const result = await detach({ input: { memberId: member.id, unitId: unit.id } });
                    const payload = result.data?.detachMemberFromUnit;
                    await outcome(
                      payload?.__typename,
                      payload && 'code' in payload ? payload.code : undefined,
                      result.error,
                      t('member.detached', { unit: unit.name }),
                    );
                  }}
                >
                  {t('member.detach')}
                </Button>
              )}
            </Group>
          ))}
        </Stack>
      )}
      {member.viewerCan.attach && options.length > 0 && (
        <Group gap="xs" mt="md" align="flex-end">
          <Select
            label={t('member.attachUnit')}
            placeholder={t('member.chooseUnit')}
            data={options}
            value={picked}
            onChange={setPicked}
            searchable
            w={240}
          />
          <Button
            variant="light"
            disabled={!picked}
            onClick={async () => {
              if (!picked) return;
              const result = await attach({ input: { memberId: member.id, unitIds: [picked] } });
              const payload = result.data?.attachMemberToUnits;
              setPicked(null);
              await outcome(
                payload?.__typename,
                payload && 'code' in payload ? payload.code : undefined,
                result.error,
                t('member.attached'),
              );
            }}
          >
            {t('member.attachUnitButton')}
          </Button>
        </Group>
      )}
    </Section>
  );
}

function GroupsSection({ member, reload }: { member: MemberData; reload: () => void }) {
  const { t } = useTranslation();
  const run = useRun();
  const name = `${member.person.firstName} ${member.person.lastName}`;
  async function act(
    kind: 'blockMemberInGroup' | 'unblockMemberInGroup' | 'removeMemberFromGroup',
    groupId: string,
    group: string,
  ) {
    if (await run.group(kind, member.id, groupId, t(`member.done.${kind}`, { name, group }))) reload();
  }
  return (
    <Section id="groups-title" title={t('member.groupsTitle')}>
      {member.groups.length === 0 ? (
        <Text fz="sm" c="dimmed">
          {t('member.noGroups')}
        </Text>
      ) : (
        <Table verticalSpacing="xs" aria-labelledby="groups-title">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('member.group')}</Table.Th>
              <Table.Th>{t('member.groupState')}</Table.Th>
              <Table.Th>
                <VisuallyHidden>{t('member.actions')}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {member.groups.map(({ group, blocked }) => (
              <Table.Tr key={group.id} data-testid={`group-row-${group.name}`}>
                <Table.Td>
                  <Anchor
                    renderRoot={(props) => (
                      <Link {...props} to="/groups/$groupId" params={{ groupId: group.id }} />
                    )}
                    fz="sm"
                  >
                    {group.name}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <Badge color={blocked ? 'red' : 'teal'} variant="light">
                    {blocked ? t('member.blockedInGroup') : t('member.activeInGroup')}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  {group.viewerCan.manageMembers && (
                    <Group gap={4} justify="flex-end" wrap="nowrap">
                      {blocked ? (
                        <Button
                          size="compact-xs"
                          variant="subtle"
                          leftSection={<IconLockOpen size={12} aria-hidden="true" />}
                          aria-label={t('member.unblockInNamed', { group: group.name })}
                          loading={run.pending === `unblockMemberInGroup:${group.id}`}
                          onClick={() => void act('unblockMemberInGroup', group.id, group.name)}
                        >
                          {t('member.unblockIn')}
                        </Button>
                      ) : (
                        <Button
                          size="compact-xs"
                          variant="subtle"
                          color="red"
                          leftSection={<IconLock size={12} aria-hidden="true" />}
                          aria-label={t('member.blockInNamed', { group: group.name })}
                          loading={run.pending === `blockMemberInGroup:${group.id}`}
                          onClick={() => void act('blockMemberInGroup', group.id, group.name)}
                        >
                          {t('member.blockIn')}
                        </Button>
                      )}
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        color="gray"
                        leftSection={<IconUserMinus size={12} aria-hidden="true" />}
                        aria-label={t('member.removeFromNamed', { group: group.name })}
                        loading={run.pending === `removeMemberFromGroup:${group.id}`}
                        onClick={() => void act('removeMemberFromGroup', group.id, group.name)}
                      >
                        {t('member.removeFrom')}
                      </Button>
                    </Group>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Section>
  );
}

function RequestHistory({ request }: { request: NonNullable<MemberData['attachmentRequest']> }) {
  const { t, i18n } = useTranslation();
  const when = (value: string) =>
    new Date(value).toLocaleString(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <Section id="request-title" title={t('member.requestTitle')}>
      <Group gap="sm" mb="md">
        <Text fz="sm">{t('member.requestType')}</Text>
        <Badge
          variant="light"
          color={request.state === 'CLOSED' ? 'gray' : 'blue'}
          data-testid="request-state"
        >
          {t(`member.requestState.${request.state}`)}
        </Badge>
      </Group>
      <Timeline active={request.steps.length - 1} bulletSize={18} lineWidth={2}>
        {request.steps.map((step) => (
          <Timeline.Item key={`${step.toState}-${step.at}`} title={t(`member.requestState.${step.toState}`)}>
            <Text fz="xs" c="dimmed">
              {when(step.at)}
              {step.actorName ? ` — ${step.actorName}` : ''}
            </Text>
          </Timeline.Item>
        ))}
      </Timeline>
    </Section>
  );
}
