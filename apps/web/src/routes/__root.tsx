import { MantineProvider, mergeThemeOverrides } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { createRootRouteWithContext, Outlet } from '@tanstack/react-router';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
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
  const { t, i18n } = useTranslation();
  // Every dialog's close button has a name in the reader's language (axe: button-name), unless a dialog gives its own.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the label follows the language
  const localised = useMemo(
    () =>
      mergeThemeOverrides(theme, {
        components: { Modal: { defaultProps: { closeButtonProps: { 'aria-label': t('common.close') } } } },
      }),
    [t, i18n.language],
  );
  return (
    <MantineProvider theme={localised} cssVariablesResolver={cssVariablesResolver} forceColorScheme="light">
      <DayInputProvider>
        <Notifications position="top-right" zIndex={1000} />
        <SkipLink />
        <Outlet />
      </DayInputProvider>
    </MantineProvider>
  );
}
