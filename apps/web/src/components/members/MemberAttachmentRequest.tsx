import { Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { type FragmentOf, graphql, readFragment } from '../../graphql';
import { RequestStatusBadge } from '../requests/RequestBadges';
import { RequestHistory, RequestHistoryFragment } from '../requests/RequestHistory';
import { MemberSection } from './MemberSection';

export const MemberAttachmentRequestFragment = graphql(
  `
  fragment MemberAttachmentRequest on Request {
    id
    state
    decision
    createdAt
    ...RequestHistory
  }
`,
  [RequestHistoryFragment],
);

/** The request that attached the member (Vaud), with its state and every step. */
export function MemberAttachmentRequest({
  request: masked,
}: {
  request: FragmentOf<typeof MemberAttachmentRequestFragment>;
}) {
  const { t } = useTranslation();
  const request = readFragment(MemberAttachmentRequestFragment, masked);
  return (
    <MemberSection id="request-title" title={t('member.requestTitle')}>
      <Group gap="sm" mb="md">
        <Text fz="sm">{t('member.requestType')}</Text>
        {/* The same state words as the requests list and the request's own page. */}
        <span data-testid="request-state">
          <RequestStatusBadge state={request.state} decision={request.decision} />
        </span>
      </Group>
      <RequestHistory request={request} />
    </MemberSection>
  );
}
