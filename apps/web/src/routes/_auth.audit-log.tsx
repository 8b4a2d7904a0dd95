import { Button, Card, Group, Select, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconFilterOff, IconHistory } from '@tabler/icons-react';
import { createFileRoute, useNavigate } from '@tanstack/react-router';
import { AUDIT_FAMILIES } from '@tessera/domain';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { z } from 'zod';
import { useViewer } from '../auth/use-viewer';
import { AuditEntry } from '../components/audit/AuditEntry';
import { AuditMemberFilter } from '../components/audit/AuditMemberFilter';
import { DayInput } from '../components/DayInput';
import { ListState } from '../components/data/ListState';
import { Pager } from '../components/data/Pager';
import { PageTitle } from '../components/PageTitle';
import { graphql } from '../graphql';
import { currentLanguage } from '../i18n';

const PAGE_SIZE = 25;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** Families of the operator's own work (jobs, the catalogue): no organisation's log holds them. */
const OPERATOR_FAMILIES = new Set(['job', 'service', 'service-role']);

const day = z.string().regex(DAY).optional().catch(undefined);

export const Route = createFileRoute('/_auth/audit-log')({
  // Every filter and the page (the cursors of the pages before it) live in the address: reload and back restore them.
  validateSearch: z.object({
    member: z.string().max(200).optional().catch(undefined),
    family: z
      .string()
      .refine((value) => AUDIT_FAMILIES.includes(value))
      .optional()
      .catch(undefined),
    from: day,
    to: day,
    pages: z.array(z.string().max(500)).max(100).optional().catch(undefined),
  }),
  component: AuditLogPage,
});

const AuditQuery = graphql(`
  query AuditLog(
    $organisationId: ID
    $first: Int!
    $after: String
    $family: String
    $memberId: ID
    $from: DateTime
    $to: DateTime
  ) {
    auditEvents(
      organisationId: $organisationId
      first: $first
      after: $after
      family: $family
      memberId: $memberId
      from: $from
      to: $to
    ) {
      edges {
        node {
          id
          at
          action
          actingAs
          actorName
          onBehalfOfName
          targetType
          targetName
          details { field kind before after }
          organisation { id name }
        }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

/** The instant a calendar day starts in the reader's time zone; `next` gives the start of the day after. */
function dayStart(value: string, next = false): string {
  const [year = 0, month = 1, date = 1] = value.split('-').map(Number);
  return new Date(year, month - 1, date + (next ? 1 : 0)).toISOString();
}

function AuditLogPage() {
  const { t } = useTranslation();
  const viewer = useViewer();
  const search = Route.useSearch();
  const navigate = useNavigate({ from: Route.fullPath });
  const isOperator = viewer.acting?.kind === 'OPERATOR';
  const organisationId = viewer.acting?.organisation?.id ?? null;
  const language = currentLanguage();
  const pages = search.pages ?? [];
  const periodInvalid = Boolean(search.from && search.to && search.to < search.from);

  const [result] = useQuery({
    query: AuditQuery,
    variables: {
      organisationId: isOperator ? null : organisationId,
      first: PAGE_SIZE,
      after: pages.at(-1) ?? null,
      family: search.family ?? null,
      memberId: isOperator ? null : (search.member ?? null),
      from: search.from ? dayStart(search.from) : null,
      // The "to" day is included: the period ends when the next day starts.
      to: search.to ? dayStart(search.to, true) : null,
    },
    pause: periodInvalid,
  });
  const events = result.data?.auditEvents.edges.map((edge) => edge.node);
  const filtered = Boolean(search.member || search.family || search.from || search.to);

  /** A new filter starts again from the first page; each change is a step of the history (back undoes it). */
  const setFilter = (patch: Partial<Omit<typeof search, 'pages'>>) =>
    void navigate({ search: (prev) => ({ ...prev, ...patch, pages: undefined }) });

  const families = AUDIT_FAMILIES.filter((family) => isOperator || !OPERATOR_FAMILIES.has(family)).map(
    (family) => ({ value: family, label: t(`auditFamily.${family}` as 'auditFamily.member') }),
  );

  return (
    <Stack gap="xl">
      <div>
        <PageTitle>{t('auditLog.title')}</PageTitle>
        <Text c="dimmed" mt={6}>
          {isOperator ? t('auditLog.subtitleOperator') : t('auditLog.subtitle')}
        </Text>
      </div>
      <Card
        component="form"
        role="search"
        aria-label={t('auditLog.filters')}
        onSubmit={(event) => event.preventDefault()}
      >
        <SimpleGrid cols={{ base: 1, sm: 2, lg: isOperator ? 2 : 3 }}>
          {!isOperator && organisationId && (
            <AuditMemberFilter
              organisationId={organisationId}
              value={search.member ?? null}
              onChange={(member) => setFilter({ member: member ?? undefined })}
            />
          )}
          <Select
            label={t('auditLog.family')}
            placeholder={t('auditLog.familyPlaceholder')}
            data={families}
            value={search.family ?? null}
            onChange={(family) => setFilter({ family: family ?? undefined })}
            clearable
            allowDeselect
          />
          <SimpleGrid cols={2} spacing="sm">
            <DayInput
              label={t('auditLog.from')}
              value={search.from ?? ''}
              max={search.to}
              onChange={(day) => setFilter({ from: day || undefined })}
            />
            <DayInput
              label={t('auditLog.to')}
              value={search.to ?? ''}
              min={search.from}
              error={periodInvalid ? t('auditLog.toBeforeFrom') : undefined}
              onChange={(day) => setFilter({ to: day || undefined })}
            />
          </SimpleGrid>
        </SimpleGrid>
        {filtered && (
          <Group mt="md">
            <Button
              variant="default"
              leftSection={<IconFilterOff size={16} aria-hidden="true" />}
              onClick={() => void navigate({ search: {} })}
            >
              {t('auditLog.reset')}
            </Button>
          </Group>
        )}
      </Card>
      <Stack component="section" aria-labelledby="audit-events-heading" gap="md">
        <Group justify="space-between" align="baseline" wrap="wrap" gap="xs">
          <Title order={2} id="audit-events-heading" fz="h3">
            {t('auditLog.eventsHeading')}
          </Title>
          {events && (
            <Text c="dimmed" fz="sm" aria-live="polite">
              {t('auditLog.count', { count: events.length })}
            </Text>
          )}
        </Group>
        <ListState
          fetching={result.fetching}
          error={result.error}
          items={periodInvalid ? [] : events}
          empty={{
            icon: <IconHistory aria-hidden="true" />,
            title: filtered ? t('auditLog.emptyFiltered') : t('auditLog.empty'),
          }}
        >
          {(items) => (
            <Stack
              component="ol"
              gap="sm"
              aria-label={t('auditLog.listLabel')}
              style={{ listStyle: 'none', margin: 0, padding: 0 }}
            >
              {items.map((event) => (
                <AuditEntry key={event.id} event={event} language={language} showOrganisation={isOperator} />
              ))}
            </Stack>
          )}
        </ListState>
        <Pager
          page={pages.length + 1}
          hasNextPage={result.data?.auditEvents.pageInfo.hasNextPage ?? false}
          onPrevious={() =>
            void navigate({
              search: (prev) => ({ ...prev, pages: pages.length > 1 ? pages.slice(0, -1) : undefined }),
            })
          }
          onNext={() => {
            const cursor = result.data?.auditEvents.pageInfo.endCursor;
            if (cursor) void navigate({ search: (prev) => ({ ...prev, pages: [...pages, cursor] }) });
          }}
        />
      </Stack>
    </Stack>
  );
}
