import { Alert, Card, EmptyState, Group, SimpleGrid, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconAlertTriangle, IconBuildingOff, IconClockPause, IconShieldLock } from '@tabler/icons-react';
import { createFileRoute, Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useViewer } from '../auth/use-viewer';
import { fullName, type OrganisationSummary, type ViewerData } from '../auth/viewer';
import { PendingInvitationsBanner } from '../components/account/Invitations';
import { ActivationCallToAction } from '../components/admin/ActivationCallToAction';
import { OrganisationAgreement } from '../components/admin/OrganisationAgreement';
import { ContinuitySection } from '../components/continuity/ContinuitySection';
import { DashboardFigures } from '../components/dashboard/DashboardFigures';
import { OrganisationStatusBadge } from '../components/OrganisationStatusBadge';
import { PageTitle } from '../components/PageTitle';
import { navItemsFor } from '../components/shell/navigation';

export const Route = createFileRoute('/_auth/')({
  component: DashboardPage,
});

function DashboardPage() {
  const { t } = useTranslation();
  const viewer = useViewer();
  const organisation = viewer.acting?.kind === 'ORGANISATION' ? viewer.acting.organisation : null;
  const isOperator = viewer.acting?.kind === 'OPERATOR';

  return (
    <Stack gap="xl">
      <div>
        <PageTitle>{t('dashboard.title')}</PageTitle>
        {(organisation || isOperator) && (
          <Group gap="sm" mt={6}>
            <Text c="dimmed" fz="lg" data-testid="dashboard-context">
              {organisation ? organisation.name : t('shell.operator')}
            </Text>
          </Group>
        )}
      </div>

      <PendingInvitationsBanner />

      {organisation?.status === 'PENDING_ACTIVATION' && (
        <Alert color="yellow" role="status" icon={<IconClockPause aria-hidden="true" />}>
          {t('dashboard.pendingActivation')}
        </Alert>
      )}
      {organisation?.status === 'PENDING_ACTIVATION' && (
        <ActivationCallToAction organisation={organisation} />
      )}
      {organisation?.status === 'SUSPENDED' && (
        <Alert color="red" role="status" icon={<IconAlertTriangle aria-hidden="true" />}>
          {t('dashboard.suspended')}
        </Alert>
      )}

      {!viewer.acting && (
        <EmptyState
          variant="light"
          icon={<IconBuildingOff aria-hidden="true" />}
          title={t('dashboard.noContextTitle')}
          description={t('dashboard.noContext')}
          py="xl"
        />
      )}

      {viewer.acting && (
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
          {organisation ? <OrganisationCard organisation={organisation} /> : <OperatorCard />}
          <AccountCard person={viewer.person} />
        </SimpleGrid>
      )}

      {organisation?.status === 'ACTIVE' && <ContinuitySection organisationId={organisation.id} />}
      {organisation?.status === 'ACTIVE' && <DashboardFigures organisationId={organisation.id} />}

      {organisation && <OrganisationAgreement organisationId={organisation.id} />}

      {viewer.acting && <Shortcuts acting={viewer.acting} />}
    </Stack>
  );
}

function OrganisationCard({ organisation }: { organisation: OrganisationSummary }) {
  const { t } = useTranslation();
  return (
    <Card component="section" aria-labelledby="organisation-card-title">
      <Text id="organisation-card-title" component="h2" fz="xs" fw={700} tt="uppercase" c="dimmed" lts={0.5}>
        {t('dashboard.organisationCard')}
      </Text>
      <Text fw={650} fz="xl" mt={4}>
        {organisation.name}
      </Text>
      <Stack component="dl" gap={8} mt="md" mb={0}>
        <Group gap="xs">
          <Text component="dt" fz="sm" c="dimmed" w={130}>
            {t('dashboard.status')}
          </Text>
          <Text component="dd" m={0}>
            <OrganisationStatusBadge status={organisation.status} />
          </Text>
        </Group>
        <Group gap="xs">
          <Text component="dt" fz="sm" c="dimmed" w={130}>
            {t('dashboard.registry')}
          </Text>
          <Text component="dd" m={0} fz="sm">
            {t(`registryKind.${organisation.registryKind}`)}{' '}
            <Text span fz="sm" ff="monospace">
              {organisation.registryNumber}
            </Text>
          </Text>
        </Group>
      </Stack>
    </Card>
  );
}

function OperatorCard() {
  const { t } = useTranslation();
  return (
    <Card component="section" aria-labelledby="operator-card-title">
      <Group gap="sm" wrap="nowrap" align="flex-start">
        <ThemeIcon variant="light" size={40} radius="md">
          <IconShieldLock size={22} aria-hidden="true" />
        </ThemeIcon>
        <div>
          <Text id="operator-card-title" component="h2" fw={650} fz="lg">
            {t('dashboard.operatorSubtitle')}
          </Text>
          <Text fz="sm" c="dimmed" mt={4}>
            {t('dashboard.operatorDescription')}
          </Text>
        </div>
      </Group>
    </Card>
  );
}

function AccountCard({ person }: { person: ViewerData['person'] }) {
  const { t } = useTranslation();
  return (
    <Card component="section" aria-labelledby="account-card-title">
      <Text id="account-card-title" component="h2" fz="xs" fw={700} tt="uppercase" c="dimmed" lts={0.5}>
        {t('dashboard.accountCard')}
      </Text>
      <Text fw={650} fz="xl" mt={4}>
        {fullName(person)}
      </Text>
      <Text fz="sm" c="dimmed" mt={4}>
        {person.email}
      </Text>
    </Card>
  );
}

function Shortcuts({ acting }: { acting: NonNullable<ViewerData['acting']> }) {
  const { t } = useTranslation();
  const items = navItemsFor(acting).filter((item) => item.shortcut);
  return (
    <section aria-labelledby="shortcuts-title">
      <Title order={2} id="shortcuts-title" mb="md">
        {t('dashboard.shortcuts')}
      </Title>
      <SimpleGrid
        component="ul"
        cols={{ base: 1, sm: 2, lg: 3 }}
        spacing="md"
        p={0}
        m={0}
        style={{ listStyle: 'none' }}
      >
        {items.map((item) => (
          <li key={item.to}>
            <Card component={Link} to={item.to} className="shortcut-card">
              <Group wrap="nowrap" align="flex-start" gap="md">
                <ThemeIcon variant="light" size={38} radius="md">
                  <item.icon size={20} stroke={1.7} aria-hidden="true" />
                </ThemeIcon>
                <div>
                  <Text component="h3" fw={600}>
                    {t(item.label)}
                  </Text>
                  {item.shortcut && (
                    <Text fz="sm" c="dimmed" mt={2}>
                      {t(item.shortcut)}
                    </Text>
                  )}
                </div>
              </Group>
            </Card>
          </li>
        ))}
      </SimpleGrid>
    </section>
  );
}
