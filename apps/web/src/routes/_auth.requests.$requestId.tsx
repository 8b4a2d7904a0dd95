import {
  Alert,
  Anchor,
  Button,
  Card,
  Group,
  Loader,
  Modal,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertCircle, IconArrowLeft } from '@tabler/icons-react';
import { createFileRoute, Link } from '@tanstack/react-router';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { NotFoundState } from '../components/NotFoundState';
import { PageTitle } from '../components/PageTitle';
import { DecisionModal, type DecisionTarget } from '../components/requests/DecisionModal';
import { serviceLabel } from '../components/requests/format';
import { RequestStatusBadge, RequestTypeBadge } from '../components/requests/RequestBadges';
import { RequestHistory, RequestHistoryFragment } from '../components/requests/RequestHistory';
import { requestObject } from '../components/requests/RequestTable';
import { graphql } from '../graphql';
import { describeRequestError, isNotFoundError } from '../lib/errors';
import { formatDateTime } from '../lib/format';
import { MutationError, readOutcome } from '../lib/mutation';
import { prefetch } from '../lib/prefetch';

export const Route = createFileRoute('/_auth/requests/$requestId')({
  loader: ({ context, params }) => prefetch(context.client, RequestDetailQuery, { id: params.requestId }),
  component: RequestDetailPage,
});

const RequestDetailQuery = graphql(
  `
  query RequestDetail($id: ID!) {
    request(id: $id) {
      id
      type
      state
      decision
      createdAt
      decidedAt
      comment
      decisionComment
      decidedByName
      requesterName
      requesterEmail
      subjectName
      organisationName
      registryKind
      registryNumber
      unitName
      serviceRole { name service { name } }
      replacesServiceRole { name service { name } }
      unreadDecision
      viewerIsRequester
      viewerCanDecide
      viewerCanCancel
      ...RequestHistory
    }
  }
`,
  [RequestHistoryFragment],
);

const CancelRequestMutation = graphql(
  `
  mutation CancelRequest($input: CancelRequestInput!) {
    cancelRequest(input: $input) {
      __typename
      ...MutationError
      ... on MutationCancelRequestSuccess { data { id state viewerCanCancel steps { toState } } }
    }
  }
`,
  [MutationError],
);

const MarkRequestReadMutation = graphql(`
  mutation MarkRequestRead($input: MarkRequestReadInput!) {
    markRequestRead(input: $input) {
      __typename
      ... on MutationMarkRequestReadSuccess { data { id unreadDecision } }
    }
  }
`);

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text component="dt" fz="xs" fw={700} tt="uppercase" c="dimmed" lts={0.5}>
        {label}
      </Text>
      <Text component="dd" m={0} mt={2}>
        {children}
      </Text>
    </div>
  );
}

