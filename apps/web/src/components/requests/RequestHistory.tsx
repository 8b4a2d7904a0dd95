import { Text, Timeline } from '@mantine/core';
import { IconCheck, IconCircleDot, IconLock, IconSend, IconX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { type FragmentOf, graphql, readFragment } from '../../graphql';
import { formatDateTime } from '../../lib/format';

/** What the history of a request shows: each step, who took it and what they said. */
export const RequestHistoryFragment = graphql(`
  fragment RequestHistory on Request {
    steps { at fromState toState comment actorName }
  }
`);

const ICONS = {
  SUBMITTED: IconSend,
  APPROVED: IconCheck,
  REFUSED: IconX,
  CANCELLED: IconCircleDot,
  CLOSED: IconLock,
} as const;

const COLOURS = {
  SUBMITTED: 'blue',
  APPROVED: 'teal',
  REFUSED: 'red',
  CANCELLED: 'gray',
  CLOSED: 'gray',
} as const;

interface RequestHistoryProps {
  request: FragmentOf<typeof RequestHistoryFragment>;
}

/** Every step of a request, oldest first (rule 5: the history stays with the request). */
export function RequestHistory({ request }: RequestHistoryProps) {
  const { t } = useTranslation();
  const { steps } = readFragment(RequestHistoryFragment, request);
  return (
    <Timeline
      active={steps.length - 1}
      bulletSize={26}
      lineWidth={2}
      aria-label={t('requests.detail.history')}
    >
      {steps.map((step) => {
        const Icon = ICONS[step.toState];
        return (
          <Timeline.Item
            key={`${step.at}-${step.toState}`}
            color={COLOURS[step.toState]}
            bullet={<Icon size={14} aria-hidden="true" />}
            title={t(`requests.step.${step.toState}`)}
          >
            <Text fz="sm" c="dimmed">
              {formatDateTime(step.at)}
              {step.actorName ? ` · ${t('requests.detail.stepBy', { name: step.actorName })}` : ''}
            </Text>
            {step.comment && (
              <Text fz="sm" mt={4} style={{ whiteSpace: 'pre-wrap' }}>
                « {step.comment} »
              </Text>
            )}
          </Timeline.Item>
        );
      })}
    </Timeline>
  );
}
