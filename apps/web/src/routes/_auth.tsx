import { AppShell, Box, Burger, Container, Divider, Group } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { createFileRoute, Link, Outlet, redirect, useLocation } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { requiredStep } from '../auth/next-step';
import { useViewer } from '../auth/use-viewer';
import { Brand } from '../components/Brand';
import { StandaloneErrorPage } from '../components/ErrorPage';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { NotificationBell } from '../components/requests/NotificationBell';
import { mainContentId } from '../components/SkipLink';
import { ActingContextMenu } from '../components/shell/ActingContextMenu';
import { MainNav } from '../components/shell/MainNav';
import { withheldItemFor } from '../components/shell/navigation';
import { UserMenu } from '../components/shell/UserMenu';
import { WithheldPage } from '../components/WithheldPage';

const PERSONAL_PATHS = ['/account'];

export const Route = createFileRoute('/_auth')({
  beforeLoad: async ({ context, location }) => {
    const viewer = await context.auth.load();
    const back = location.href === '/' ? undefined : location.href;
    if (!viewer) throw redirect({ to: '/sign-in', search: { redirect: back } });
    const step = requiredStep(viewer);
    // The person's own account (its invitations, identifier, password) needs no acting context.
    if (step === '/choose-organisation' && !PERSONAL_PATHS.includes(location.pathname))
      throw redirect({ to: step, search: { redirect: back } });
    if (step) throw redirect({ to: step });
    return { viewer };
  },
  component: AuthenticatedShell,
  errorComponent: StandaloneErrorPage,
});

function AuthenticatedShell() {
  const { t } = useTranslation();
  const viewer = useViewer();
  const pathname = useLocation({ select: (location) => location.pathname });
  // A page the viewer is not offered (typed or bookmarked) says so instead of failing on its queries.
  const withheld = withheldItemFor(viewer.acting, pathname);
  const [navOpened, { toggle, close }] = useDisclosure(false);

  return (
    <AppShell
      header={{ height: 64 }}
      navbar={{ width: 260, breakpoint: 'sm', collapsed: { mobile: !navOpened } }}
      padding={{ base: 'md', sm: 'xl' }}
    >
      <AppShell.Header px="md" bg="white">
        <Group h="100%" justify="space-between" wrap="nowrap" gap="sm">
          <Group gap="md" wrap="nowrap" miw={0}>
            <Burger
              opened={navOpened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={t('shell.toggleNavigation')}
              aria-expanded={navOpened}
              aria-controls="main-navigation"
            />
            <Link
              to="/"
              style={{ textDecoration: 'none' }}
              aria-label={`${t('app.name')}, ${t('nav.dashboard')}`}
            >
              <Brand />
            </Link>
            <Divider orientation="vertical" my="md" visibleFrom="sm" />
            <Box visibleFrom="sm" miw={0}>
              <ActingContextMenu viewer={viewer} />
            </Box>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <LanguageSwitch />
            <NotificationBell />
            <UserMenu person={viewer.person} />
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar id="main-navigation" aria-label={t('shell.mainNavigation')} bg="gray.0">
        {/* On small screens the header has no room for the acting context: it heads the navigation drawer. */}
        <Box
          hiddenFrom="sm"
          px="md"
          py="sm"
          style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}
        >
          <ActingContextMenu viewer={viewer} />
        </Box>
        <MainNav acting={viewer.acting} onNavigate={close} />
      </AppShell.Navbar>

      <AppShell.Main id={mainContentId} tabIndex={-1}>
        <Container size="lg" px={0}>
          {withheld ? <WithheldPage label={withheld.label} /> : <Outlet />}
        </Container>
      </AppShell.Main>
    </AppShell>
  );
}
