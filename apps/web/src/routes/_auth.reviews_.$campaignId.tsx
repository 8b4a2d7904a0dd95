import {
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowLeft, IconChecklist } from '@tabler/icons-react';
import { createFileRoute } from '@tanstack/react-router';
import type { TFunction } from 'i18next';
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
import { ExportEvidenceButton } from '../components/reviews-evidence';
import { graphql, type ResultOf } from '../graphql';
import { describeRequestError } from '../lib/errors';
import { formatDay } from '../lib/format';
import { MutationError, readOutcome } from '../lib/mutation';

const PAGE_SIZE = 50;

export const Route = createFileRoute('/_auth/reviews_/$campaignId')({ component: ReviewCampaignPage });

const ReviewCampaignQuery = graphql(`
  query ReviewCampaign($id: ID!, $first: Int!, $after: String, $mine: Boolean, $undecidedOnly: Boolean) {
    campaign: node(id: $id) {
      __typename
      ... on ReviewCampaign {
        id name state dueAt defaultDecision viewerIsAdministrator
        unit { id name }
        progress {
          overall { total decided kept revoked changed }
          byReviewer { reviewerId reviewerName counts { total decided } }
        }
        viewerProgress { total decided }
        items(first: $first, after: $after, mine: $mine, undecidedOnly: $undecidedOnly) {
          edges { node {
            id kind memberName decision comment byDefault viewerCanDecide decidedByName
            unit { id name } group { id name } serviceRoles { id name } newUnit { id name }
          } }
          pageInfo { hasNextPage endCursor }
        }
      }
    }
  }
`);

const DecideMutation = graphql(
  `
  mutation DecideReviewItem($input: DecideReviewItemInput!) {
    decideReviewItem(input: $input) {
      __typename
      ...MutationError
      ... on MutationDecideReviewItemSuccess { data { id decision } }
    }
  }
`,
  [MutationError],
);

const CloseMutation = graphql(
  `
  mutation CloseReviewCampaign($input: CloseReviewCampaignInput!) {
    closeReviewCampaign(input: $input) {
      __typename
      ...MutationError
      ... on MutationCloseReviewCampaignSuccess { data { id state } }
    }
  }
`,
  [MutationError],
);

type CampaignData = Extract<
  NonNullable<ResultOf<typeof ReviewCampaignQuery>['campaign']>,
  { __typename: 'ReviewCampaign' }
>;
type Item = CampaignData['items']['edges'][number]['node'];

/** One campaign: its progress (for its administrators) and the items the viewer certifies. */
function ReviewCampaignPage() {
  const { t } = useTranslation();
  const { campaignId } = Route.useParams();
  const [mine, setMine] = useState(false);
  const [undecidedOnly, setUndecidedOnly] = useState(false);
  const pager = useCursorPager(`review:${campaignId}:${mine}:${undecidedOnly}`);
  const [result, reload] = useQuery({
    query: ReviewCampaignQuery,
    variables: { id: campaignId, first: PAGE_SIZE, after: pager.after, mine, undecidedOnly },
    requestPolicy: 'cache-and-network',
  });
  const refresh = () => reload({ requestPolicy: 'network-only' });
  const campaign = result.data?.campaign?.__typename === 'ReviewCampaign' ? result.data.campaign : null;

  return (
    <Stack gap="xl">
      <div>
        <AnchorLink to="/reviews" fz="sm">
          <Group gap={4} component="span">
            <IconArrowLeft size={14} aria-hidden="true" />
            {t('reviews.back')}
          </Group>
        </AnchorLink>
        <PageTitle>{campaign?.name ?? t('reviews.title')}</PageTitle>
        {campaign && (
          <Group gap="sm" mt={6}>
            <Badge variant="light" color={campaign.state === 'OPEN' ? 'blue' : 'gray'}>
              {t(`reviews.state.${campaign.state}`)}
            </Badge>
            <Text c="dimmed" fz="sm">
              {campaign.unit?.name ?? t('reviews.wholeOrganisation')} · {t('reviews.dueAt')}{' '}
              {formatDay(campaign.dueAt)} · {t('reviews.defaultDecision')} :{' '}
              {t(`reviews.default.${campaign.defaultDecision}`)}
            </Text>
          </Group>
        )}
      </div>
      {campaign?.progress && <ProgressCard campaign={campaign} onClosed={refresh} />}
      {campaign && !campaign.progress && (
        <Text aria-live="polite">{t('reviews.progressLabel', campaign.viewerProgress)}</Text>
      )}
      <Group>
        {campaign?.viewerIsAdministrator && (
          <Checkbox
            label={t('reviews.mine')}
            checked={mine}
            onChange={(e) => setMine(e.currentTarget.checked)}
          />
        )}
        <Checkbox
          label={t('reviews.undecidedOnly')}
          checked={undecidedOnly}
          onChange={(e) => setUndecidedOnly(e.currentTarget.checked)}
        />
      </Group>
      <ListState
        fetching={result.fetching}
        error={result.error}
        items={campaign ? campaign.items.edges.map((edge) => edge.node) : undefined}
        empty={{ icon: <IconChecklist aria-hidden="true" />, title: t('reviews.noItems') }}
      >
        {(items) => (
          <PagedTable
            label={t('reviews.itemsLabel')}
            minWidth={640}
            head={
              <>
                <Table.Th>{t('reviews.member')}</Table.Th>
                <Table.Th>{t('reviews.right')}</Table.Th>
                <Table.Th>{t('reviews.decision')}</Table.Th>
              </>
            }
            pager={{
              page: pager.page,
              hasNextPage: campaign?.items.pageInfo.hasNextPage ?? false,
              onPrevious: pager.previous,
              onNext: () => pager.next(campaign?.items.pageInfo.endCursor),
            }}
          >
            {items.map((item) => (
              <ItemRow key={item.id} item={item} onDecided={refresh} />
            ))}
          </PagedTable>
        )}
      </ListState>
    </Stack>
  );
}