function RequestDetailPage() {
  const { t } = useTranslation();
  const { requestId } = Route.useParams();
  const [result, reexecute] = useQuery({ query: RequestDetailQuery, variables: { id: requestId } });
  const [deciding, setDeciding] = useState<DecisionTarget | null>(null);
  const [{ fetching: cancelling }, cancel] = useMutation(CancelRequestMutation);
  const [, markRead] = useMutation(MarkRequestReadMutation);
  const [failure, setFailure] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const request = result.data?.request ?? null;

  // Opening a decision one received reads it (Vaud: "Décisions reçues / à lire").
  const marked = useRef<string | null>(null);
  useEffect(() => {
    if (request?.viewerIsRequester && request.unreadDecision && marked.current !== request.id) {
      marked.current = request.id;
      void markRead({ input: { requestId: request.id } });
    }
  }, [request, markRead]);

  if (result.fetching && !result.data) return <Loader aria-label={t('common.loading')} />;
  if (!request && result.error && !isNotFoundError(result.error))
    return (
      <Stack gap="lg">
        <PageTitle>{t('requests.detail.pageTitle')}</PageTitle>
        <Alert color="red" role="alert" icon={<IconAlertCircle aria-hidden="true" />}>
          {describeRequestError(t, result.error)}
        </Alert>
      </Stack>
    );
  if (!request)
    return (
      <NotFoundState
        title={t('requests.detail.notFoundTitle')}
        description={t('requests.detail.notFound')}
        backTo="/"
        backLabel={t('common.backHome')}
      />
    );

  const object = serviceLabel(request.serviceRole);
  const subject = requestObject(request);
  const back = request.viewerIsRequester
    ? { to: '/my-requests' as const, label: t('requests.detail.backMine') }
    : { to: '/requests' as const, label: t('requests.detail.back') };

  async function confirmCancel() {
    if (!request) return;
    setFailure(null);
    const outcome = await cancel({ input: { requestId: request.id } });
    setConfirming(false);
    if (outcome.error) return setFailure(describeRequestError(t, outcome.error));
    const payload = readOutcome(t, outcome.data?.cancelRequest);
    if (!payload.ok) return setFailure(payload.message);
    notifications.show({ color: 'gray', message: t('requests.detail.cancelled') });
    reexecute({ requestPolicy: 'network-only' });
  }

  return (
    <Stack gap="lg">
      <Anchor component={Link} to={back.to} fz="sm" w="fit-content">
        <Group gap={4}>
          <IconArrowLeft size={14} aria-hidden="true" />
          {back.label}
        </Group>
      </Anchor>
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <div>
          <PageTitle documentTitle={t('requests.detail.pageTitle')}>
            {t(`requests.typeLong.${request.type}`)}
          </PageTitle>
          <Group gap="xs" mt="xs">
            <RequestTypeBadge type={request.type} />
            <RequestStatusBadge state={request.state} decision={request.decision} />
          </Group>
        </div>
        <Group gap="sm">
          {request.viewerCanCancel && (
            <Button variant="default" color="red" onClick={() => setConfirming(true)}>
              {t('requests.detail.cancel')}
            </Button>
          )}
          {request.viewerCanDecide && (
            <Button
              onClick={() =>
                setDeciding({
                  id: request.id,
                  type: request.type,
                  requesterName: request.requesterName,
                  summary: subject,
                })
              }
            >
              {t('requests.decide')}
            </Button>
          )}
        </Group>
      </Group>
      {failure && (
        <Alert color="red" role="alert" icon={<IconAlertCircle aria-hidden="true" />}>
          {failure}
        </Alert>
      )}

      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Card component="section" aria-labelledby="summary-title">
          <Title order={2} id="summary-title" fz="lg" mb="md">
            {t('requests.detail.summary')}
          </Title>
          <Stack component="dl" gap="sm" m={0}>
            <Field label={t('requests.requester')}>
              {request.requesterName} · {request.requesterEmail}
            </Field>
            {subject && <Field label={t('requests.columns.object')}>{subject}</Field>}
            <Field label={t('requests.organisation')}>
              {request.organisationName ?? (
                <Text span c="dimmed">
                  {t('requests.organisationHidden')}
                </Text>
              )}
            </Field>
            {request.registryNumber && (
              <Field label={t('requests.registry')}>
                {request.registryKind ? `${t(`registryKind.${request.registryKind}`)} ` : ''}
                {request.registryNumber}
              </Field>
            )}
            {object && object !== subject && <Field label={t('requests.service')}>{object}</Field>}
            {request.replacesServiceRole && (
              <Field label={t('requests.replaces')}>{serviceLabel(request.replacesServiceRole)}</Field>
            )}
            {request.unitName && <Field label={t('requests.unit')}>{request.unitName}</Field>}
            <Field label={t('requests.columns.date')}>{formatDateTime(request.createdAt)}</Field>
            {request.comment && (
              <Field label={t('requests.requesterComment')}>
                <Text span style={{ whiteSpace: 'pre-wrap' }}>
                  {request.comment}
                </Text>
              </Field>
            )}
            {request.decidedAt && request.decidedByName && (
              <Field label={t(`requests.decision.${request.decision ?? 'APPROVED'}`)}>
                {t('requests.detail.decidedBy', {
                  name: request.decidedByName,
                  date: formatDateTime(request.decidedAt),
                })}
              </Field>
            )}
            {request.decisionComment && (
              <Field label={t('requests.decisionComment')}>
                <Text span style={{ whiteSpace: 'pre-wrap' }} data-testid="decision-comment">
                  {request.decisionComment}
                </Text>
              </Field>
            )}
          </Stack>
        </Card>
        <Card component="section" aria-labelledby="history-title">
          <Title order={2} id="history-title" fz="lg" mb="md">
            {t('requests.detail.history')}
          </Title>
          <RequestHistory request={request} />
        </Card>
      </SimpleGrid>

      <Modal
        opened={confirming}
        onClose={() => setConfirming(false)}
        title={t('requests.detail.cancel')}
        centered
      >
        <Text fz="sm">{t('requests.detail.cancelConfirm')}</Text>
        <Group justify="flex-end" mt="lg" gap="sm">
          <Button variant="default" onClick={() => setConfirming(false)} disabled={cancelling}>
            {t('requests.decisionDialog.close')}
          </Button>
          <Button color="red" loading={cancelling} onClick={() => void confirmCancel()} data-autofocus>
            {t('requests.detail.cancel')}
          </Button>
        </Group>
      </Modal>
      <DecisionModal
        request={deciding}
        onClose={() => setDeciding(null)}
        onDecided={() => reexecute({ requestPolicy: 'network-only' })}
      />
    </Stack>
  );
}
