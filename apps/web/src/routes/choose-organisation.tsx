import { Alert, Badge, Box, Button, Group, Loader, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  IconAlertCircle,
  IconBuilding,
  IconChevronRight,
  IconLogout,
  IconShieldLock,
} from '@tabler/icons-react';
import { createFileRoute, redirect, useNavigate } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { type ActingTarget, actingTargetKey, useChooseActingContext } from '../auth/acting';
import { redirectSearchSchema } from '../auth/redirect';
import { useSignOut } from '../auth/sign-out';
import { useSession } from '../auth/use-session';
import { PendingInvitationsBanner } from '../components/account/Invitations';
import { StandaloneErrorPage } from '../components/ErrorPage';
import { OrganisationStatusBadge } from '../components/OrganisationStatusBadge';
import { PageTitle } from '../components/PageTitle';
import { StandaloneLayout } from '../components/StandaloneLayout';

export const Route = createFileRoute('/choose-organisation')({
  validateSearch: redirectSearchSchema,
  beforeLoad: async ({ context, location }) => {
    const viewer = await context.auth.load();
    if (!viewer) throw redirect({ to: '/sign-in', search: { redirect: location.href } });
    if (viewer.mustChangePassword || viewer.mustAcceptTerms) throw redirect({ to: '/first-sign-in' });
    return { viewer };
  },
  errorComponent: StandaloneErrorPage,
  component: ChooseOrganisationPage,
});

function ChooseOrganisationPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const search = Route.useSearch();
  const { viewer: loaded } = Route.useRouteContext();
  const viewer = useSession().viewer ?? loaded;
  const { choose, pending, error } = useChooseActingContext();
  const { signOut, pending: signingOut } = useSignOut();

  const currentKey =
    viewer.acting?.kind === 'OPERATOR' ? 'operator' : (viewer.acting?.organisation?.id ?? null);
  const hasOptions = viewer.memberships.length > 0 || viewer.isOperatorAdmin;

  async function pick(target: ActingTarget) {
    const outcome = await choose(target);
    if (!outcome.ok) return;
    const acting = outcome.viewer.acting;
    notifications.show({
      color: 'teal',
      message:
        acting?.kind === 'OPERATOR'
          ? t('chooseOrganisation.chosenOperator')
          : t('chooseOrganisation.chosen', { name: acting?.organisation?.name ?? '' }),
    });
    await navigate({ href: search.redirect ?? '/' });
  }

  return (
    <StandaloneLayout
      actions={
        <Button
          variant="subtle"
          color="gray"
          leftSection={<IconLogout size={16} aria-hidden="true" />}
          loading={signingOut}
          onClick={() => void signOut()}
        >
          {t('shell.signOut')}
        </Button>
      }
    >
      <Stack gap="xl">
        <div>
          <PageTitle documentTitle={t('chooseOrganisation.pageTitle')}>
            {t('chooseOrganisation.title')}
          </PageTitle>
          <Text c="dimmed" mt={6}>
            {t('chooseOrganisation.subtitle')}
          </Text>
        </div>

        {error && (
          <Alert color="red" icon={<IconAlertCircle aria-hidden="true" />} title={t('errors.title')}>
            {error}
          </Alert>
        )}

        <PendingInvitationsBanner />

        {!hasOptions && (
          <Alert color="blue" role="status">
            {t('chooseOrganisation.noOptions')}
          </Alert>
        )}

        {viewer.memberships.length > 0 && (
          <section aria-labelledby="organisations-heading">
            <Title order={2} id="organisations-heading" fz="sm" tt="uppercase" c="dimmed" mb="sm" lts={0.5}>
              {t('chooseOrganisation.organisationsHeading')}
            </Title>
            <Stack component="ul" gap="sm" p={0} m={0} style={{ listStyle: 'none' }}>
              {viewer.memberships.map(({ organisation }) => (
                <li key={organisation.id}>
                  <ContextCard
                    icon={<IconBuilding size={22} stroke={1.6} aria-hidden="true" />}
                    title={organisation.name}
                    description={`${t(`registryKind.${organisation.registryKind}`)} ${organisation.registryNumber}`}
                    badge={<OrganisationStatusBadge status={organisation.status} />}
                    current={currentKey === organisation.id}
                    pending={pending === actingTargetKey({ organisationId: organisation.id })}
                    disabled={pending !== null}
                    onClick={() => void pick({ organisationId: organisation.id })}
                  />
                </li>
              ))}
            </Stack>
          </section>
        )}

        {viewer.isOperatorAdmin && (
          <section aria-labelledby="operator-heading">
            <Title order={2} id="operator-heading" fz="sm" tt="uppercase" c="dimmed" mb="sm" lts={0.5}>
              {t('chooseOrganisation.operatorHeading')}
            </Title>
            <ContextCard
              icon={<IconShieldLock size={22} stroke={1.6} aria-hidden="true" />}
              title={t('chooseOrganisation.actAsOperator')}
              description={t('chooseOrganisation.operatorDescription')}
              current={currentKey === 'operator'}
              pending={pending === 'operator'}
              disabled={pending !== null}
              onClick={() => void pick({ asOperator: true })}
            />
          </section>
        )}
      </Stack>
    </StandaloneLayout>
  );
}

interface ContextCardProps {
  icon: ReactNode;
  title: string;
  description: string;
  badge?: ReactNode;
  current: boolean;
  pending: boolean;
  disabled: boolean;
  onClick: () => void;
}

function ContextCard({
  icon,
  title,
  description,
  badge,
  current,
  pending,
  disabled,
  onClick,
}: ContextCardProps) {
  const { t } = useTranslation();
  return (
    <UnstyledButton
      className="context-card"
      data-current={current || undefined}
      aria-current={current ? 'true' : undefined}
      aria-busy={pending || undefined}
      disabled={disabled}
      onClick={onClick}
      p="md"
      bg="white"
      bd="1px solid var(--mantine-color-gray-3)"
      bdrs="md"
    >
      <Group wrap="nowrap" gap="md">
        <Box c="tessera.7" style={{ display: 'flex' }}>
          {icon}
        </Box>
        <Box flex={1} miw={0}>
          <Group gap="xs">
            <Text fw={600}>{title}</Text>
            {current && (
              <Badge variant="filled" size="sm">
                {t('chooseOrganisation.current')}
              </Badge>
            )}
          </Group>
          <Text fz="sm" c="dimmed">
            {description}
          </Text>
        </Box>
        {badge}
        {pending ? (
          <Loader size="sm" aria-label={t('common.loading')} />
        ) : (
          <IconChevronRight size={18} aria-hidden="true" color="var(--mantine-color-gray-6)" />
        )}
      </Group>
    </UnstyledButton>
  );
}