function ProgressCard({ campaign, onClosed }: { campaign: CampaignData; onClosed: () => void }) {
  const { t } = useTranslation();
  const [, close] = useMutation(CloseMutation);
  const [confirming, setConfirming] = useState(false);
  const progress = campaign.progress!;
  const run = async () => {
    const result = await close({ input: { campaignId: campaign.id } });
    if (result.error)
      return notifications.show({ color: 'red', message: describeRequestError(t, result.error) });
    const outcome = readOutcome(t, result.data?.closeReviewCampaign);
    if (!outcome.ok) return notifications.show({ color: 'red', message: outcome.message });
    notifications.show({ color: 'teal', message: t('reviews.closed') });
    setConfirming(false);
    onClosed();
  };
  return (
    <Card withBorder padding="lg" radius="md" component="section" aria-labelledby="review-progress">
      <Title order={2} size="h4" id="review-progress" mb="sm">
        {t('reviews.byReviewer')}
      </Title>
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('reviews.reviewer')}</Table.Th>
            <Table.Th>{t('reviews.decision')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          <Table.Tr>
            <Table.Td fw={600}>{t('reviews.overall')}</Table.Td>
            <Table.Td data-testid="overall-progress">{t('reviews.progressLabel', progress.overall)}</Table.Td>
          </Table.Tr>
          {progress.byReviewer.map((row) => (
            <Table.Tr key={row.reviewerId}>
              <Table.Td>{row.reviewerName}</Table.Td>
              <Table.Td>{t('reviews.progressLabel', row.counts)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Group mt="md">
        <ExportEvidenceButton campaignId={campaign.id} />
      </Group>
      {campaign.state === 'OPEN' && (
        <Group mt="md">
          {confirming ? (
            <>
              <Text fz="sm">
                {t('reviews.closeConfirm', { decision: t(`reviews.default.${campaign.defaultDecision}`) })}
              </Text>
              <Button color="red" onClick={run}>
                {t('reviews.close')}
              </Button>
              <Button variant="default" onClick={() => setConfirming(false)}>
                {t('reviews.cancel')}
              </Button>
            </>
          ) : (
            <Button variant="light" color="red" onClick={() => setConfirming(true)}>
              {t('reviews.close')}
            </Button>
          )}
        </Group>
      )}
    </Card>
  );
}

function rightOf(t: TFunction, item: Item): string {
  const name =
    item.kind === 'ATTACHMENT'
      ? (item.unit?.name ?? '—')
      : item.kind === 'GROUP_MEMBERSHIP'
        ? (item.group?.name ?? '—')
        : (item.serviceRoles[0]?.name ?? '—');
  return String(t(`reviews.kind.${item.kind}`, { name }));
}

function ItemRow({ item, onDecided }: { item: Item; onDecided: () => void }) {
  const { t } = useTranslation();
  const right = rightOf(t, item);
  return (
    <Table.Tr>
      <Table.Td>{item.memberName}</Table.Td>
      <Table.Td>
        <Text fz="sm">{right}</Text>
        {item.kind === 'GROUP_MEMBERSHIP' && item.serviceRoles.length > 0 && (
          <Text fz="xs" c="dimmed">
            {t('reviews.viaGroup', { roles: item.serviceRoles.map((role) => role.name).join(', ') })}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        {item.decision ? (
          <Stack gap={2}>
            <Text fz="sm" fw={600}>
              {t(`reviews.decided.${item.decision}`)}
              {item.newUnit ? ` → ${item.newUnit.name}` : ''}
            </Text>
            <Text fz="xs" c="dimmed">
              {item.byDefault ? t('reviews.byDefault') : item.decidedByName}
              {item.comment ? ` — ${item.comment}` : ''}
            </Text>
          </Stack>
        ) : item.viewerCanDecide ? (
          <DecisionForm item={item} right={right} onDecided={onDecided} />
        ) : (
          <Text fz="sm" c="dimmed">
            —
          </Text>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

function DecisionForm({ item, right, onDecided }: { item: Item; right: string; onDecided: () => void }) {
  const { t } = useTranslation();
  const organisationId = useViewer().acting?.organisation?.id ?? '';
  const [choice, setChoice] = useState<'KEEP' | 'REVOKE' | 'CHANGE_ATTACHMENT' | null>(null);
  const [comment, setComment] = useState('');
  const [newUnitId, setNewUnitId] = useState<string | null>(null);
  const [error, setError] = useState<Record<string, string>>({});
  const [pending, setPending] = useState(false);
  const units = useUnitChoices(organisationId, choice !== 'CHANGE_ATTACHMENT');
  const [, decide] = useMutation(DecideMutation);
  const label = t('reviews.decideLabel', { member: item.memberName ?? '', right });

  const send = async (decision: 'KEEP' | 'REVOKE' | 'CHANGE_ATTACHMENT') => {
    if (decision === 'REVOKE' && !comment.trim()) {
      setError({ comment: t('reviews.commentRequired') });
      return;
    }
    setPending(true);
    try {
      const result = await decide({
        input: { itemId: item.id, decision, comment: comment.trim() || null, newUnitId },
      });
      if (result.error)
        return notifications.show({ color: 'red', message: describeRequestError(t, result.error) });
      const outcome = readOutcome(t, result.data?.decideReviewItem);
      if (!outcome.ok) {
        if (outcome.field) setError({ [outcome.field]: outcome.message });
        else notifications.show({ color: 'red', message: outcome.message });
        return;
      }
      notifications.show({ color: 'teal', message: t('reviews.saved') });
      onDecided();
    } finally {
      setPending(false);
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (choice) void send(choice);
  };

  if (!choice)
    return (
      <Group gap="xs" role="group" aria-label={label}>
        <Button size="xs" variant="light" color="teal" loading={pending} onClick={() => send('KEEP')}>
          {t('reviews.keep')}
        </Button>
        <Button size="xs" variant="light" color="red" onClick={() => setChoice('REVOKE')}>
          {t('reviews.revoke')}
        </Button>
        {item.kind === 'ATTACHMENT' && (
          <Button size="xs" variant="light" onClick={() => setChoice('CHANGE_ATTACHMENT')}>
            {t('reviews.change')}
          </Button>
        )}
      </Group>
    );
  return (
    <form onSubmit={submit} aria-label={label}>
      <Stack gap="xs" maw={360}>
        {choice === 'CHANGE_ATTACHMENT' && (
          <Select
            label={t('reviews.newUnit')}
            data={units.options.filter((option) => option.value !== item.unit?.id)}
            value={newUnitId}
            onChange={setNewUnitId}
            error={error.newUnitId}
            searchable
            withAsterisk
          />
        )}
        <Textarea
          label={t('reviews.comment')}
          value={comment}
          onChange={(event) => setComment(event.currentTarget.value)}
          error={error.comment}
          withAsterisk={choice === 'REVOKE'}
          autosize
          minRows={2}
          data-autofocus
          autoFocus
        />
        <Group gap="xs">
          <Button type="submit" size="xs" color={choice === 'REVOKE' ? 'red' : undefined} loading={pending}>
            {t('reviews.confirm')}
          </Button>
          <Button size="xs" variant="default" onClick={() => setChoice(null)}>
            {t('reviews.cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
