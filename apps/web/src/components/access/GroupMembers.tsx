import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Loader,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconAlertCircle, IconSearch, IconUserPlus } from '@tabler/icons-react';
import { Link } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../graphql';
import { describeRequestError } from '../../lib/errors';
import { MutationError, readOutcome } from '../../lib/mutation';
import { GroupMemberActions } from './GroupMemberActions';
import { MemberPicker } from './MemberPicker';

const PAGE = 50;

const GroupMembersQuery = graphql(`
  query GroupMembers($groupId: ID!, $first: Int!, $after: String, $search: String) {
    node(id: $groupId) {
      ... on Group {
        id
        memberCount
        members(first: $first, after: $after, search: $search) {
          edges {
            blocked
            viewerCanManage
            node { id status person { firstName lastName email } }
          }
          pageInfo { hasNextPage endCursor }
        }
      }
    }
  }
`);

const AddMembersMutation = graphql(
  `
  mutation AddMembersToGroup($input: AddMembersToGroupInput!) {
    addMembersToGroup(input: $input) {
      __typename
      ...MutationError
      ... on MutationAddMembersToGroupSuccess { data { id memberCount } }
    }
  }
`,
  [MutationError],
);

type Row = {
  blocked: boolean;
  viewerCanManage: boolean;
  node: { id: string; status: string; person: { firstName: string; lastName: string; email: string } };
};

/** Caf "Ajouter un utilisateur à un groupe" from the group's side, and the members, paged by name. */
export function GroupMembers({
  groupId,
  groupName,
  organisationId,
  canManage,
}: {
  groupId: string;
  groupName: string;
  organisationId: string;
  canManage: boolean;
}) {
  const { t } = useTranslation();
  const [rows, setRows] = useState<Row[]>([]);
  const [picked, setPicked] = useState<string[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  // The API bounds a search to 100 characters; the field does too, so the list never answers with an error.
  const [debounced] = useDebouncedValue(search.trim(), 250);
  // The page reached belongs to one search: another search starts again from its first page.
  const [cursor, setCursor] = useState<{ search: string; after: string } | null>(null);
  const after = cursor?.search === debounced ? cursor.after : null;
  const [result, refetch] = useQuery({
    query: GroupMembersQuery,
    variables: { groupId, first: PAGE, after, search: debounced || null },
  });

  const [adding, addMembers] = useMutation(AddMembersMutation);
  const group = result.data?.node && 'members' in result.data.node ? result.data.node : null;

  useEffect(() => {
    if (!group) return;
    const page = group.members.edges as Row[];
    setRows((previous) =>
      after ? [...previous.filter((r) => !page.some((p) => p.node.id === r.node.id)), ...page] : page,
    );
  }, [group, after]);

  function reload() {
    setCursor(null);
    refetch({ requestPolicy: 'network-only' });
  }

  async function add() {
    setFailure(null);
    const result = await addMembers({ input: { groupId, memberIds: picked } });
    if (result.error) return setFailure(describeRequestError(t, result.error));
    const outcome = readOutcome(t, result.data?.addMembersToGroup);
    if (!outcome.ok) return setFailure(outcome.message);
    notifications.show({ color: 'teal', message: t('access.members.added', { count: picked.length }) });
    setPicked([]);
    reload();
  }

  return (
    <Card component="section" aria-labelledby="members-title">
      <Stack gap="md">
        <Group justify="space-between" align="baseline">
          <Title order={2} id="members-title">
            {t('access.members.title')}
          </Title>
          {group && (
            <Text c="dimmed" fz="sm">
              {t('access.groups.memberCount', { count: group.memberCount })}
            </Text>
          )}
        </Group>
        {failure && (
          <Alert color="red" role="alert" icon={<IconAlertCircle aria-hidden="true" />}>
            {failure}
          </Alert>
        )}
        {canManage && (
          <Group align="flex-end" gap="sm" wrap="wrap">
            <div style={{ flex: '1 1 320px', minWidth: 0 }}>
              <MemberPicker
                organisationId={organisationId}
                label={t('access.members.addLabel')}
                description={t('access.members.addHelp')}
                value={picked}
                onChange={setPicked}
                exclude={rows.map((row) => row.node.id)}
              />
            </div>
            <Button
              leftSection={<IconUserPlus size={16} aria-hidden="true" />}
              onClick={() => void add()}
              disabled={picked.length === 0}
              loading={adding.fetching}
            >
              {t('access.members.addButton')}
            </Button>
          </Group>
        )}
        {(group?.memberCount ?? 0) > 0 && (
          <TextInput
            type="search"
            label={t('access.members.search')}
            description={t('access.members.searchHelp')}
            leftSection={<IconSearch size={16} aria-hidden="true" />}
            value={search}
            maxLength={100}
            onChange={(event) => setSearch(event.currentTarget.value)}
            w={{ base: '100%', sm: 360 }}
          />
        )}
        {result.error && (
          <Alert color="red" role="alert" icon={<IconAlertCircle aria-hidden="true" />}>
            {describeRequestError(t, result.error)}
          </Alert>
        )}
        {result.fetching && rows.length === 0 && <Loader aria-label={t('common.loading')} />}
        {group && rows.length === 0 && !result.fetching && (
          <Text c="dimmed" role="status">
            {debounced ? t('access.members.noMatch', { search: debounced }) : t('access.members.none')}
          </Text>
        )}
        {rows.length > 0 && (
          <Table.ScrollContainer minWidth={320}>
            <Table verticalSpacing="sm" aria-label={t('access.members.tableLabel')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('access.members.name')}</Table.Th>
                  <Table.Th visibleFrom="sm">{t('access.members.email')}</Table.Th>
                  <Table.Th>{t('access.members.state')}</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>{t('access.grants.actions')}</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((row) => {
                  const name = `${row.node.person.lastName} ${row.node.person.firstName}`;
                  return (
                    <Table.Tr key={row.node.id}>
                      <Table.Td>
                        <Anchor
                          renderRoot={(props) => (
                            <Link
                              {...props}
                              to="/members/$memberId/access"
                              params={{ memberId: row.node.id }}
                            />
                          )}
                          fw={500}
                        >
                          {name}
                        </Anchor>
                      </Table.Td>
                      <Table.Td visibleFrom="sm">
                        <Text fz="sm">{row.node.person.email}</Text>
                      </Table.Td>
                      <Table.Td>
                        {row.blocked ? (
                          <Badge color="orange" variant="light">
                            {t('access.members.blockedHere')}
                          </Badge>
                        ) : row.node.status !== 'ACTIVE' ? (
                          <Badge color="red" variant="light">
                            {t(`access.memberStatus.${row.node.status as 'BLOCKED' | 'ARCHIVED'}`)}
                          </Badge>
                        ) : (
                          <Badge color="teal" variant="light">
                            {t('access.memberStatus.ACTIVE')}
                          </Badge>
                        )}
                      </Table.Td>
                      <Table.Td>
                        {row.viewerCanManage && (
                          <GroupMemberActions
                            groupId={groupId}
                            groupName={groupName}
                            member={{
                              id: row.node.id,
                              name: `${row.node.person.firstName} ${row.node.person.lastName}`,
                            }}
                            blocked={row.blocked}
                            onDone={reload}
                          />
                        )}
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {group?.members.pageInfo.hasNextPage && (
          <Button
            variant="default"
            onClick={() => {
              const endCursor = group.members.pageInfo.endCursor;
              if (endCursor) setCursor({ search: debounced, after: endCursor });
            }}
            loading={result.fetching}
          >
            {t('access.members.more')}
          </Button>
        )}
      </Stack>
    </Card>
  );
}
