import { Anchor, Button, Card, Group, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import { IconSearch, IconUserPlus, IconUserShare, IconUsers } from '@tabler/icons-react';
import { createFileRoute, Link, useNavigate } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { z } from 'zod';
import { useViewer } from '../auth/use-viewer';
import { useGroupChoices, useUnitChoices } from '../components/data/choices';
import { ListState } from '../components/data/ListState';
import { PagedTable } from '../components/data/PagedTable';
import { useCursorPager } from '../components/data/Pager';
import { AttachMemberDialog } from '../components/members/AttachMemberDialog';
import { ExportMembersButton } from '../components/members/ExportMembersButton';
import { MemberStatusBadge } from '../components/members/MemberStatusBadge';
import { PageTitle } from '../components/PageTitle';
import { graphql } from '../graphql';
import { describeRequestError } from '../lib/errors';

const STATUSES = ['ACTIVE', 'BLOCKED', 'ARCHIVED'] as const;
const PAGE_SIZE = 25;

export const Route = createFileRoute('/_auth/members')({
  validateSearch: z.object({
    search: z.string().optional().catch(undefined),
    status: z.enum(STATUSES).optional().catch(undefined),
    unitId: z.string().optional().catch(undefined),
    groupId: z.string().optional().catch(undefined),
  }),
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
  ) {
    members(
      organisationId: $organisationId
      first: $first
      after: $after
      search: $search
      status: $status
      unitId: $unitId
      groupId: $groupId
    ) {
      edges {
        node {
          id
          status
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
  // Offered only when the server says the viewer may do it somewhere here (a group manager exports nothing).
  const may = new Set(useViewer().acting?.may ?? []);

  useEffect(() => {
    if ((debounced || undefined) !== search.search)
      void navigate({ search: (prev) => ({ ...prev, search: debounced || undefined }), replace: true });
  }, [debounced, search.search, navigate]);
  // A new filter starts from the first page.
  const pager = useCursorPager(JSON.stringify(search));

  const { options: units } = useUnitChoices(organisationId);
  const { options: groups } = useGroupChoices(organisationId);

  const [result] = useQuery({
    query: MembersQuery,
    variables: {
      organisationId,
      first: PAGE_SIZE,
      after: pager.after,
      search: search.search ?? null,
      status: search.status ?? null,
      unitId: search.unitId ?? null,
      groupId: search.groupId ?? null,
    },
  });
  const page = result.data?.members;
  const setFilter = (patch: Partial<typeof search>) =>
    void navigate({ search: (prev) => ({ ...prev, ...patch }), replace: true });

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
            />
          )}
        </Group>
      </Card>

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
        {(edges) => (
          <PagedTable
            label={t('members.tableLabel')}
            labelled="section"
            minWidth={640}
            highlightOnHover
            head={
              <>
                <Table.Th>{t('members.name')}</Table.Th>
                <Table.Th>{t('members.email')}</Table.Th>
                <Table.Th>{t('members.units')}</Table.Th>
                <Table.Th>{t('members.statusColumn')}</Table.Th>
              </>
            }
            pager={{
              page: pager.page,
              hasNextPage: page?.pageInfo.hasNextPage ?? false,
              onPrevious: pager.previous,
              onNext: () => pager.next(page?.pageInfo.endCursor),
            }}
          >
            {edges.map(({ node }) => (
              <Table.Tr key={node.id}>
                <Table.Td>
                  <Anchor
                    renderRoot={(props) => (
                      <Link {...props} to="/members/$memberId" params={{ memberId: node.id }} />
                    )}
                    fw={600}
                  >
                    {node.person.lastName} {node.person.firstName}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <Text fz="sm">{node.person.email}</Text>
                </Table.Td>
                <Table.Td>
                  <Text fz="sm" c={node.units.length ? undefined : 'dimmed'}>
                    {node.units.length ? node.units.map((unit) => unit.name).join(', ') : t('members.noUnit')}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <MemberStatusBadge status={node.status} />
                </Table.Td>
              </Table.Tr>
            ))}
          </PagedTable>
        )}
      </ListState>
      <AttachMemberDialog opened={attachOpened} onClose={attach.close} units={units} />
    </Stack>
  );
}
