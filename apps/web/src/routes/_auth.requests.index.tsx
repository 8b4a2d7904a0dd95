import {
  Alert,
  Box,
  Button,
  EmptyState,
  Group,
  Loader,
  SegmentedControl,
  Select,
  Stack,
  Tabs,
  Text,
  VisuallyHidden,
} from '@mantine/core';
import { IconAlertCircle, IconBroadcast, IconInbox } from '@tabler/icons-react';
import { createFileRoute } from '@tanstack/react-router';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery, useSubscription } from 'urql';
import { z } from 'zod';
import { useViewer } from '../auth/use-viewer';
import { PageTitle } from '../components/PageTitle';
import { DecisionModal, type DecisionTarget } from '../components/requests/DecisionModal';
import type { RequestStateValue, RequestTypeValue } from '../components/requests/RequestBadges';
import { RequestRowFields, RequestTable, UnitFilter } from '../components/requests/RequestTable';
import { graphql, type ResultOf } from '../graphql';
import { describeRequestError } from '../lib/errors';

const TYPES = ['ACCOUNT_CREATION', 'SERVICE_ACCESS', 'ROLE_CHANGE', 'ATTACHMENT'] as const;

const STATES = ['SUBMITTED', 'APPROVED', 'REFUSED', 'CANCELLED', 'CLOSED'] as const;

const PAGE = 50;

const searchSchema = z.object({
  view: z.enum(['pending', 'history']).optional(),
  type: z.enum(TYPES).optional(),
  unit: z.string().optional(),
  state: z.enum(STATES).optional(),
});

export const Route = createFileRoute('/_auth/requests/')({
  validateSearch: searchSchema,
  component: RequestsPage,
});

const PendingRequestsQuery = graphql(
  `
  query PendingRequests($organisationId: ID!, $type: RequestType, $unitId: ID, $first: Int) {
    pendingRequests(organisationId: $organisationId, type: $type, unitId: $unitId, first: $first) {
      edges { node { ...RequestRowFields } }
      pageInfo { hasNextPage }
    }
    requestCounts(organisationId: $organisationId, unitId: $unitId) { total byType { type count } }
  }
`,
  [RequestRowFields],
);

const RequestHistoryQuery = graphql(
  `
  query RequestHistory($organisationId: ID!, $type: RequestType, $state: RequestState, $unitId: ID, $first: Int) {
    requests(organisationId: $organisationId, type: $type, state: $state, unitId: $unitId, first: $first) {
      edges { node { ...RequestRowFields } }
      pageInfo { hasNextPage }
    }
  }
`,
  [RequestRowFields],
);

const RequestEventsSubscription = graphql(`
  subscription RequestEvents($organisationId: ID!) {
    requestEvents(organisationId: $organisationId) { kind request { id requesterName } }
  }
`);

function RequestsPage() {
  const { t } = useTranslation();
  const viewer = useViewer();
  const organisationId =
    viewer.acting?.kind === 'ORGANISATION' ? (viewer.acting.organisation?.id ?? null) : null;
  const search = Route.useSearch();
  const navigate = Route.useNavigate();
  const view = search.view ?? 'pending';
  const [announcement, setAnnouncement] = useState('');
  const [refresh, setRefresh] = useState(0);

  const onEvent = useCallback(
    (_previous: unknown, event: ResultOf<typeof RequestEventsSubscription>) => {
      if (event.requestEvents.kind === 'SUBMITTED')
        setAnnouncement(t('requests.liveAnnounce', { name: event.requestEvents.request.requesterName }));
      setRefresh((value) => value + 1);
      return event;
    },
    [t],
  );
  useSubscription(
    {
      query: RequestEventsSubscription,
      variables: { organisationId: organisationId ?? '' },
      pause: !organisationId,
    },
    onEvent,
  );

  if (!organisationId) {
    return (
      <Stack gap="xl">
        <PageTitle>{t('requests.title')}</PageTitle>
        <Alert color="blue" role="status">
          {t('requests.noOrganisation')}
        </Alert>
      </Stack>
    );
  }

  const setSearch = (patch: Partial<z.infer<typeof searchSchema>>) =>
    void navigate({ search: (previous) => ({ ...previous, ...patch }), replace: true });

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <div>
          <PageTitle documentTitle={t('requests.pageTitle')}>{t('requests.title')}</PageTitle>
          <Text c="dimmed" mt={6}>
            {t('requests.subtitle')}
          </Text>
        </div>
        <Group gap={8} wrap="nowrap" data-testid="live-indicator">
          <Box w={10} h={10} bg="teal.6" style={{ borderRadius: '50%' }} aria-hidden="true" />
          <IconBroadcast size={16} color="var(--mantine-color-teal-7)" aria-hidden="true" />
          <Text fz="sm" c="teal.9" fw={500}>
            {t('requests.live')}
          </Text>
        </Group>
      </Group>
      <VisuallyHidden role="status" aria-live="polite">
        {announcement}
      </VisuallyHidden>

      <Tabs
        value={view}
        onChange={(value) => setSearch({ view: value === 'history' ? 'history' : undefined })}
      >
        <Tabs.List aria-label={t('requests.tabs.label')}>
          <Tabs.Tab value="pending">{t('requests.tabs.pending')}</Tabs.Tab>
          <Tabs.Tab value="history">{t('requests.tabs.history')}</Tabs.Tab>
        </Tabs.List>
      </Tabs>

      {view === 'pending' ? (
        <PendingView
          organisationId={organisationId}
          search={search}
          setSearch={setSearch}
          refresh={refresh}
        />
      ) : (
        <HistoryView
          organisationId={organisationId}
          search={search}
          setSearch={setSearch}
          refresh={refresh}
        />
      )}
    </Stack>
  );
}

