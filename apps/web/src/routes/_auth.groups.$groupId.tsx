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
  SimpleGrid,
  Stack,
  Text,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertCircle, IconPlus, IconTrash, IconUserCog, IconUserPlus } from '@tabler/icons-react';
import { createFileRoute, Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { useViewer } from '../auth/use-viewer';
import { CreateGroupModal } from '../components/access/CreateGroupModal';
import { GrantsEditor } from '../components/access/GrantsEditor';
import { GroupMembers } from '../components/access/GroupMembers';
import { SingleMemberPicker } from '../components/access/MemberPicker';
import { NotFoundState } from '../components/NotFoundState';
import { PageTitle } from '../components/PageTitle';
import { graphql } from '../graphql';
import { describeRequestError, isNotFoundError } from '../lib/errors';
import { MutationError, readOutcome } from '../lib/mutation';
import { prefetch } from '../lib/prefetch';

const GroupDetailQuery = graphql(`
  query GroupDetail($id: ID!) {
    node(id: $id) {
      ... on Group {
        id
        version
        name
        description
        unit { id name }
        parent { id name }
        children { id name memberCount }
        manager { id person { firstName lastName email } }
        grants { suspended serviceRole { id name } service { id name } }
        grantableRoles { id name service { id name } }
        viewerCan { manage createSubGroups manageGrants manageMembers }
      }
    }
  }
`);

const ChangeManagerMutation = graphql(
  `
  mutation ChangeGroupManager($input: ChangeGroupManagerInput!) {
    changeGroupManager(input: $input) {
      __typename
      ...MutationError
      ... on MutationChangeGroupManagerSuccess { data { id version manager { id person { firstName lastName email } } } }
    }
  }
`,
  [MutationError],
);

const DeleteGroupMutation = graphql(
  `
  mutation DeleteGroup($input: DeleteGroupInput!) {
    deleteGroup(input: $input) {
      __typename
      ...MutationError
      ... on MutationDeleteGroupSuccess { data }
    }
  }
`,
  [MutationError],
);

export const Route = createFileRoute('/_auth/groups/$groupId')({
  loader: ({ context, params }) => prefetch(context.client, GroupDetailQuery, { id: params.groupId }),
  component: GroupPage,
});

function GroupPage() {
  const { t } = useTranslation();
  const { groupId } = Route.useParams();
  const viewer = useViewer();
  const organisationId = viewer.acting?.organisation?.id ?? '';
  const mayCreateMembers = (viewer.acting?.may ?? []).includes('MEMBER_CREATE');
  const [result] = useQuery({ query: GroupDetailQuery, variables: { id: groupId } });
  const [creatingSub, setCreatingSub] = useState(false);
  const [changingManager, setChangingManager] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const group = result.data?.node && 'grants' in result.data.node ? result.data.node : null;

  if (result.fetching && !result.data) return <Loader aria-label={t('common.loading')} />;
  if (!group && result.error && !isNotFoundError(result.error))
    return (
      <Alert color="red" role="alert">
        {describeRequestError(t, result.error)}
      </Alert>
    );
  if (!group)
    return (
      <NotFoundState
        title={t('access.group.notFound')}
        backTo="/groups"
        backLabel={t('access.group.backToGroups')}
      />
    );

  const manager = group.manager?.person;
  const parent = group.parent;
  return (
    <Stack gap="xl">
      <div>
        <Breadcrumbs mb="xs" aria-label={t('access.group.breadcrumbs')}>
          <Anchor component={Link} to="/groups" fz="sm">
            {t('access.groups.title')}
          </Anchor>
          {parent && (
            <Anchor
              renderRoot={(props) => (
                <Link {...props} to="/groups/$groupId" params={{ groupId: parent.id }} />
              )}
              fz="sm"
            >
              {parent.name}
            </Anchor>
          )}
          <Text fz="sm" c="dimmed" aria-current="page">
            {group.name}
          </Text>
        </Breadcrumbs>
        <Group justify="space-between" align="flex-start" wrap="wrap">
          <div>
            <PageTitle>{group.name}</PageTitle>
            {group.description && (
              <Text c="dimmed" mt={6}>
                {group.description}
              </Text>
            )}
          </div>
          <Group gap="sm">
            {group.viewerCan.manageMembers && mayCreateMembers && (
              <Button
                renderRoot={(props) => <Link {...props} to="/members/new" search={{ groupId: group.id }} />}
                leftSection={<IconUserPlus size={16} aria-hidden="true" />}
              >
                {t('createInGroup.open')}
              </Button>
            )}
            {group.viewerCan.createSubGroups && (
              <Button
                variant="light"
                leftSection={<IconPlus size={16} aria-hidden="true" />}
                onClick={() => setCreatingSub(true)}
              >
                {t('access.group.createSubGroup')}
              </Button>
            )}
            {group.viewerCan.manage && (
              <Button
                variant="subtle"
                color="red"
                leftSection={<IconTrash size={16} aria-hidden="true" />}
                onClick={() => setDeleting(true)}
              >
                {t('access.group.delete')}
              </Button>
            )}
          </Group>
        </Group>
      </div>

      <SimpleGrid cols={{ base: 1, md: 3 }} spacing="lg">
        <Card component="section" aria-labelledby="manager-title">
          <Text id="manager-title" component="h2" fz="xs" fw={700} tt="uppercase" c="dimmed" lts={0.5}>
            {t('access.group.manager')}
          </Text>
          {manager ? (
            <>
              <Text fw={650} fz="lg" mt={4}>
                {manager.firstName} {manager.lastName}
              </Text>
              <Text fz="sm" c="dimmed">
                {manager.email}
              </Text>
            </>
          ) : (
            <Text c="dimmed" mt={4}>
              {t('access.group.noManager')}
            </Text>
          )}
          {group.viewerCan.manage && (
            <Button
              mt="md"
              w="fit-content"
              size="xs"
              variant="light"
              leftSection={<IconUserCog size={14} aria-hidden="true" />}
              onClick={() => setChangingManager(true)}
            >
              {t('access.group.changeManager')}
            </Button>
          )}
        </Card>
        <Card component="section" aria-labelledby="place-title">
          <Text id="place-title" component="h2" fz="xs" fw={700} tt="uppercase" c="dimmed" lts={0.5}>
            {t('access.group.place')}
          </Text>
          <Text mt={4}>
            {group.parent
              ? t('access.group.subGroupOf', { name: group.parent.name })
              : group.unit
                ? t('access.group.inUnit', { name: group.unit.name })
                : t('access.group.atOrganisation')}
          </Text>
        </Card>
        <Card component="section" aria-labelledby="children-title">
          <Text id="children-title" component="h2" fz="xs" fw={700} tt="uppercase" c="dimmed" lts={0.5}>
            {t('access.group.subGroups')}
          </Text>
          {group.children.length === 0 ? (
            <Text c="dimmed" mt={4}>
              {t('access.group.noSubGroups')}
            </Text>
          ) : (
            <Stack component="ul" gap={4} mt={6} p={0} style={{ listStyle: 'none' }}>
              {group.children.map((child) => (
                <li key={child.id}>
                  <Group gap="xs">
                    <Anchor
                      renderRoot={(props) => (
                        <Link {...props} to="/groups/$groupId" params={{ groupId: child.id }} />
                      )}
                    >
                      {child.name}
                    </Anchor>
                    <Badge size="sm" variant="light" color="gray" style={{ textTransform: 'none' }}>
                      {t('access.groups.memberCount', { count: child.memberCount })}
                    </Badge>
                  </Group>
                </li>
              ))}
            </Stack>
          )}
        </Card>
      </SimpleGrid>

      <GrantsEditor
        groupId={group.id}
        version={group.version}
        grants={group.grants}
        grantableRoles={group.grantableRoles}
        canEdit={group.viewerCan.manageGrants}
      />
      <GroupMembers
        groupId={group.id}
        groupName={group.name}
        organisationId={organisationId}
        canManage={group.viewerCan.manageMembers}
      />

      <CreateGroupModal
        opened={creatingSub}
        onClose={() => setCreatingSub(false)}
        organisationId={organisationId}
        parent={{ id: group.id, name: group.name }}
      />
      <ChangeManagerModal
        opened={changingManager}
        onClose={() => setChangingManager(false)}
        groupId={group.id}
        version={group.version}
        organisationId={organisationId}
      />
      <DeleteGroupModal opened={deleting} onClose={() => setDeleting(false)} group={group} />
    </Stack>
  );
}

function ChangeManagerModal({
  opened,
  onClose,
  groupId,
  version,
  organisationId,
}: {
  opened: boolean;
  onClose: () => void;
  groupId: string;
  version: number;
  organisationId: string;
}) {
  const { t } = useTranslation();
  const [memberId, setMemberId] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [{ fetching }, change] = useMutation(ChangeManagerMutation);

  async function submit() {
    setFailure(null);
    if (!memberId) return setFailure(t('access.createGroup.managerRequired'));
    const result = await change({ input: { groupId, manager: { memberId }, expectedVersion: version } });
    if (result.error) return setFailure(describeRequestError(t, result.error));
    const outcome = readOutcome(t, result.data?.changeGroupManager);
    if (!outcome.ok) return setFailure(outcome.message);
    notifications.show({ color: 'teal', message: t('access.group.managerChanged') });
    setMemberId(null);
    onClose();
  }

  return (
    <Modal opened={opened} onClose={onClose} title={t('access.group.changeManager')}>
      <Stack gap="md">
        {failure && (
          <Alert color="red" role="alert" icon={<IconAlertCircle aria-hidden="true" />}>
            {failure}
          </Alert>
        )}
        <Text fz="sm" c="dimmed">
          {t('access.group.changeManagerHelp')}
        </Text>
        <SingleMemberPicker
          organisationId={organisationId}
          label={t('access.createGroup.pickManager')}
          value={memberId}
          onChange={setMemberId}
          required
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('access.cancel')}
          </Button>
          <Button onClick={() => void submit()} loading={fetching}>
            {t('access.group.confirmManager')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function DeleteGroupModal({
  opened,
  onClose,
  group,
}: {
  opened: boolean;
  onClose: () => void;
  group: { id: string; name: string; version: number; children: readonly unknown[] };
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [failure, setFailure] = useState<string | null>(null);
  const [{ fetching }, remove] = useMutation(DeleteGroupMutation);

  async function submit() {
    setFailure(null);
    const result = await remove({ input: { groupId: group.id, expectedVersion: group.version } });
    if (result.error) return setFailure(describeRequestError(t, result.error));
    const outcome = readOutcome(t, result.data?.deleteGroup);
    if (!outcome.ok)
      return setFailure(outcome.code === 'CONFLICT' ? t('access.group.deleteHasChildren') : outcome.message);
    notifications.show({ color: 'teal', message: t('access.group.deleted', { name: group.name }) });
    onClose();
    await navigate({ to: '/groups' });
  }

  return (
    <Modal opened={opened} onClose={onClose} title={t('access.group.deleteTitle', { name: group.name })}>
      <Stack gap="md">
        {failure && (
          <Alert color="red" role="alert" icon={<IconAlertCircle aria-hidden="true" />}>
            {failure}
          </Alert>
        )}
        <Text>
          {group.children.length > 0 ? t('access.group.deleteHasChildren') : t('access.group.deleteConfirm')}
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('access.cancel')}
          </Button>
          <Button
            color="red"
            onClick={() => void submit()}
            loading={fetching}
            disabled={group.children.length > 0}
          >
            {t('access.group.delete')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
