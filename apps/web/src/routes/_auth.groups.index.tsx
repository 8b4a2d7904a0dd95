import {
  Alert,
  Badge,
  Box,
  Button,
  Card,
  EmptyState,
  Group,
  Loader,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconAlertCircle, IconPlus, IconSearch, IconUsersGroup } from '@tabler/icons-react';
import { createFileRoute, Link } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useViewer } from '../auth/use-viewer';
import { CreateGroupModal } from '../components/access/CreateGroupModal';
import { useCompleteQuery } from '../components/data/useCompleteQuery';
import { PageTitle } from '../components/PageTitle';
import { graphql, type ResultOf } from '../graphql';
import { describeRequestError } from '../lib/errors';

export const GroupsTreeQuery = graphql(`
  query GroupsTree($organisationId: ID!, $search: String, $after: String) {
    organisation: node(id: $organisationId) {
      ... on Organisation {
        id
        viewerCanCreateGroups
      }
    }
    groups(organisationId: $organisationId, search: $search, first: 100, after: $after) {
      edges {
        node {
          id
          name
          description
          memberCount
          parent { id }
          unit { id name }
        }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

export const Route = createFileRoute('/_auth/groups/')({
  component: GroupsPage,
});

type GroupNode = ResultOf<typeof GroupsTreeQuery>['groups']['edges'][number]['node'];
interface TreeNode {
  group: GroupNode;
  children: TreeNode[];
}

/** The tree of the groups the viewer may read; a group whose parent is out of sight is a root. */
function buildTree(groups: GroupNode[]): TreeNode[] {
  const nodes = new Map(groups.map((group) => [group.id, { group, children: [] as TreeNode[] }]));
  const roots: TreeNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.group.parent ? nodes.get(node.group.parent.id) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

function GroupsPage() {
  const { t } = useTranslation();
  const viewer = useViewer();
  const organisationId = viewer.acting?.organisation?.id ?? '';
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const [creating, setCreating] = useState(false);
  const [result] = useCompleteQuery(
    {
      query: GroupsTreeQuery,
      variables: { organisationId, search: debounced || null },
      pause: !organisationId,
    },
    'groups',
  );
  const organisation = result.data?.organisation;
  const canCreate = Boolean(
    organisation && 'viewerCanCreateGroups' in organisation && organisation.viewerCanCreateGroups,
  );
  const groups = useMemo(() => result.data?.groups.edges.map((edge) => edge.node) ?? [], [result.data]);
  const tree = useMemo(
    () => (debounced ? groups.map((group) => ({ group, children: [] })) : buildTree(groups)),
    [groups, debounced],
  );

  return (
    <Stack gap="xl">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <div>
          <PageTitle>{t('access.groups.title')}</PageTitle>
          <Text c="dimmed" mt={6}>
            {t('access.groups.subtitle')}
          </Text>
        </div>
        {canCreate && (
          <Button leftSection={<IconPlus size={16} aria-hidden="true" />} onClick={() => setCreating(true)}>
            {t('access.groups.create')}
          </Button>
        )}
      </Group>

      <TextInput
        label={t('access.groups.search')}
        placeholder={t('access.groups.searchPlaceholder')}
        leftSection={<IconSearch size={16} aria-hidden="true" />}
        value={search}
        onChange={(event) => setSearch(event.currentTarget.value)}
        maw={420}
      />

      {result.error && (
        <Alert color="red" role="alert" icon={<IconAlertCircle aria-hidden="true" />}>
          {describeRequestError(t, result.error)}
        </Alert>
      )}
      {result.fetching && !result.data && <Loader aria-label={t('common.loading')} />}
      {result.data && groups.length === 0 && (
        <EmptyState
          variant="light"
          icon={<IconUsersGroup aria-hidden="true" />}
          title={debounced ? t('access.groups.noMatch') : t('access.groups.empty')}
          description={debounced ? undefined : t('access.groups.emptyHelp')}
          py="xl"
        />
      )}
      {tree.length > 0 && (
        <Card p={0} component="section" aria-label={t('access.groups.treeLabel')}>
          <GroupList nodes={tree} depth={0} />
        </Card>
      )}

      <CreateGroupModal
        opened={creating}
        onClose={() => setCreating(false)}
        organisationId={organisationId}
      />
    </Stack>
  );
}

function GroupList({ nodes, depth }: { nodes: TreeNode[]; depth: number }) {
  return (
    <Box component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
      {nodes.map((node) => (
        <GroupRow key={node.group.id} node={node} depth={depth} />
      ))}
    </Box>
  );
}

function GroupRow({ node, depth }: { node: TreeNode; depth: number }) {
  const { t } = useTranslation();
  const { group } = node;
  return (
    <li>
      <Group
        justify="space-between"
        wrap="nowrap"
        px="lg"
        py="sm"
        pl={`calc(var(--mantine-spacing-lg) + ${depth * 28}px)`}
        style={{ borderBottom: '1px solid var(--mantine-color-gray-2)' }}
      >
        <Box miw={0}>
          <Group gap="xs" wrap="nowrap">
            {depth > 0 && (
              <Text c="dimmed" aria-hidden="true">
                ↳
              </Text>
            )}
            <Text
              renderRoot={(props) => <Link {...props} to="/groups/$groupId" params={{ groupId: group.id }} />}
              fw={600}
              c="tessera.8"
              td="none"
            >
              {group.name}
            </Text>
            {group.unit && (
              <Badge variant="outline" color="gray" style={{ textTransform: 'none' }}>
                {group.unit.name}
              </Badge>
            )}
          </Group>
          {group.description && (
            <Text fz="sm" c="dimmed" lineClamp={1} pl={depth > 0 ? 22 : 0}>
              {group.description}
            </Text>
          )}
        </Box>
        <Badge variant="light" color="gray" style={{ flexShrink: 0, textTransform: 'none' }}>
          {t('access.groups.memberCount', { count: group.memberCount })}
        </Badge>
      </Group>
      {node.children.length > 0 && <GroupList nodes={node.children} depth={depth + 1} />}
    </li>
  );
}
