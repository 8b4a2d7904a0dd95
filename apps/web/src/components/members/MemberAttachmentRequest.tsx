import { Badge, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { type FragmentOf, graphql, readFragment } from '../../graphql';
import { RequestHistory, RequestHistoryFragment } from '../requests/RequestHistory';
import { MemberSection } from './MemberSection';

export const MemberAttachmentRequestFragment = graphql(
  `
  fragment MemberAttachmentRequest on Request {
    id
    state
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
        <Badge
          variant="light"
          color={request.state === 'CLOSED' ? 'gray' : 'blue'}
          data-testid="request-state"
        >
          {t(`member.requestState.${request.state}`)}
        </Badge>
      </Group>
      <RequestHistory request={request} stepTitle={(state) => t(`member.requestState.${state}`)} />
    </MemberSection>
  );
}
