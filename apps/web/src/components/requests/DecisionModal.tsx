import { Alert, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertCircle, IconCheck, IconX } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { graphql } from '../../graphql';
import { describeRequestError } from '../../lib/errors';
import { MutationError, readOutcome } from '../../lib/mutation';
import type { RequestTypeValue } from './RequestBadges';

const DecideRequestMutation = graphql(
  `
  mutation DecideRequest($input: DecideRequestInput!) {
    decideRequest(input: $input) {
      __typename
      ...MutationError
      ... on MutationDecideRequestSuccess {
        data { id state decision decisionComment viewerCanDecide unreadDecision steps { toState } }
      }
    }
  }
`,
  [MutationError],
);

export interface DecisionTarget {
  id: string;
  type: RequestTypeValue;
  requesterName: string;
  /** what is asked: "Service — role", the organisation… */
  summary: string | null;
}

/** Approve or refuse a request with a comment for the requester (a refusal needs one). */
export function DecisionModal({
  request,
  onClose,
  onDecided,
}: {
  request: DecisionTarget | null;
  onClose: () => void;
  onDecided?: () => void;
}) {
  const { t } = useTranslation();
  const [comment, setComment] = useState('');
  const [commentError, setCommentError] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [pending, setPending] = useState<'APPROVE' | 'REFUSE' | null>(null);
  const [, decide] = useMutation(DecideRequestMutation);

  function close() {
    setComment('');
    setCommentError(null);
    setFailure(null);
    onClose();
  }

  async function submit(decision: 'APPROVE' | 'REFUSE') {
    if (!request) return;
    setFailure(null);
    setCommentError(null);
    if (decision === 'REFUSE' && !comment.trim()) {
      setCommentError(t('requests.decisionDialog.commentRequired'));
      return;
    }
    setPending(decision);
    const result = await decide({
      input: { requestId: request.id, decision, comment: comment.trim() || null },
    });
    setPending(null);
    if (result.error) {
      setFailure(describeRequestError(t, result.error));
      return;
    }
    const outcome = readOutcome(t, result.data?.decideRequest);
    if (!outcome.ok) {
      if (outcome.field === 'comment') setCommentError(outcome.message);
      else setFailure(outcome.message);
      return;
    }
    notifications.show({
      color: decision === 'APPROVE' ? 'teal' : 'gray',
      message: t(
        decision === 'APPROVE' ? 'requests.decisionDialog.approved' : 'requests.decisionDialog.refused',
      ),
    });
    onDecided?.();
    close();
  }

  return (
    <Modal
      opened={request !== null}
      onClose={close}
      title={t('requests.decisionDialog.title')}
      size="lg"
      centered
    >
      {request && (
        <Stack gap="md">
          <div>
            <Text fw={600}>
              {request.requesterName} · {t(`requests.typeLong.${request.type}`)}
            </Text>
            {request.summary && <Text c="dimmed">{request.summary}</Text>}
          </div>
          <Text fz="sm">{t(`requests.decisionDialog.applies.${request.type}`)}</Text>
          {failure && (
            <Alert color="red" role="alert" icon={<IconAlertCircle aria-hidden="true" />}>
              {failure}
            </Alert>
          )}
          <Textarea
            label={t('requests.decisionDialog.comment')}
            description={t('requests.decisionDialog.commentHelp')}
            value={comment}
            onChange={(event) => {
              setComment(event.currentTarget.value);
              setCommentError(null);
            }}
            error={commentError}
            autosize
            minRows={3}
            maxLength={2000}
            data-autofocus
          />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close} disabled={pending !== null}>
              {t('requests.decisionDialog.close')}
            </Button>
            <Button
              color="red"
              variant="light"
              leftSection={<IconX size={16} aria-hidden="true" />}
              loading={pending === 'REFUSE'}
              disabled={pending !== null}
              onClick={() => void submit('REFUSE')}
            >
              {t('requests.decisionDialog.refuse')}
            </Button>
            <Button
              color="teal"
              leftSection={<IconCheck size={16} aria-hidden="true" />}
              loading={pending === 'APPROVE'}
              disabled={pending !== null}
              onClick={() => void submit('APPROVE')}
            >
              {t('requests.decisionDialog.approve')}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
