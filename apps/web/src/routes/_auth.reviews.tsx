import { Button, Card, Group, Progress, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconChecklist } from '@tabler/icons-react';
import { createFileRoute, useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { useViewer } from '../auth/use-viewer';
import { AnchorLink } from '../components/admin/AnchorLink';
import { useUnitChoices } from '../components/data/choices';
import { ListState } from '../components/data/ListState';
import { PagedTable } from '../components/data/PagedTable';
import { useCursorPager } from '../components/data/Pager';
import { PageTitle } from '../components/PageTitle';
import { graphql } from '../graphql';
import { describeRequestError } from '../lib/errors';
import { formatDay } from '../lib/format';
import { MutationError, readOutcome } from '../lib/mutation';

const PAGE_SIZE = 25;

export const Route = createFileRoute('/_auth/reviews')({ component: ReviewCampaignsPage });

const ReviewCampaignsQuery = graphql(`
  query ReviewCampaigns($organisationId: ID!, $first: Int!, $after: String) {
    reviewCampaigns(organisationId: $organisationId, first: $first, after: $after) {
      edges { node { id name state dueAt unit { id name } progress { overall { total decided } } } }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

const StartReviewCampaignMutation = graphql(
  `
  mutation StartReviewCampaign($input: StartReviewCampaignInput!) {
    startReviewCampaign(input: $input) {
      __typename
      ...MutationError
      ... on MutationStartReviewCampaignSuccess { data { id itemCount } }
    }
  }
`,
  [MutationError],
);

/** The campaigns the viewer administers, with their progress, and the form that starts one (guide 003). */
function ReviewCampaignsPage() {
  const { t } = useTranslation();
  const organisationId = useViewer().acting?.organisation?.id ?? '';
  const pager = useCursorPager(`reviews:${organisationId}`);
  const [result, reload] = useQuery({
    query: ReviewCampaignsQuery,
    variables: { organisationId, first: PAGE_SIZE, after: pager.after },
    pause: !organisationId,
    requestPolicy: 'cache-and-network',
  });
  const campaigns = result.data?.reviewCampaigns.edges.map((edge) => edge.node);
  return (
    <Stack gap="xl">
      <div>
        <PageTitle>{t('reviews.title')}</PageTitle>
        <Text c="dimmed" mt={6}>
          {t('reviews.subtitle')}
        </Text>
      </div>
      <StartCampaignForm
        organisationId={organisationId}
        onStarted={() => reload({ requestPolicy: 'network-only' })}
      />
      <ListState
        fetching={result.fetching}
        error={result.error}
        items={campaigns}
        empty={{ icon: <IconChecklist aria-hidden="true" />, title: t('reviews.empty') }}
      >
        {(items) => (
          <PagedTable
            label={t('reviews.campaignsLabel')}
            minWidth={640}
            head={
              <>
                <Table.Th>{t('reviews.name')}</Table.Th>
                <Table.Th>{t('reviews.scope')}</Table.Th>
                <Table.Th>{t('reviews.dueAt')}</Table.Th>
                <Table.Th>{t('reviews.overall')}</Table.Th>
              </>
            }
            pager={{
              page: pager.page,
              hasNextPage: result.data?.reviewCampaigns.pageInfo.hasNextPage ?? false,
              onPrevious: pager.previous,
              onNext: () => pager.next(result.data?.reviewCampaigns.pageInfo.endCursor),
            }}
          >
            {items.map((campaign) => {
              const overall = campaign.progress?.overall ?? { total: 0, decided: 0 };
              return (
                <Table.Tr key={campaign.id}>
                  <Table.Td>
                    <AnchorLink
                      to="/reviews/$campaignId"
                      params={{ campaignId: campaign.id }}
                      aria-label={t('reviews.openLabel', { name: campaign.name })}
                    >
                      {campaign.name}
                    </AnchorLink>
                    <Text fz="xs" c="dimmed">
                      {t(`reviews.state.${campaign.state}`)}
                    </Text>
                  </Table.Td>
                  <Table.Td>{campaign.unit?.name ?? t('reviews.wholeOrganisation')}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDay(campaign.dueAt)}</Table.Td>
                  <Table.Td miw={160}>
                    <Text fz="sm">{t('reviews.progressLabel', overall)}</Text>
                    <Progress
                      value={overall.total ? (100 * overall.decided) / overall.total : 0}
                      aria-hidden="true"
                      mt={4}
                    />
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </PagedTable>
        )}
      </ListState>
    </Stack>
  );
}

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

function StartCampaignForm({ organisationId, onStarted }: { organisationId: string; onStarted: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const units = useUnitChoices(organisationId);
  const [, start] = useMutation(StartReviewCampaignMutation);
  const [name, setName] = useState('');
  const [unitId, setUnitId] = useState<string | null>(null);
  const [due, setDue] = useState(inDays(30));
  const [defaultDecision, setDefault] = useState<'KEEP' | 'REVOKE'>('KEEP');
  const [recurrence, setRecurrence] = useState<'NONE' | 'YEARLY'>('NONE');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [pending, setPending] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setPending(true);
    setErrors({});
    try {
      const result = await start({
        input: {
          organisationId,
          unitId,
          name,
          dueAt: new Date(`${due}T17:00:00Z`).toISOString(),
          defaultDecision,
          recurrence,
        },
      });
      if (result.error) {
        notifications.show({ color: 'red', message: describeRequestError(t, result.error) });
        return;
      }
      const outcome = readOutcome(t, result.data?.startReviewCampaign);
      if (!outcome.ok) {
        if (outcome.field) setErrors({ [outcome.field]: outcome.message });
        else notifications.show({ color: 'red', message: outcome.message });
        return;
      }
      notifications.show({
        color: 'teal',
        message: t('reviews.started', { count: outcome.data.itemCount ?? 0 }),
      });
      onStarted();
      await navigate({ to: '/reviews/$campaignId', params: { campaignId: outcome.data.id } });
    } finally {
      setPending(false);
    }
  };

  return (
    <Card withBorder padding="lg" radius="md" component="section" aria-labelledby="start-campaign">
      <Title order={2} size="h4" id="start-campaign" mb="md">
        {t('reviews.startTitle')}
      </Title>
      <form onSubmit={submit}>
        <Stack gap="sm">
          <Group grow align="flex-start" wrap="wrap">
            <TextInput
              label={t('reviews.name')}
              value={name}
              onChange={(event) => setName(event.currentTarget.value)}
              error={errors.name}
              required
              miw={220}
            />
            <Select
              label={t('reviews.unit')}
              placeholder={t('reviews.wholeOrganisation')}
              data={units.options}
              value={unitId}
              onChange={setUnitId}
              clearable
              searchable
              error={errors.unitId}
              miw={220}
            />
            <TextInput
              type="date"
              label={t('reviews.dueAt')}
              value={due}
              min={inDays(1)}
              onChange={(event) => setDue(event.currentTarget.value)}
              error={errors.dueAt}
              required
              miw={160}
            />
          </Group>
          <Group grow align="flex-start" wrap="wrap">
            <Select
              label={t('reviews.defaultDecision')}
              data={(['KEEP', 'REVOKE'] as const).map((value) => ({
                value,
                label: t(`reviews.default.${value}`),
              }))}
              value={defaultDecision}
              onChange={(value) => setDefault(value === 'REVOKE' ? 'REVOKE' : 'KEEP')}
              allowDeselect={false}
              miw={220}
            />
            <Select
              label={t('reviews.recurrence')}
              data={(['NONE', 'YEARLY'] as const).map((value) => ({
                value,
                label: t(`reviews.recurrenceValue.${value}`),
              }))}
              value={recurrence}
              onChange={(value) => setRecurrence(value === 'YEARLY' ? 'YEARLY' : 'NONE')}
              allowDeselect={false}
              miw={160}
            />
          </Group>
          <Group>
            <Button type="submit" loading={pending}>
              {t('reviews.startSubmit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
