import {
  Alert,
  Badge,
  Button,
  Card,
  EmptyState,
  Group,
  Loader,
  Stack,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { IconAlertCircle, IconShieldCheck, IconUserPlus, IconUserX } from '@tabler/icons-react';
import { createFileRoute } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { useViewer } from '../auth/use-viewer';
import {
  NameAdministratorModal,
  RemoveModal,
  ScopeNamesQuery,
} from '../components/admin/AdministratorModals';
import { AdministratorsQuery, PAGE_SIZE, type Role } from '../components/admin/administrators-query';
import { DelegationsSection } from '../components/admin/DelegationsSection';
import { queryErrorMessage } from '../components/admin/field-message';

import { ReferentShortageBadge } from '../components/continuity/ReferentShortageBadge';
import { Pager, useCursorPager } from '../components/data/Pager';
import { useCompleteQuery } from '../components/data/useCompleteQuery';
import { PageTitle } from '../components/PageTitle';
import { formatDateTime } from '../lib/format';

export const Route = createFileRoute('/_auth/administrators')({
  component: AdministratorsPage,
});

function AdministratorsPage() {
  const { t } = useTranslation();
  const organisationId = useViewer().acting?.organisation?.id ?? '';
  const pager = useCursorPager(organisationId);
  const [result, reexecute] = useQuery({
    query: AdministratorsQuery,
    variables: { organisationId, first: PAGE_SIZE, after: pager.after },
    pause: !organisationId,
  });
  const [naming, setNaming] = useState(false);
  const [removing, setRemoving] = useState<Role | null>(null);
  const roles = result.data?.administrators.edges.map((edge) => edge.node) ?? [];
  // Computed by the API with the removeAdministrator checks: rule 1, and rule 6 keeps the last principal admin.
  const mayRemove = (role: Role) => role.viewerCanRemove;
  const [scopesResult, reexecuteScopes] = useCompleteQuery(
    { query: ScopeNamesQuery, variables: { organisationId }, pause: !organisationId },
    'units',
  );
  const refresh = () => {
    reexecute({ requestPolicy: 'network-only' });
    reexecuteScopes({ requestPolicy: 'network-only' });
  };
  // Continuity checks (guide 003): how short of referents the organisation and each unit are.
  const organisationShortage =
    scopesResult.data?.organisation?.__typename === 'Organisation'
      ? scopesResult.data.organisation.referentShortage
      : null;
  const scopeUnits = scopesResult.data?.units.edges ?? [];
  const unitShortage = new Map(scopeUnits.map(({ node }) => [node.id, node.referentShortage] as const));
  const shortUnits = scopeUnits.filter(({ node }) => node.referentShortage);

  type Shortage = 'NONE' | 'ONE' | null | undefined;
  const sections: { key: string; title: string; roles: Role[]; shortage?: Shortage }[] = [];
  const organisationRoles = roles.filter((role) => role.scopeKind === 'ORGANISATION');
  if (organisationRoles.length > 0 || organisationShortage)
    sections.push({
      key: 'organisation',
      title: t('admins.sectionOrganisation'),
      roles: organisationRoles,
      shortage: organisationShortage,
    });
  const byScope = new Map<string, { title: string; roles: Role[]; shortage?: Shortage }>();
  for (const role of roles) {
    if (role.scopeKind === 'ORGANISATION') continue;
    const scope = role.unit
      ? { key: `u:${role.unit.id}`, title: t('admins.scopeUnit', { name: role.unit.name }) }
      : { key: `g:${role.group?.id}`, title: t('admins.scopeGroup', { name: role.group?.name ?? '' }) };
    const entry = byScope.get(scope.key) ?? {
      title: scope.title,
      roles: [],
      shortage: role.unit ? unitShortage.get(role.unit.id) : null,
    };
    entry.roles.push(role);
    byScope.set(scope.key, entry);
  }
  // Units without any role still show, with their badge: "Sans référent" is exactly what must be seen.
  for (const { node } of shortUnits)
    if (!byScope.has(`u:${node.id}`))
      byScope.set(`u:${node.id}`, {
        title: t('admins.scopeUnit', { name: node.name }),
        roles: [],
        shortage: node.referentShortage,
      });
  for (const [key, entry] of [...byScope].sort(
    (a, b) => a[0].localeCompare(b[0]) || a[1].title.localeCompare(b[1].title),
  ))
    sections.push({ key, ...entry });

  return (
    <Stack gap="xl">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <div>
          <PageTitle>{t('admins.title')}</PageTitle>
          <Text c="dimmed" mt={6}>
            {t('admins.subtitle')}
          </Text>
        </div>
        <Button leftSection={<IconUserPlus size={16} aria-hidden="true" />} onClick={() => setNaming(true)}>
          {t('admins.name')}
        </Button>
      </Group>
      {result.error && (
        <Alert color="red" role="alert" icon={<IconAlertCircle aria-hidden="true" />}>
          {queryErrorMessage(t, result.error)}
        </Alert>
      )}
      {result.fetching && !result.data && <Loader aria-label={t('common.loading')} />}
      {result.data && roles.length === 0 && (
        <EmptyState
          variant="light"
          icon={<IconShieldCheck aria-hidden="true" />}
          title={t('admins.empty')}
          py="xl"
        />
      )}
      {sections.map((section) => (
        <Card key={section.key} component="section" aria-labelledby={`section-${section.key}`}>
          <Group gap="sm" mb="sm">
            <Title order={2} fz="h4" id={`section-${section.key}`}>
              {section.title}
            </Title>
            <ReferentShortageBadge shortage={section.shortage} />
          </Group>
          <Stack component="ul" gap={0} p={0} m={0} style={{ listStyle: 'none' }}>
            {section.roles.map((role) => (
              <Group
                component="li"
                key={role.id}
                justify="space-between"
                wrap="nowrap"
                py="xs"
                style={{ borderTop: '1px solid var(--mantine-color-gray-2)' }}
              >
                <div>
                  <Group gap="xs">
                    <Text fw={600}>
                      {role.member.person.firstName} {role.member.person.lastName}
                    </Text>
                    <Badge variant="light" color={role.kind === 'PRINCIPAL_ADMIN' ? 'indigo' : 'blue'}>
                      {t(`adminRoleKind.${role.kind}`)}
                    </Badge>
                    {role.validUntil && (
                      <Badge variant="outline" color="orange">
                        {t('admins.until', { date: formatDateTime(role.validUntil) })}
                      </Badge>
                    )}
                  </Group>
                  <Text fz="sm" c="dimmed">
                    {role.member.person.email}
                    {role.namedByOperator && ` · ${t('admins.namedByOperator')}`}
                    {role.namedBy &&
                      ` · ${t('admins.namedBy', { name: `${role.namedBy.person.firstName} ${role.namedBy.person.lastName}` })}`}
                  </Text>
                </div>
                {mayRemove(role) && (
                  <Button
                    variant="subtle"
                    color="red"
                    size="xs"
                    leftSection={<IconUserX size={14} aria-hidden="true" />}
                    onClick={() => setRemoving(role)}
                  >
                    {/* The visible words begin the accessible name; the person completes it (WCAG 2.5.3). */}
                    {t('admins.removeConfirm')}
                    <VisuallyHidden>
                      {' '}
                      — {role.member.person.firstName} {role.member.person.lastName}
                    </VisuallyHidden>
                  </Button>
                )}
              </Group>
            ))}
          </Stack>
        </Card>
      ))}
      {organisationId && <DelegationsSection organisationId={organisationId} />}
      <Pager
        page={pager.page}
        hasNextPage={result.data?.administrators.pageInfo.hasNextPage ?? false}
        onPrevious={pager.previous}
        onNext={() => pager.next(result.data?.administrators.pageInfo.endCursor)}
      />
      {naming && (
        <NameAdministratorModal
          organisationId={organisationId}
          onClose={() => setNaming(false)}
          onNamed={() => {
            setNaming(false);
            refresh();
          }}
        />
      )}
      {removing && (
        <RemoveModal
          role={removing}
          onClose={() => setRemoving(null)}
          onRemoved={() => {
            setRemoving(null);
            refresh();
          }}
        />
      )}
    </Stack>
  );
}
