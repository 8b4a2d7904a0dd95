import { Button, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCircleCheck, IconRefresh } from '@tabler/icons-react';
import { createFileRoute } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';

import { ListState } from '../components/data/ListState';
import { PagedTable } from '../components/data/PagedTable';
import { useCursorPager } from '../components/data/Pager';
import { PageTitle } from '../components/PageTitle';
import { graphql, type ResultOf } from '../graphql';
import { describeRequestError } from '../lib/errors';
import { formatDateTime } from '../lib/format';
import { MutationError, readOutcome } from '../lib/mutation';

const PAGE_SIZE = 25;

export const Route = createFileRoute('/_auth/jobs')({
  component: FailedJobsPage,
});

const FailedJobsQuery = graphql(`
  query FailedJobs($first: Int!, $after: String) {
    failedJobs(first: $first, after: $after) {
      edges { node { id queue attempts lastError failedAt } }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

const RetryJobMutation = graphql(
  `
  mutation RetryJob($input: RetryJobInput!) {
    retryJob(input: $input) {
      __typename
      ...MutationError
      ... on MutationRetryJobSuccess { data { id } }
    }
  }
`,
  [MutationError],
);

type FailedJob = ResultOf<typeof FailedJobsQuery>['failedJobs']['edges'][number]['node'];

/** The operator's list of background jobs that failed their last attempt, each with a Retry button. */
function FailedJobsPage() {
  const { t } = useTranslation();
  const pager = useCursorPager('failed-jobs');
  const [result, reload] = useQuery({
    query: FailedJobsQuery,
    variables: { first: PAGE_SIZE, after: pager.after },
    requestPolicy: 'cache-and-network',
  });
  const jobs = result.data?.failedJobs.edges.map((edge) => edge.node) ?? [];

  return (
    <Stack gap="xl">
      <div>
        <PageTitle>{t('jobs.title')}</PageTitle>
        <Text c="dimmed" mt={6}>
          {t('jobs.subtitle')}
        </Text>
      </div>
      <ListState
        fetching={result.fetching}
        error={result.error}
        items={result.data ? jobs : undefined}
        empty={{ icon: <IconCircleCheck aria-hidden="true" />, title: t('jobs.empty') }}
      >
        {(items) => (
          <PagedTable
            label={t('jobs.listLabel')}
            minWidth={720}
            head={
              <>
                <Table.Th>{t('jobs.queue')}</Table.Th>
                <Table.Th>{t('jobs.attempts')}</Table.Th>
                <Table.Th>{t('jobs.lastError')}</Table.Th>
                <Table.Th>{t('jobs.failedAt')}</Table.Th>
                <Table.Th />
              </>
            }
            pager={{
              page: pager.page,
              hasNextPage: result.data?.failedJobs.pageInfo.hasNextPage ?? false,
              onPrevious: pager.previous,
              onNext: () => pager.next(result.data?.failedJobs.pageInfo.endCursor),
            }}
          >
            {items.map((job) => (
              <FailedJobRow
                key={job.id}
                job={job}
                onRetried={() => reload({ requestPolicy: 'network-only' })}
              />
            ))}
          </PagedTable>
        )}
      </ListState>
    </Stack>
  );
}

function FailedJobRow({ job, onRetried }: { job: FailedJob; onRetried: () => void }) {
  const { t } = useTranslation();
  const [, retry] = useMutation(RetryJobMutation);
  const [pending, setPending] = useState(false);
  const failedAt = formatDateTime(job.failedAt);

  const run = async () => {
    setPending(true);
    try {
      const result = await retry({ input: { id: job.id } });
      if (result.error) {
        notifications.show({ color: 'red', message: describeRequestError(t, result.error) });
        return;
      }
      const outcome = readOutcome(t, result.data?.retryJob);
      if (!outcome.ok) {
        notifications.show({ color: 'red', message: outcome.message });
        return;
      }
      notifications.show({ color: 'teal', message: t('jobs.retried') });
      onRetried();
    } finally {
      setPending(false);
    }
  };

  return (
    <Table.Tr>
      <Table.Td>
        <Text fz="sm" ff="monospace">
          {job.queue}
        </Text>
      </Table.Td>
      <Table.Td>{job.attempts}</Table.Td>
      <Table.Td>
        <Text fz="sm" style={{ overflowWrap: 'anywhere' }}>
          {job.lastError ?? t('jobs.noMessage')}
        </Text>
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>{failedAt}</Table.Td>
      <Table.Td>
        <Button
          size="xs"
          variant="light"
          loading={pending}
          leftSection={<IconRefresh size={14} aria-hidden="true" />}
          onClick={run}
          aria-label={t('jobs.retryLabel', { queue: job.queue, at: failedAt })}
        >
          {t('jobs.retry')}
        </Button>
      </Table.Td>
    </Table.Tr>
  );
}
