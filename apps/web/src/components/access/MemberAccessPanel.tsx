import { Alert, Anchor, Badge, Card, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { IconAlertCircle, IconAlertTriangle } from '@tabler/icons-react';
import { Link } from '@tanstack/react-router';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { graphql } from '../../graphql';
import { describeRequestError, isNotFoundError } from '../../lib/errors';
import { MemberDirectGrants, MemberDirectGrantsFragment } from '../members/MemberDirectGrants';
import { AddToGroupsForm } from './AddToGroupsForm';
import { SourceBadge } from './SourceBadge';

export const MemberAccessQuery = graphql(
  `
  query MemberAccess($id: ID!) {
    node(id: $id) {
      ... on Member {
        id
        ...MemberDirectGrants
        status
        organisation { id }
        person { firstName lastName email }
        groups { blocked group { id name } }
        effectiveAccess {
          services {
            free
            service { id name }
            roles {
              serviceRole { id name }
              sources { kind group { id name } }
            }
          }
          suspended {
            serviceRole { id name service { id name } }
            source { kind group { id name } }
          }
        }
      }
    }
  }
`,
  [MemberDirectGrantsFragment],
);

/**
 * A member's access (Orange: the user's card with the services it holds): its groups, what it may use now with
 * where each role comes from, and the grants the agreement suspends. Also adds it to groups (Caf step 5).
 */
export function MemberAccessPanel({ memberId }: { memberId: string }) {
  const { t } = useTranslation();
  const [result, refetch] = useQuery({ query: MemberAccessQuery, variables: { id: memberId } });
  const member = result.data?.node && 'effectiveAccess' in result.data.node ? result.data.node : null;

  if (result.fetching && !result.data) return <Loader aria-label={t('common.loading')} />;
  if (result.error && !isNotFoundError(result.error))
    return (
      <Alert color="red" role="alert" icon={<IconAlertCircle aria-hidden="true" />}>
        {describeRequestError(t, result.error)}
      </Alert>
    );
  if (!member) return <Text c="dimmed">{t('access.member.notFound')}</Text>;

  const byName = (a: string, b: string) => a.localeCompare(b);
  // The API sorts by id; people read by name.
  const access = {
    services: [...member.effectiveAccess.services]
      .sort((a, b) => byName(a.service.name, b.service.name))
      .map((service) => ({
        ...service,
        roles: [...service.roles].sort((a, b) => byName(a.serviceRole.name, b.serviceRole.name)),
      })),
    suspended: [...member.effectiveAccess.suspended].sort(
      (a, b) =>
        byName(a.serviceRole.service.name, b.serviceRole.service.name) ||
        byName(a.serviceRole.name, b.serviceRole.name),
    ),
  };
  return (
    <Stack gap="lg">
      <MemberGroups
        memberId={member.id}
        organisationId={member.organisation.id}
        groups={member.groups}
        onChanged={() => refetch({ requestPolicy: 'network-only' })}
      />
      <MemberDirectGrants member={member} reload={() => refetch({ requestPolicy: 'network-only' })} />

      <Card component="section" aria-labelledby="effective-access-title">
        <Stack gap="md">
          <div>
            <Title order={2} id="effective-access-title">
              {t('access.member.effectiveTitle')}
            </Title>
            <Text fz="sm" c="dimmed" mt={4}>
              {t('access.member.effectiveHelp')}
            </Text>
          </div>
          {member.status !== 'ACTIVE' && (
            <Alert color="orange" icon={<IconAlertTriangle aria-hidden="true" />}>
              {t(`access.member.closed.${member.status as 'BLOCKED' | 'ARCHIVED'}`)}
            </Alert>
          )}
          {access.services.length === 0 ? (
            <Text c="dimmed">{t('access.member.nothing')}</Text>
          ) : (
            <Table.ScrollContainer minWidth={520}>
              <Table verticalSpacing="sm" aria-label={t('access.member.effectiveTitle')}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('access.grants.service')}</Table.Th>
                    <Table.Th>{t('access.grants.role')}</Table.Th>
                    <Table.Th>{t('access.member.sources')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {access.services.flatMap((service) =>
                    service.roles.length === 0
                      ? [
                          <Table.Tr key={service.service.id}>
                            <Table.Td fw={500}>{service.service.name}</Table.Td>
                            <Table.Td c="dimmed">—</Table.Td>
                            <Table.Td>
                              <SourceBadge source={{ kind: 'FREE', group: null }} />
                            </Table.Td>
                          </Table.Tr>,
                        ]
                      : service.roles.map((role, index) => (
                          <Table.Tr key={`${service.service.id}-${role.serviceRole.id}`}>
                            <Table.Td fw={500}>{index === 0 ? service.service.name : ''}</Table.Td>
                            <Table.Td>{role.serviceRole.name}</Table.Td>
                            <Table.Td>
                              <Group gap={6}>
                                {role.sources.map((source) => (
                                  <SourceBadge
                                    key={`${source.kind}-${source.group?.id ?? ''}`}
                                    source={source}
                                  />
                                ))}
                              </Group>
                            </Table.Td>
                          </Table.Tr>
                        )),
                  )}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </Stack>
      </Card>

      {access.suspended.length > 0 && (
        <Card
          component="section"
          aria-labelledby="suspended-title"
          bd="1px solid var(--mantine-color-orange-3)"
        >
          <Stack gap="sm">
            <Group gap="xs">
              <IconAlertTriangle size={20} color="var(--mantine-color-orange-7)" aria-hidden="true" />
              <Title order={2} id="suspended-title">
                {t('access.member.suspendedTitle')}
              </Title>
            </Group>
            <Text fz="sm" c="dimmed">
              {t('access.member.suspendedHelp')}
            </Text>
            <Stack component="ul" gap={6} p={0} m={0} style={{ listStyle: 'none' }}>
              {access.suspended.map((grant) => (
                <Group
                  component="li"
                  key={`${grant.serviceRole.id}-${grant.source.kind}-${grant.source.group?.id ?? ''}`}
                  gap="xs"
                >
                  <Badge color="red" variant="light">
                    {t('access.suspended')}
                  </Badge>
                  <Text>
                    {grant.serviceRole.service.name} · {grant.serviceRole.name}
                  </Text>
                  <SourceBadge source={grant.source} suspended />
                </Group>
              ))}
            </Stack>
          </Stack>
        </Card>
      )}
    </Stack>
  );
}

function MemberGroups({
  memberId,
  organisationId,
  groups,
  onChanged,
}: {
  memberId: string;
  organisationId: string;
  groups: readonly { blocked: boolean; group: { id: string; name: string } }[];
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const currentGroupIds = useMemo(() => groups.map((g) => g.group.id), [groups]);

  return (
    <Card component="section" aria-labelledby="member-groups-title">
      <Stack gap="md">
        <Title order={2} id="member-groups-title">
          {t('access.member.groupsTitle')}
        </Title>
        {groups.length === 0 ? (
          <Text c="dimmed">{t('access.member.noGroups')}</Text>
        ) : (
          <Group gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
            {groups.map(({ group, blocked }) => (
              <li key={group.id}>
                <Badge
                  size="lg"
                  variant={blocked ? 'outline' : 'light'}
                  color={blocked ? 'orange' : 'tessera'}
                  renderRoot={(props) => (
                    <Link {...props} to="/groups/$groupId" params={{ groupId: group.id }} />
                  )}
                  style={{ textTransform: 'none', cursor: 'pointer' }}
                >
                  {blocked ? t('access.member.blockedIn', { name: group.name }) : group.name}
                </Badge>
              </li>
            ))}
          </Group>
        )}
        <AddToGroupsForm
          memberId={memberId}
          organisationId={organisationId}
          currentGroupIds={currentGroupIds}
          onAdded={onChanged}
        />
      </Stack>
    </Card>
  );
}

/** The route a member's access lives at, for links from other screens. */
export function MemberAccessLink({ memberId, children }: { memberId: string; children: React.ReactNode }) {
  return (
    <Anchor renderRoot={(props) => <Link {...props} to="/members/$memberId/access" params={{ memberId }} />}>
      {children}
    </Anchor>
  );
}
