import {
  Anchor,
  Button,
  Card,
  Checkbox,
  Group,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  UnstyledButton,
  VisuallyHidden,
} from '@mantine/core';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import {
  IconArchive,
  IconArrowDown,
  IconArrowsSort,
  IconArrowUp,
  IconSearch,
  IconUserPlus,
  IconUserShare,
  IconUsers,
} from '@tabler/icons-react';
import { createFileRoute, Link, useNavigate } from '@tanstack/react-router';
import { type ReactNode, useEffect, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { useViewer } from '../auth/use-viewer';
import { useGroupChoices, useUnitChoices } from '../components/data/choices';
import { ListState } from '../components/data/ListState';
import { Pager } from '../components/data/Pager';
import { AttachMemberDialog } from '../components/members/AttachMemberDialog';
import { BulkArchiveDialog, type SelectedMember } from '../components/members/BulkArchiveDialog';
import { ExportMembersButton } from '../components/members/ExportMembersButton';
import { MemberRowActions } from '../components/members/MemberRowActions';
import { MemberStatusBadge } from '../components/members/MemberStatusBadge';
import {
  DEFAULT_PAGE_SIZE,
  filterKey,
  INACTIVITY_DAYS,
  type MemberSort,
  type MembersSearch,
  membersSearchSchema,
  nextSort,
  notSignedInSince,
  PAGE_SIZES,
  type PageSize,
  MEMBER_STATUSES as STATUSES,
} from '../components/members/member-list';
import { PageTitle } from '../components/PageTitle';
import { graphql } from '../graphql';
import { describeRequestError } from '../lib/errors';
import { formatDateTime, today } from '../lib/format';

export const Route = createFileRoute('/_auth/members')({
  validateSearch: membersSearchSchema,
  component: MembersPage,
});

const MembersQuery = graphql(`
  query Members(
    $organisationId: ID!
    $first: Int
    $after: String
    $search: String
    $status: MemberStatus
    $unitId: ID
    $groupId: ID
    $notSignedInSince: DateTime
    $sort: MemberSort
  ) {
    members(
      organisationId: $organisationId
      first: $first
      after: $after
      search: $search
      status: $status
      unitId: $unitId
      groupId: $groupId
      notSignedInSince: $notSignedInSince
      sort: $sort
    ) {
      totalCount
      edges {
        node {
          id
          status
          lastSignInAt
          person {
            firstName
            lastName
            email
          }
          units {
            id
            name
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

function MembersPage() {
  const { t } = useTranslation();
  const viewer = useViewer();
  const organisation = viewer.acting?.kind === 'ORGANISATION' ? viewer.acting.organisation : null;
  if (!organisation)
    return (
      <Stack gap="xl">
        <PageTitle>{t('members.title')}</PageTitle>
        <Text c="dimmed">{t('members.noOrganisation')}</Text>
      </Stack>
    );
  return <MembersOf organisationId={organisation.id} />;
}

function MembersOf({ organisationId }: { organisationId: string }) {
  const { t } = useTranslation();
  const search = Route.useSearch();
  const navigate = useNavigate({ from: Route.fullPath });
  const [text, setText] = useState(search.search ?? '');
  const [debounced] = useDebouncedValue(text, 300);
  const [attachOpened, attach] = useDisclosure(false);
  const [archiveOpened, archiveDialog] = useDisclosure(false);
  // Offered only when the server says the viewer may do it somewhere here (a group manager exports nothing).
  const may = new Set(useViewer().acting?.may ?? []);
  const canArchive = may.has('MEMBER_ARCHIVE');
  const canManageGroups = may.has('GROUP_MANAGE');
  const sizeId = useId();

  // A new filter (or order, or page size) starts from the first page: its cursors belong to another list.
  const setFilter = (patch: Partial<MembersSearch>) =>
    void navigate({ search: (prev) => ({ ...prev, ...patch, after: undefined }), replace: true });
  const setView = (patch: Partial<MembersSearch>) =>
    void navigate({ search: (prev) => ({ ...prev, ...patch, after: undefined }) });

  useEffect(() => {
    if ((debounced || undefined) !== search.search)
      void navigate({
        search: (prev) => ({ ...prev, search: debounced || undefined, after: undefined }),
        replace: true,
      });
  }, [debounced, search.search, navigate]);

  const { options: units } = useUnitChoices(organisationId);
  const { options: groups } = useGroupChoices(organisationId);

  const sort: MemberSort = search.sort ?? 'NAME';
  const size: PageSize = search.size ?? DEFAULT_PAGE_SIZE;
  const trail = search.after ?? [];
  // The day is part of the key: the preset means "since that many days before today", the same all day long.
  const day = today();
  const since = useMemo(
    () => (search.inactive ? notSignedInSince(search.inactive, new Date(`${day}T12:00:00`)) : null),
    [search.inactive, day],
  );

  const [result, reexecute] = useQuery({
    query: MembersQuery,
    variables: {
      organisationId,
      first: size,
      after: trail.at(-1) ?? null,
      search: search.search ?? null,
      status: search.status ?? null,
      unitId: search.unitId ?? null,
      groupId: search.groupId ?? null,
      notSignedInSince: since,
      sort,
    },
  });
  const page = result.data?.members;

  // The selection lives across pages of one list; another filter is another list, so it starts empty.
  const [selected, setSelected] = useState<Map<string, string>>(() => new Map());
  const listKey = filterKey(search);
  useEffect(() => {
    void listKey;
    setSelected(new Map());
  }, [listKey]);
  const rows = (page?.edges ?? []).map(({ node }) => node);
  const pageIds = rows.map((node) => node.id);
  const selectedOnPage = pageIds.filter((id) => selected.has(id)).length;
  const toggle = (id: string, name: string, on: boolean) =>
    setSelected((current) => {
      const next = new Map(current);
      if (on) next.set(id, name);
      else next.delete(id);
      return next;
    });
  const togglePage = (on: boolean) =>
    setSelected((current) => {
      const next = new Map(current);
      for (const node of rows)
        if (on) next.set(node.id, fullName(node.person));
        else next.delete(node.id);
      return next;
    });
  const selection: SelectedMember[] = [...selected].map(([id, name]) => ({ id, name }));

  const sortHeader = (column: 'name' | 'lastSignIn', label: string) => {
    const active = column === 'name' ? sort === 'NAME' : sort !== 'NAME';
    const direction = sort === 'LAST_SIGN_IN_DESC' ? 'descending' : 'ascending';
    const Icon = !active ? IconArrowsSort : direction === 'ascending' ? IconArrowUp : IconArrowDown;
    return (
      <Table.Th aria-sort={active ? direction : undefined}>
        <UnstyledButton
          onClick={() => {
            const next = nextSort(column, sort);
            setView({ sort: next === 'NAME' ? undefined : next });
          }}
          fw={700}
          fz="sm"
          style={{ display: 'inline-flex', alignItems: 'center', gap: 6 }}
        >
          {label}
          <Icon size={14} aria-hidden="true" style={{ opacity: active ? 1 : 0.45 }} />
        </UnstyledButton>
      </Table.Th>
    );
  };

  return (
    <Stack gap="xl">
      <Group justify="space-between" align="flex-end" wrap="wrap" gap="md">
        <div>
          <PageTitle>{t('members.title')}</PageTitle>
          <Text c="dimmed" mt={6}>
            {t('members.subtitle')}
          </Text>
        </div>
        <Group gap="sm">
          {may.has('MEMBER_EXPORT') && (
            <ExportMembersButton
              organisationId={organisationId}
              filter={{
                search: search.search,
                status: search.status,
                unitId: search.unitId,
                groupId: search.groupId,
              }}
            />
          )}
          {may.has('MEMBER_ATTACH') && (
            <Button
              variant="light"
              leftSection={<IconUserShare size={16} aria-hidden="true" />}
              onClick={attach.open}
            >
              {t('attachMember.open')}
            </Button>
          )}
          {may.has('MEMBER_CREATE') && (
            <Button
              component={Link}
              to="/members/new"
              leftSection={<IconUserPlus size={16} aria-hidden="true" />}
            >
              {t('createMember.open')}
            </Button>
          )}
        </Group>
      </Group>

      <Card p="md" component="section" aria-label={t('members.filters')}>
        <Group gap="md" align="flex-end" wrap="wrap">
          <TextInput
            label={t('members.search')}
            placeholder={t('members.searchPlaceholder')}
            leftSection={<IconSearch size={16} aria-hidden="true" />}
            value={text}
            onChange={(event) => setText(event.currentTarget.value)}
            w={280}
            maw="100%"
          />
          <Select
            label={t('members.statusFilter')}
            data={[
              { value: '', label: t('members.statusAny') },
              ...STATUSES.map((status) => ({ value: status, label: t(`members.status.${status}`) })),
            ]}
            value={search.status ?? ''}
            onChange={(value) =>
              setFilter({ status: (value || undefined) as (typeof STATUSES)[number] | undefined })
            }
            allowDeselect={false}
            w={200}
            maw="100%"
          />
          <Select
            label={t('members.inactiveFilter')}
            data={[
              { value: '', label: t('members.inactiveAny') },
              ...INACTIVITY_DAYS.map((days) => ({
                value: String(days),
                label: t('members.inactiveDays', { days }),
              })),
            ]}
            value={search.inactive ? String(search.inactive) : ''}
            onChange={(value) =>
              setFilter({ inactive: value ? (Number(value) as (typeof INACTIVITY_DAYS)[number]) : undefined })
            }
            allowDeselect={false}
            w={200}
            maw="100%"
          />
          {units.length > 0 && (
            <Select
              label={t('members.unitFilter')}
              placeholder={t('members.allUnits')}
              data={units}
              value={search.unitId ?? null}
              onChange={(value) => setFilter({ unitId: value ?? undefined })}
              clearable
              searchable
              w={240}
              maw="100%"
            />
          )}
          {groups.length > 0 && (
            <Select
              label={t('members.groupFilter')}
              placeholder={t('members.allGroups')}
              data={groups}
              value={search.groupId ?? null}
              onChange={(value) => setFilter({ groupId: value ?? undefined })}
              clearable
              searchable
              w={220}
              maw="100%"
            />
          )}
        </Group>
      </Card>

      {page && (
        <Group justify="space-between" align="center" wrap="wrap" gap="sm">
          <Text fw={600} aria-live="polite" data-testid="member-count">
            {page.totalCount == null ? '' : t('members.count', { count: page.totalCount })}
          </Text>
          <Group gap="xs" wrap="nowrap">
            <Text component="label" htmlFor={sizeId} fz="sm" c="dimmed">
              {t('members.pageSize')}
            </Text>
            <Select
              id={sizeId}
              data={PAGE_SIZES.map((value) => ({ value: String(value), label: String(value) }))}
              value={String(size)}
              onChange={(value) =>
                setView({
                  size:
                    value && Number(value) !== DEFAULT_PAGE_SIZE ? (Number(value) as PageSize) : undefined,
                })
              }
              allowDeselect={false}
              w={90}
            />
          </Group>
        </Group>
      )}

      {canArchive && selected.size > 0 && (
        <Card
          p="sm"
          withBorder
          component="section"
          aria-label={t('members.selected', { count: selected.size })}
        >
          <Group justify="space-between" wrap="wrap" gap="sm">
            <Text fz="sm" fw={600} aria-live="polite">
              {t('members.selected', { count: selected.size })}
            </Text>
            <Group gap="xs">
              <Button variant="subtle" onClick={() => setSelected(new Map())}>
                {t('members.clearSelection')}
              </Button>
              <Button leftSection={<IconArchive size={16} aria-hidden="true" />} onClick={archiveDialog.open}>
                {t('members.bulk.archive')}
              </Button>
            </Group>
          </Group>
        </Card>
      )}

      <ListState
        fetching={result.fetching}
        error={result.error}
        items={page?.edges}
        errorMessage={(error) =>
          error.graphQLErrors[0]?.extensions?.code === 'NOT_AUTHORISED'
            ? t('members.notAllowed')
            : describeRequestError(t, error)
        }
        empty={{
          icon: <IconUsers aria-hidden="true" />,
          title: t('members.empty'),
          description: t('members.emptyHelp'),
        }}
      >
        {() => (
          <>
            <Card p={0} component="section" aria-label={t('members.tableLabel')}>
              <Table.ScrollContainer minWidth={780 + (canArchive ? 40 : 0) + (canManageGroups ? 52 : 0)}>
                <Table
                  verticalSpacing="sm"
                  horizontalSpacing="md"
                  highlightOnHover
                  aria-label={t('members.tableLabel')}
                >
                  <Table.Thead>
                    <Table.Tr>
                      {canArchive && (
                        <Table.Th w={44}>
                          <Checkbox
                            aria-label={t('members.selectPage')}
                            checked={rows.length > 0 && selectedOnPage === rows.length}
                            indeterminate={selectedOnPage > 0 && selectedOnPage < rows.length}
                            onChange={(event) => togglePage(event.currentTarget.checked)}
                          />
                        </Table.Th>
                      )}
                      {sortHeader('name', t('members.name'))}
                      <Table.Th>{t('members.email')}</Table.Th>
                      <Table.Th>{t('members.units')}</Table.Th>
                      {sortHeader('lastSignIn', t('members.lastSignIn'))}
                      <Table.Th>{t('members.statusColumn')}</Table.Th>
                      {canManageGroups && (
                        <Table.Th w={52}>
                          <VisuallyHidden>{t('members.actionsColumn')}</VisuallyHidden>
                        </Table.Th>
                      )}
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {rows.map((node) => (
                      <MemberRow
                        key={node.id}
                        selected={selected.has(node.id)}
                        select={
                          canArchive ? (
                            <Checkbox
                              aria-label={t('members.selectMember', { name: fullName(node.person) })}
                              checked={selected.has(node.id)}
                              onChange={(event) =>
                                toggle(node.id, fullName(node.person), event.currentTarget.checked)
                              }
                            />
                          ) : null
                        }
                      >
                        <Table.Td>
                          <Anchor
                            renderRoot={(props) => (
                              <Link {...props} to="/members/$memberId" params={{ memberId: node.id }} />
                            )}
                            fw={600}
                            style={{ whiteSpace: 'nowrap' }}
                          >
                            {node.person.lastName} {node.person.firstName}
                          </Anchor>
                        </Table.Td>
                        <Table.Td>
                          <Text fz="sm">{node.person.email}</Text>
                        </Table.Td>
                        <Table.Td>
                          <Text fz="sm" c={node.units.length ? undefined : 'dimmed'}>
                            {node.units.length
                              ? node.units.map((unit) => unit.name).join(', ')
                              : t('members.noUnit')}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <Text
                            fz="sm"
                            c={node.lastSignInAt ? undefined : 'dimmed'}
                            style={{ whiteSpace: 'nowrap' }}
                          >
                            {node.lastSignInAt ? formatDateTime(node.lastSignInAt) : t('members.never')}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <MemberStatusBadge status={node.status} />
                        </Table.Td>
                        {canManageGroups && (
                          <Table.Td>
                            {node.status !== 'ARCHIVED' && (
                              <MemberRowActions
                                memberId={node.id}
                                name={fullName(node.person)}
                                organisationId={organisationId}
                              />
                            )}
                          </Table.Td>
                        )}
                      </MemberRow>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            </Card>
            <Pager
              page={trail.length + 1}
              hasNextPage={page?.pageInfo.hasNextPage ?? false}
              onPrevious={() =>
                void navigate({
                  search: (prev) => ({ ...prev, after: trail.length > 1 ? trail.slice(0, -1) : undefined }),
                })
              }
              onNext={() => {
                const end = page?.pageInfo.endCursor;
                if (end) void navigate({ search: (prev) => ({ ...prev, after: [...trail, end] }) });
              }}
            />
          </>
        )}
      </ListState>
      <AttachMemberDialog opened={attachOpened} onClose={attach.close} units={units} />
      {canArchive && (
        <BulkArchiveDialog
          members={selection}
          opened={archiveOpened}
          onClose={archiveDialog.close}
          onFinished={() => {
            archiveDialog.close();
            setSelected(new Map());
            reexecute({ requestPolicy: 'network-only' });
          }}
        />
      )}
    </Stack>
  );
}

function fullName(person: { firstName: string; lastName: string }): string {
  return `${person.firstName} ${person.lastName}`;
}

function MemberRow({
  selected,
  select,
  children,
}: {
  selected: boolean;
  select: ReactNode;
  children: ReactNode;
}) {
  return (
    <Table.Tr bg={selected ? 'var(--mantine-color-gray-0)' : undefined}>
      {select !== null && <Table.Td>{select}</Table.Td>}
      {children}
    </Table.Tr>
  );
}
