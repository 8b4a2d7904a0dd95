import { Alert, Badge, Box, Button, EmptyState, Group, Loader, Stack, Text } from '@mantine/core';
import { IconAlertCircle, IconClipboardList, IconSend, IconUserPlus } from '@tabler/icons-react';
import { createFileRoute } from '@tanstack/react-router';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery, useSubscription } from 'urql';
import { useViewer } from '../auth/use-viewer';
import { PageTitle } from '../components/PageTitle';
import { serviceLabel } from '../components/requests/format';
import { ButtonLink, CardLink } from '../components/requests/links';
import { RequestStatusBadge, RequestTypeBadge } from '../components/requests/RequestBadges';
import { graphql } from '../graphql';
import { describeRequestError } from '../lib/errors';
import { formatDateTime } from '../lib/format';

export const Route = createFileRoute('/_auth/my-requests')({
  component: MyRequestsPage,
});

const MyRequestsQuery = graphql(`
  query MyRequests($first: Int) {
    unreadDecisionCount
    myRequests(first: $first) {
      edges {
        node {
          id
          type
          state
          decision
          createdAt
          decidedAt
          decisionComment
          organisationName
          registryNumber
          unreadDecision
          serviceRole { name service { name } }
        }
      }
      pageInfo { hasNextPage }
    }
  }
`);

const MyRequestEventsSubscription = graphql(`
  subscription MyRequestEvents {
    myRequestEvents { kind request { id state } }
  }
`);

function MyRequestsPage() {
  const { t } = useTranslation();
  const viewer = useViewer();
  const [first, setFirst] = useState(50);
  const [result, reexecute] = useQuery({ query: MyRequestsQuery, variables: { first } });
  const onEvent = useCallback(
    (_previous: unknown, event: unknown) => {
      reexecute({ requestPolicy: 'network-only' });
      return event;
    },
    [reexecute],
  );
  useSubscription({ query: MyRequestEventsSubscription }, onEvent);
  const rows = result.data?.myRequests.edges.map((edge) => edge.node) ?? [];
  const acting = viewer.acting?.kind === 'ORGANISATION';

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <div>
          <PageTitle>{t('myRequests.title')}</PageTitle>
          <Text c="dimmed" mt={6}>
            {t('myRequests.subtitle')}
          </Text>
        </div>
        {acting ? (
          <ButtonLink to="/request-service" leftSection={<IconSend size={16} aria-hidden="true" />}>
            {t('myRequests.askService')}
          </ButtonLink>
        ) : (
          <ButtonLink to="/join" leftSection={<IconUserPlus size={16} aria-hidden="true" />}>
            {t('myRequests.join')}
          </ButtonLink>
        )}
      </Group>

      {result.data && result.data.unreadDecisionCount > 0 && (
        <Text fw={600} c="tessera.8" aria-live="polite" data-testid="unread-decisions">
          {t('myRequests.unreadCount', { count: result.data.unreadDecisionCount })}
        </Text>
      )}
      {result.error && (
        <Alert color="red" role="alert" icon={<IconAlertCircle aria-hidden="true" />}>
          {describeRequestError(t, result.error)}
        </Alert>
      )}
      {result.fetching && !result.data && <Loader aria-label={t('common.loading')} />}
      {result.data && rows.length === 0 && (
        <EmptyState
          variant="light"
          icon={<IconClipboardList aria-hidden="true" />}
          title={t('myRequests.empty')}
          py="xl"
        />
      )}
      {rows.length > 0 && (
        <Stack
          component="ul"
          gap="sm"
          p={0}
          m={0}
          style={{ listStyle: 'none' }}
          aria-label={t('myRequests.listLabel')}
        >
          {rows.map((row) => (
            <li key={row.id}>
              <CardLink
                to="/requests/$requestId"
                params={{ requestId: row.id }}
                className="shortcut-card"
                data-unread={row.unreadDecision || undefined}
                data-request-id={row.id}
                style={
                  row.unreadDecision
                    ? {
                        borderLeft: '4px solid var(--mantine-color-tessera-6)',
                        background: 'var(--mantine-color-tessera-0)',
                      }
                    : undefined
                }
              >
                <Group justify="space-between" wrap="nowrap" align="flex-start">
                  <Box miw={0}>
                    <Group gap="xs">
                      <RequestTypeBadge type={row.type} />
                      <Text fw={row.unreadDecision ? 700 : 600}>
                        {serviceLabel(row.serviceRole) ?? row.organisationName ?? row.registryNumber ?? '—'}
                      </Text>
                    </Group>
                    <Text fz="sm" c="dimmed" mt={4}>
                      {t('requests.submittedOn', { date: formatDateTime(row.createdAt) })}
                    </Text>
                    {row.decisionComment && (
                      <Text fz="sm" mt={4} lineClamp={2}>
                        « {row.decisionComment} »
                      </Text>
                    )}
                  </Box>
                  <Stack gap={6} align="flex-end" style={{ flexShrink: 0 }}>
                    <RequestStatusBadge state={row.state} decision={row.decision} />
                    {row.unreadDecision && (
                      <Badge color="tessera" variant="filled" size="sm" style={{ textTransform: 'none' }}>
                        {t('myRequests.unread')}
                      </Badge>
                    )}
                  </Stack>
                </Group>
              </CardLink>
            </li>
          ))}
        </Stack>
      )}
      {result.data?.myRequests.pageInfo.hasNextPage && (
        <Button
          variant="default"
          w="fit-content"
          onClick={() => setFirst((value) => Math.min(200, value + 50))}
        >
          {t('requests.loadMore')}
        </Button>
      )}
    </Stack>
  );
}