interface ViewProps {
  organisationId: string;
  search: z.infer<typeof searchSchema>;
  setSearch: (patch: Partial<z.infer<typeof searchSchema>>) => void;
  /** bumped by each live event: the view reloads from the server */
  refresh: number;
}

/** Reloads a list from the server each time a live event bumps `refresh`. */
function useRefetchOn(refresh: number, reexecute: (options: { requestPolicy: 'network-only' }) => void) {
  const latest = useRef(reexecute);
  latest.current = reexecute;
  useEffect(() => {
    if (refresh > 0) latest.current({ requestPolicy: 'network-only' });
  }, [refresh]);
}

function PendingView({ organisationId, search, setSearch, refresh }: ViewProps) {
  const { t } = useTranslation();
  const [first, setFirst] = useState(PAGE);
  const [deciding, setDeciding] = useState<DecisionTarget | null>(null);
  const [result, reexecute] = useQuery({
    query: PendingRequestsQuery,
    variables: { organisationId, type: search.type ?? null, unitId: search.unit ?? null, first },
  });
  useRefetchOn(refresh, reexecute);
  const counts = new Map(result.data?.requestCounts.byType.map((row) => [row.type, row.count]) ?? []);
  const rows = result.data?.pendingRequests.edges.map((edge) => edge.node) ?? [];
  const forbidden = result.error?.graphQLErrors.some((error) => error.extensions?.code === 'NOT_AUTHORISED');

  if (forbidden)
    return (
      <Alert color="blue" role="status">
        {t('requests.notAdmin')}
      </Alert>
    );

  const label = (type: string, text: string) => {
    const count = type === '' ? result.data?.requestCounts.total : counts.get(type as RequestTypeValue);
    return count === undefined ? text : `${text} (${count})`;
  };

  const typeOptions = [
    { value: '', label: label('', t('requests.filters.allTypes')) },
    ...TYPES.filter((type) => type !== 'ATTACHMENT').map((type) => ({
      value: type,
      label: label(type, t(`requests.type.${type}`)),
    })),
  ];

  return (
    <Stack gap="md">
      <Group align="flex-end" gap="md" wrap="wrap" role="group" aria-label={t('requests.filters.label')}>
        <Box visibleFrom="md">
          <Text component="span" fz="sm" fw={500} id="type-filter-label" display="block" mb={4}>
            {t('requests.filters.type')}
          </Text>
          <SegmentedControl
            aria-labelledby="type-filter-label"
            value={search.type ?? ''}
            onChange={(value) => setSearch({ type: (value || undefined) as RequestTypeValue | undefined })}
            data={typeOptions}
          />
        </Box>
        <Select
          hiddenFrom="md"
          label={t('requests.filters.type')}
          data={typeOptions}
          value={search.type ?? ''}
          onChange={(value) => setSearch({ type: (value || undefined) as RequestTypeValue | undefined })}
          allowDeselect={false}
          w="100%"
        />
        <UnitFilter
          organisationId={organisationId}
          value={search.unit}
          onChange={(unit) => setSearch({ unit })}
        />
      </Group>

      {result.data && (
        <Text fw={600} aria-live="polite" data-testid="pending-count">
          {t('requests.pendingCount', {
            count: search.type ? (counts.get(search.type) ?? 0) : result.data.requestCounts.total,
          })}
        </Text>
      )}
      {result.error && !forbidden && (
        <Alert color="red" role="alert" icon={<IconAlertCircle aria-hidden="true" />}>
          {describeRequestError(t, result.error)}
        </Alert>
      )}
      {result.fetching && !result.data && <Loader aria-label={t('common.loading')} />}
      {result.data && rows.length === 0 && (
        <EmptyState
          variant="light"
          icon={<IconInbox aria-hidden="true" />}
          title={t('requests.empty')}
          description={t('requests.emptyHelp')}
          py="xl"
        />
      )}
      {rows.length > 0 && <RequestTable rows={rows} label={t('requests.listLabel')} onDecide={setDeciding} />}
      {result.data?.pendingRequests.pageInfo.hasNextPage && (
        <Button
          variant="default"
          onClick={() => setFirst((value) => Math.min(200, value + PAGE))}
          w="fit-content"
        >
          {t('requests.loadMore')}
        </Button>
      )}
      <DecisionModal
        request={deciding}
        onClose={() => setDeciding(null)}
        onDecided={() => reexecute({ requestPolicy: 'network-only' })}
      />
    </Stack>
  );
}

