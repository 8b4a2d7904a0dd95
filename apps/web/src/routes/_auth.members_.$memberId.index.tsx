import { Alert, Anchor, Breadcrumbs, Group, Loader, SimpleGrid, Stack, Text } from '@mantine/core';
import { createFileRoute, Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import {
  MemberAttachmentRequest,
  MemberAttachmentRequestFragment,
} from '../components/members/MemberAttachmentRequest';
import { MemberDirectGrants, MemberDirectGrantsFragment } from '../components/members/MemberDirectGrants';
import { MemberGroups, MemberGroupsFragment } from '../components/members/MemberGroups';
import { MemberIdentity, MemberIdentityFragment } from '../components/members/MemberIdentity';
import { MemberRoles, MemberRolesFragment } from '../components/members/MemberRoles';
import { MemberStatusActions, MemberStatusActionsFragment } from '../components/members/MemberStatusActions';
import { MemberStatusBadge } from '../components/members/MemberStatusBadge';
import { MemberUnits, MemberUnitsFragment } from '../components/members/MemberUnits';
import { NotFoundState } from '../components/NotFoundState';
import { PageTitle } from '../components/PageTitle';
import { graphql, type ResultOf } from '../graphql';
import { describeRequestError, isNotFoundError } from '../lib/errors';
import { formatDate } from '../lib/format';
import { prefetch } from '../lib/prefetch';

const MemberQuery = graphql(
  `
  query MemberDetail($id: ID!) {
    node(id: $id) {
      __typename
      ... on Member {
        id
        status
        archivedAt
        createdAt
        person { id firstName lastName email }
        attachmentRequest { id ...MemberAttachmentRequest }
        ...MemberStatusActions
        ...MemberIdentity
        ...MemberRoles
        ...MemberUnits
        ...MemberGroups
        ...MemberDirectGrants
      }
    }
  }
`,
  [
    MemberStatusActionsFragment,
    MemberIdentityFragment,
    MemberRolesFragment,
    MemberUnitsFragment,
    MemberGroupsFragment,
    MemberAttachmentRequestFragment,
    MemberDirectGrantsFragment,
  ],
);

export const Route = createFileRoute('/_auth/members_/$memberId/')({
  loader: ({ context, params }) => prefetch(context.client, MemberQuery, { id: params.memberId }),
  component: MemberPage,
});

type MemberData = Extract<NonNullable<ResultOf<typeof MemberQuery>['node']>, { __typename: 'Member' }>;

function MemberPage() {
  const { memberId } = Route.useParams();
  const { t } = useTranslation();
  const [result, refetch] = useQuery({ query: MemberQuery, variables: { id: memberId } });
  const member = result.data?.node?.__typename === 'Member' ? result.data.node : null;
  const reload = () => refetch({ requestPolicy: 'network-only' });

  if (result.fetching && !result.data) return <Loader aria-label={t('common.loading')} />;
  if (result.error && !member && !isNotFoundError(result.error))
    return (
      <Alert color="red" role="alert">
        {describeRequestError(t, result.error)}
      </Alert>
    );
  if (!member)
    return (
      <NotFoundState title={t('member.notFound')} backTo="/members" backLabel={t('member.backToList')} />
    );
  return <MemberView member={member} reload={reload} />;
}

/** The member page: its header, then the sections, each a component with its own fragment. */
function MemberView({ member, reload }: { member: MemberData; reload: () => void }) {
  const { t } = useTranslation();
  const name = `${member.person.firstName} ${member.person.lastName}`;
  const date = (value: string) => formatDate(value);
  return (
    <Stack gap="xl">
      <div>
        <Breadcrumbs mb="xs" aria-label={t('member.breadcrumbs')}>
          <Anchor component={Link} to="/members" fz="sm">
            {t('nav.members')}
          </Anchor>
          <Text fz="sm" c="dimmed" aria-current="page">
            {name}
          </Text>
        </Breadcrumbs>
        <Group gap="md" align="center">
          <PageTitle>{name}</PageTitle>
          <MemberStatusBadge status={member.status} />
        </Group>
        <Text c="dimmed" mt={6}>
          {member.person.email}
        </Text>
      </div>

      {member.status !== 'ACTIVE' && (
        <Alert color={member.status === 'BLOCKED' ? 'red' : 'gray'} role="status">
          {member.status === 'BLOCKED'
            ? t('member.blockedHelp')
            : t('member.archivedHelp', { date: date(member.archivedAt ?? member.createdAt) })}
        </Alert>
      )}

      <MemberStatusActions member={member} reload={reload} />

      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <MemberIdentity member={member} reload={reload} />
        <MemberRoles member={member} />
        <MemberUnits member={member} reload={reload} />
        <MemberGroups member={member} reload={reload} />
        <MemberDirectGrants member={member} reload={reload} />
      </SimpleGrid>

      {member.attachmentRequest && <MemberAttachmentRequest request={member.attachmentRequest} />}

      <Anchor
        renderRoot={(props) => (
          <Link {...props} to="/members/$memberId/access" params={{ memberId: member.id }} />
        )}
      >
        {t('member.accessLink')}
      </Anchor>
    </Stack>
  );
}
