import { Anchor, Breadcrumbs, Stack, Text } from '@mantine/core';
import { createFileRoute, Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { MemberAccessPanel, MemberAccessQuery } from '../components/access/MemberAccessPanel';
import { PageTitle } from '../components/PageTitle';

export const Route = createFileRoute('/_auth/members_/$memberId/access')({
  component: MemberAccessPage,
});

function MemberAccessPage() {
  const { t } = useTranslation();
  const { memberId } = Route.useParams();
  // Same document as the panel's: urql answers both from one request.
  const [result] = useQuery({ query: MemberAccessQuery, variables: { id: memberId } });
  const member = result.data?.node && 'person' in result.data.node ? result.data.node : null;
  const name = member ? `${member.person.firstName} ${member.person.lastName}` : '';
  return (
    <Stack gap="xl">
      <div>
        <Breadcrumbs mb="xs" aria-label={t('access.group.breadcrumbs')}>
          <Anchor component={Link} to="/members" fz="sm">
            {t('nav.members')}
          </Anchor>
          <Text fz="sm" c="dimmed" aria-current="page">
            {name || '…'}
          </Text>
        </Breadcrumbs>
        <PageTitle documentTitle={t('access.member.pageTitle')}>
          {name ? t('access.member.title', { name }) : t('access.member.pageTitle')}
        </PageTitle>
        {member && (
          <Text c="dimmed" mt={6}>
            {member.person.email}
          </Text>
        )}
      </div>
      <MemberAccessPanel memberId={memberId} />
    </Stack>
  );
}
