import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { createRootRouteWithContext, Outlet } from '@tanstack/react-router';
import type { Client } from 'urql';
import type { Session } from '../auth/session';
import { DayInputProvider } from '../components/DayInput';
import { StandaloneNotFoundPage } from '../components/NotFoundPage';
import { SkipLink } from '../components/SkipLink';
import { cssVariablesResolver, theme } from '../theme';

export interface RouterContext {
  auth: Session;
  client: Client;
}

export const Route = createRootRouteWithContext<RouterContext>()({
  component: RootLayout,
  notFoundComponent: StandaloneNotFoundPage,
});

function RootLayout() {
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} forceColorScheme="light">
      <DayInputProvider>
        <Notifications position="top-right" zIndex={1000} />
        <SkipLink />
        <Outlet />
      </DayInputProvider>
    </MantineProvider>
  );
}