function HistoryView({ organisationId, search, setSearch, refresh }: ViewProps) {
  const { t } = useTranslation();
  const [first, setFirst] = useState(PAGE);
  const [result, reexecute] = useQuery({
    query: RequestHistoryQuery,
    variables: {
      organisationId,
      type: search.type ?? null,
      state: search.state ?? null,
      unitId: search.unit ?? null,
      first,
    },
  });
  useRefetchOn(refresh, reexecute);
  const rows = result.data?.requests.edges.map((edge) => edge.node) ?? [];
  const forbidden = result.error?.graphQLErrors.some((error) => error.extensions?.code === 'NOT_AUTHORISED');
  if (forbidden)
    return (
      <Alert color="blue" role="status">
        {t('requests.notAdmin')}
      </Alert>
    );
  return (
    <Stack gap="md">
      <Group align="flex-end" gap="md" wrap="wrap" role="group" aria-label={t('requests.filters.label')}>
        <Select
          label={t('requests.filters.type')}
          data={[
            { value: '', label: t('requests.filters.allTypes') },
            ...TYPES.map((type) => ({ value: type, label: t(`requests.type.${type}`) })),
          ]}
          value={search.type ?? ''}
          onChange={(value) => setSearch({ type: (value || undefined) as RequestTypeValue | undefined })}
          allowDeselect={false}
          w={{ base: '100%', sm: 220 }}
        />
        <Select
          label={t('requests.filters.state')}
          data={[
            { value: '', label: t('requests.filters.allStates') },
            ...STATES.map((state) => ({ value: state, label: t(`requests.state.${state}`) })),
          ]}
          value={search.state ?? ''}
          onChange={(value) => setSearch({ state: (value || undefined) as RequestStateValue | undefined })}
          allowDeselect={false}
          w={{ base: '100%', sm: 200 }}
        />
        <UnitFilter
          organisationId={organisationId}
          value={search.unit}
          onChange={(unit) => setSearch({ unit })}
        />
      </Group>
      {result.error && (
        <Alert color="red" role="alert" icon={<IconAlertCircle aria-hidden="true" />}>
          {describeRequestError(t, result.error)}
        </Alert>
      )}
      {result.fetching && !result.data && <Loader aria-label={t('common.loading')} />}
      {result.data && rows.length === 0 && (
        <EmptyState
          variant="light"
          icon={<IconInbox aria-hidden="true" />}
          title={t('requests.emptyHistory')}
          py="xl"
        />
      )}
      {rows.length > 0 && <RequestTable rows={rows} label={t('requests.historyLabel')} />}
      {result.data?.requests.pageInfo.hasNextPage && (
        <Button
          variant="default"
          onClick={() => setFirst((value) => Math.min(200, value + PAGE))}
          w="fit-content"
        >
          {t('requests.loadMore')}
        </Button>
      )}
    </Stack>
  );
}
