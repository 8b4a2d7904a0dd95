import { Badge, Button, Card, Code, Group, SimpleGrid, Stack, Table, Text, TextInput } from '@mantine/core';
import { IconFilter, IconHistory } from '@tabler/icons-react';
import { createFileRoute } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { useViewer } from '../auth/use-viewer';

import { ListState } from '../components/data/ListState';
import { PagedTable } from '../components/data/PagedTable';
import { useCursorPager } from '../components/data/Pager';
import { PageTitle } from '../components/PageTitle';
import { graphql, type ResultOf } from '../graphql';
import { formatDateTime } from '../lib/format';

const PAGE_SIZE = 25;

export const Route = createFileRoute('/_auth/audit-log')({
  component: AuditLogPage,
});

const AuditQuery = graphql(`
  query AuditLog($organisationId: ID, $first: Int!, $after: String, $action: String, $from: DateTime, $to: DateTime) {
    auditEvents(organisationId: $organisationId, first: $first, after: $after, action: $action, from: $from, to: $to) {
      edges {
        node { id at action actingAs actorName targetType before after organisation { id name } }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

type AuditEvent = ResultOf<typeof AuditQuery>['auditEvents']['edges'][number]['node'];
interface Filters {
  action: string;
  from: string;
  to: string;
}

const EMPTY: Filters = { action: '', from: '', to: '' };

function AuditLogPage() {
  const { t } = useTranslation();
  const viewer = useViewer();
  const isOperator = viewer.acting?.kind === 'OPERATOR';
  const organisationId = viewer.acting?.organisation?.id ?? null;
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const pager = useCursorPager(JSON.stringify(filters));
  const [result] = useQuery({
    query: AuditQuery,
    variables: {
      organisationId: isOperator ? null : organisationId,
      first: PAGE_SIZE,
      after: pager.after,
      action: filters.action.trim() || null,
      from: filters.from ? new Date(`${filters.from}T00:00:00`).toISOString() : null,
      to: filters.to ? new Date(`${filters.to}T00:00:00`).toISOString() : null,
    },
  });
  const events = result.data?.auditEvents.edges.map((edge) => edge.node) ?? [];
  const apply = (event: FormEvent) => {
    event.preventDefault();
    setFilters(draft);
  };

  return (
    <Stack gap="xl">
      <div>
        <PageTitle>{t('auditLog.title')}</PageTitle>
        <Text c="dimmed" mt={6}>
          {isOperator ? t('auditLog.subtitleOperator') : t('auditLog.subtitle')}
        </Text>
      </div>
      <Card component="form" onSubmit={apply} aria-label={t('auditLog.filters')}>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput
            label={t('auditLog.action')}
            placeholder={t('auditLog.actionPlaceholder')}
            value={draft.action}
            onChange={(event) => setDraft({ ...draft, action: event.currentTarget.value })}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          />
          <TextInput
            type="date"
            label={t('auditLog.from')}
            value={draft.from}
            onChange={(event) => setDraft({ ...draft, from: event.currentTarget.value })}
          />
          <TextInput
            type="date"
            label={t('auditLog.to')}
            value={draft.to}
            onChange={(event) => setDraft({ ...draft, to: event.currentTarget.value })}
          />
        </SimpleGrid>
        <Group mt="md">
          <Button type="submit" leftSection={<IconFilter size={16} aria-hidden="true" />}>
            {t('auditLog.apply')}
          </Button>
          <Button
            variant="default"
            onClick={() => {
              setDraft(EMPTY);
              setFilters(EMPTY);
            }}
          >
            {t('auditLog.reset')}
          </Button>
        </Group>
      </Card>
      <ListState
        fetching={result.fetching}
        error={result.error}
        items={result.data ? events : undefined}
        empty={{ icon: <IconHistory aria-hidden="true" />, title: t('auditLog.empty') }}
      >
        {(items) => (
          <PagedTable
            label={t('auditLog.listLabel')}
            minWidth={720}
            head={
              <>
                <Table.Th>{t('auditLog.at')}</Table.Th>
                <Table.Th>{t('auditLog.actor')}</Table.Th>
                <Table.Th>{t('auditLog.action')}</Table.Th>
                <Table.Th>{t('auditLog.target')}</Table.Th>
                {isOperator && <Table.Th>{t('auditLog.organisation')}</Table.Th>}
                <Table.Th>{t('auditLog.details')}</Table.Th>
              </>
            }
            pager={{
              page: pager.page,
              hasNextPage: result.data?.auditEvents.pageInfo.hasNextPage ?? false,
              onPrevious: pager.previous,
              onNext: () => pager.next(result.data?.auditEvents.pageInfo.endCursor),
            }}
          >
            {items.map((event) => (
              <AuditRow key={event.id} event={event} showOrganisation={isOperator} />
            ))}
          </PagedTable>
        )}
      </ListState>
    </Stack>
  );
}

function pretty(json: string | null): string {
  if (!json) return '—';
  try {
    return JSON.stringify(JSON.parse(json), null, 2);
  } catch {
    return json;
  }
}

function AuditRow({ event, showOrganisation }: { event: AuditEvent; showOrganisation: boolean }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const detailsId = `audit-details-${event.id}`;
  const hasDetails = Boolean(event.before || event.after);
  return (
    <>
      <Table.Tr>
        <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(event.at)}</Table.Td>
        <Table.Td>
          <Text fz="sm">{event.actorName ?? t('auditLog.system')}</Text>
          <Badge size="xs" variant="light" color={event.actingAs === 'OPERATOR' ? 'orange' : 'gray'}>
            {t(`actingAs.${event.actingAs}`)}
          </Badge>
        </Table.Td>
        <Table.Td>
          <Text fz="sm" ff="monospace">
            {event.action}
          </Text>
        </Table.Td>
        <Table.Td>
          <Text fz="sm">{event.targetType}</Text>
        </Table.Td>
        {showOrganisation && <Table.Td>{event.organisation?.name ?? '—'}</Table.Td>}
        <Table.Td>
          {hasDetails && (
            <Button
              variant="subtle"
              size="xs"
              onClick={() => setOpen((o) => !o)}
              aria-expanded={open}
              aria-controls={detailsId}
            >
              {t('auditLog.showDetails')}
            </Button>
          )}
        </Table.Td>
      </Table.Tr>
      {hasDetails && (
        <Table.Tr id={detailsId} hidden={!open}>
          <Table.Td colSpan={showOrganisation ? 6 : 5}>
            <SimpleGrid cols={{ base: 1, md: 2 }}>
              <div>
                <Text fz="xs" fw={700} c="dimmed" tt="uppercase">
                  {t('auditLog.before')}
                </Text>
                <Code block>{pretty(event.before)}</Code>
              </div>
              <div>
                <Text fz="xs" fw={700} c="dimmed" tt="uppercase">
                  {t('auditLog.after')}
                </Text>
                <Code block>{pretty(event.after)}</Code>
              </div>
            </SimpleGrid>
          </Table.Td>
        </Table.Tr>
      )}
    </>
  );
}
