import {
  Accordion,
  Alert,
  Anchor,
  Badge,
  Button,
  EmptyState,
  Group,
  Loader,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { IconAlertCircle, IconApps } from '@tabler/icons-react';
import { createFileRoute, Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient, useQuery } from 'urql';
import { useViewer } from '../auth/use-viewer';
import { PageTitle } from '../components/PageTitle';
import { graphql } from '../graphql';
import { describeRequestError } from '../lib/errors';

const PAGE = 20;

const ServicesHeldQuery = graphql(`
  query ServicesHeld($organisationId: ID!, $first: Int!) {
    node(id: $organisationId) {
      ... on Organisation {
        id
        servicesHeld {
          free
          service { id name description }
          members(first: $first) {
            edges { node { id person { firstName lastName } } }
            pageInfo { hasNextPage endCursor }
          }
          roles {
            inAgreement
            inForce
            validUntil
            serviceRole { id name }
            members(first: $first) {
              edges { node { id person { firstName lastName } } }
              pageInfo { hasNextPage endCursor }
            }
          }
        }
      }
    }
  }
`);

const MoreServiceMembersQuery = graphql(`
  query MoreServiceMembers($id: ID!, $organisationId: ID!, $first: Int!, $after: String) {
    node(id: $id) {
      ... on Service {
        members(organisationId: $organisationId, first: $first, after: $after) {
          edges { node { id person { firstName lastName } } }
          pageInfo { hasNextPage endCursor }
        }
      }
      ... on ServiceRole {
        members(organisationId: $organisationId, first: $first, after: $after) {
          edges { node { id person { firstName lastName } } }
          pageInfo { hasNextPage endCursor }
        }
      }
    }
  }
`);

export const Route = createFileRoute('/_auth/services')({
  component: ServicesHeldPage,
});

interface MemberPage {
  edges: readonly { node: { id: string; person: { firstName: string; lastName: string } } }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** Orange "Services détenus": the services the organisation holds and the members who have access to each. */
function ServicesHeldPage() {
  const { t } = useTranslation();
  const viewer = useViewer();
  const organisationId = viewer.acting?.organisation?.id ?? '';
  const [result] = useQuery({
    query: ServicesHeldQuery,
    variables: { organisationId, first: PAGE },
    pause: !organisationId,
  });
  const services =
    result.data?.node && 'servicesHeld' in result.data.node ? result.data.node.servicesHeld : null;

  return (
    <Stack gap="xl">
      <div>
        <PageTitle>{t('access.services.title')}</PageTitle>
        <Text c="dimmed" mt={6}>
          {t('access.services.subtitle')}
        </Text>
      </div>
      {result.fetching && !result.data && <Loader aria-label={t('common.loading')} />}
      {result.error && (
        <Alert color="red" role="alert" icon={<IconAlertCircle aria-hidden="true" />}>
          {result.error.graphQLErrors.length > 0
            ? t('access.services.notAllowed')
            : describeRequestError(t, result.error)}
        </Alert>
      )}
      {services && services.length === 0 && (
        <EmptyState
          variant="light"
          icon={<IconApps aria-hidden="true" />}
          title={t('access.services.empty')}
          py="xl"
        />
      )}
      {services && services.length > 0 && (
        <Accordion
          multiple
          variant="separated"
          radius="md"
          defaultValue={services.slice(0, 1).map((s) => s.service.id)}
        >
          {services.map((held) => (
            <Accordion.Item key={held.service.id} value={held.service.id}>
              <Accordion.Control>
                <Group justify="space-between" wrap="nowrap" pr="sm">
                  <div>
                    <Text component="h2" fw={650} fz="lg">
                      {held.service.name}
                    </Text>
                    {held.service.description && (
                      <Text fz="sm" c="dimmed" lineClamp={1}>
                        {held.service.description}
                      </Text>
                    )}
                  </div>
                  <Group gap="xs" wrap="nowrap">
                    <Badge color={held.free ? 'teal' : 'tessera'} variant="light">
                      {held.free ? t('access.services.free') : t('access.services.protected')}
                    </Badge>
                    <Badge color="gray" variant="outline" style={{ textTransform: 'none' }}>
                      {held.members.pageInfo.hasNextPage
                        ? t('access.services.manyUsers', { count: held.members.edges.length })
                        : t('access.services.users', { count: held.members.edges.length })}
                    </Badge>
                  </Group>
                </Group>
              </Accordion.Control>
              <Accordion.Panel>
                <Stack gap="lg">
                  {held.free && (
                    <div>
                      <Text fz="sm" c="dimmed" mb="xs">
                        {t('access.services.freeHelp')}
                      </Text>
                      <MemberList
                        id={held.service.id}
                        organisationId={organisationId}
                        page={held.members}
                        label={t('access.services.whoFree', { service: held.service.name })}
                      />
                    </div>
                  )}
                  {!held.free &&
                    held.roles.map((role) => (
                      <section
                        key={role.serviceRole.id}
                        aria-label={`${held.service.name} · ${role.serviceRole.name}`}
                      >
                        <Group gap="xs" mb="xs">
                          <Title order={3}>{role.serviceRole.name}</Title>
                          {!role.inForce && (
                            <Badge color="orange" variant="light">
                              {t('access.services.notInForce')}
                            </Badge>
                          )}
                          {role.validUntil && (
                            <Badge color="gray" variant="outline" style={{ textTransform: 'none' }}>
                              {t('access.services.until', { date: role.validUntil })}
                            </Badge>
                          )}
                        </Group>
                        <MemberList
                          id={role.serviceRole.id}
                          organisationId={organisationId}
                          page={role.members}
                          label={t('access.services.whoRole', {
                            service: held.service.name,
                            role: role.serviceRole.name,
                          })}
                        />
                      </section>
                    ))}
                </Stack>
              </Accordion.Panel>
            </Accordion.Item>
          ))}
        </Accordion>
      )}
    </Stack>
  );
}

/** The members of one service or role, with "show more" paging through Service.members / ServiceRole.members. */
function MemberList({
  id,
  organisationId,
  page,
  label,
}: {
  id: string;
  organisationId: string;
  page: MemberPage;
  label: string;
}) {
  const { t } = useTranslation();
  const client = useClient();
  const [extra, setExtra] = useState<MemberPage['edges'][number][]>([]);
  const [cursor, setCursor] = useState<{ hasNextPage: boolean; endCursor: string | null }>(page.pageInfo);
  const [loading, setLoading] = useState(false);
  const edges = [...page.edges, ...extra];

  async function more() {
    setLoading(true);
    const result = await client
      .query(MoreServiceMembersQuery, { id, organisationId, first: 50, after: cursor.endCursor })
      .toPromise();
    setLoading(false);
    const next = result.data?.node && 'members' in result.data.node ? result.data.node.members : null;
    if (!next) return;
    setExtra([...extra, ...next.edges]);
    setCursor(next.pageInfo);
  }

  if (edges.length === 0)
    return (
      <Text fz="sm" c="dimmed">
        {t('access.services.nobody')}
      </Text>
    );
  return (
    <Stack gap="xs">
      <Group component="ul" gap={8} p={0} m={0} style={{ listStyle: 'none' }} aria-label={label}>
        {edges.map((edge) => (
          <li key={edge.node.id}>
            <Anchor
              renderRoot={(props) => (
                <Link {...props} to="/members/$memberId/access" params={{ memberId: edge.node.id }} />
              )}
              fz="sm"
            >
              <Badge
                variant="light"
                color="gray"
                size="lg"
                style={{ textTransform: 'none', cursor: 'pointer' }}
              >
                {edge.node.person.firstName} {edge.node.person.lastName}
              </Badge>
            </Anchor>
          </li>
        ))}
      </Group>
      {cursor.hasNextPage && (
        <Button variant="subtle" size="xs" w="fit-content" onClick={() => void more()} loading={loading}>
          {t('access.services.more')}
        </Button>
      )}
    </Stack>
  );
}
