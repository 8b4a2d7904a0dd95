import { Alert, Button, Group, List, Modal, Progress, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconArchive, IconCircleCheck } from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { graphql } from '../../graphql';
import { describeErrorCode } from '../../lib/errors';
import { MutationError } from '../../lib/mutation';
import { ARCHIVE_CHUNK, type ArchiveTally, chunk, tallyFailure, tallyOutcomes } from './member-list';

const ArchiveMembers = graphql(
  `
  mutation ArchiveMembers($input: ArchiveMembersInput!) {
    archiveMembers(input: $input) {
      __typename
      ...MutationError
      ... on MutationArchiveMembersSuccess {
        data {
          outcomes {
            index
            archived
            member { id status }
            refusal { code }
          }
        }
      }
    }
  }
`,
  [MutationError],
);

/** The reasons told in the words of archiving; any other code gets the general sentence of its error. */
const ARCHIVE_REASONS = [
  'NOT_AUTHORISED',
  'NOT_FOUND',
  'INVALID_TRANSITION',
  'LAST_PRINCIPAL_ADMIN',
  'NETWORK',
] as const;

function reasonOf(t: TFunction, code: string): string {
  const known = ARCHIVE_REASONS.find((reason) => reason === code);
  return known ? t(`members.bulk.reasons.${known}`) : describeErrorCode(t, code);
}

export interface SelectedMember {
  id: string;
  name: string;
}

type Step = { kind: 'confirm' } | { kind: 'running'; done: number } | { kind: 'done'; tally: ArchiveTally };

/**
 * Archives the selected members after a confirmation that states how many: in calls of at most the API's limit,
 * one after the other with their progress, then tells how many were archived and why each refusal happened.
 */
export function BulkArchiveDialog({
  members,
  opened,
  onClose,
  onFinished,
}: {
  members: readonly SelectedMember[];
  opened: boolean;
  /** Closed without archiving. */
  onClose: () => void;
  /** Closed after archiving: the list reloads and the selection empties. */
  onFinished: () => void;
}) {
  const { t } = useTranslation();
  const [, archive] = useMutation(ArchiveMembers);
  const [step, setStep] = useState<Step>({ kind: 'confirm' });
  const count = members.length;
  const names = new Map(members.map((member) => [member.id, member.name]));

  async function run() {
    let tally: ArchiveTally = { archived: [], refused: [] };
    let done = 0;
    setStep({ kind: 'running', done });
    for (const ids of chunk(
      members.map((member) => member.id),
      ARCHIVE_CHUNK,
    )) {
      const result = await archive({ input: { memberIds: ids } });
      const payload = result.data?.archiveMembers;
      if (payload?.__typename === 'MutationArchiveMembersSuccess')
        tally = tallyOutcomes(tally, ids, payload.data.outcomes);
      else
        tally = tallyFailure(
          tally,
          ids,
          result.error?.networkError
            ? 'NETWORK'
            : (payload && 'code' in payload && payload.code) || 'UNEXPECTED',
        );
      done += ids.length;
      setStep({ kind: 'running', done });
    }
    setStep({ kind: 'done', tally });
  }

  function close() {
    if (step.kind === 'running') return;
    const finished = step.kind === 'done';
    setStep({ kind: 'confirm' });
    if (finished) onFinished();
    else onClose();
  }

  const running = step.kind === 'running';
  return (
    <Modal
      opened={opened}
      onClose={close}
      title={step.kind === 'done' ? t('members.bulk.summaryTitle') : t('members.bulk.title', { count })}
      closeOnClickOutside={!running}
      closeOnEscape={!running}
      withCloseButton={!running}
      closeButtonProps={{
        'aria-label': step.kind === 'done' ? t('members.bulk.close') : t('members.cancel'),
      }}
      centered
    >
      {step.kind === 'confirm' && (
        <Stack>
          <Text fz="sm">{t('members.bulk.body')}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('members.cancel')}
            </Button>
            <Button leftSection={<IconArchive size={16} aria-hidden="true" />} onClick={() => void run()}>
              {t('members.bulk.confirm', { count })}
            </Button>
          </Group>
        </Stack>
      )}
      {step.kind === 'running' && (
        <Stack gap="xs">
          <Progress
            value={count ? (step.done / count) * 100 : 0}
            aria-label={t('members.bulk.progressLabel')}
            animated
            size="lg"
          />
          <Text fz="sm" c="dimmed" aria-live="polite">
            {t('members.bulk.progress', { done: step.done, total: count })}
          </Text>
        </Stack>
      )}
      {step.kind === 'done' && (
        <Stack>
          <Alert
            color={step.tally.archived.length ? 'teal' : 'gray'}
            icon={<IconCircleCheck aria-hidden="true" />}
            role="status"
          >
            {t('members.bulk.archived', { count: step.tally.archived.length })}
          </Alert>
          {step.tally.refused.length > 0 && (
            <Alert color="orange" icon={<IconAlertTriangle aria-hidden="true" />}>
              <Text fz="sm" fw={600}>
                {t('members.bulk.refused', { count: step.tally.refused.length })}
              </Text>
              <List fz="sm" mt={4} spacing={2}>
                {step.tally.refused.map((refusal) => (
                  <List.Item key={refusal.id}>
                    {t('members.bulk.refusal', {
                      name: names.get(refusal.id) ?? '',
                      reason: reasonOf(t, refusal.code),
                    })}
                  </List.Item>
                ))}
              </List>
            </Alert>
          )}
          <Group justify="flex-end">
            <Button onClick={close}>{t('members.bulk.close')}</Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
