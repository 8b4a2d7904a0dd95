import { createRouter } from '@tanstack/react-router';
import type { Session } from './auth/session';
import { ErrorPage } from './components/ErrorPage';
import { NotFoundPage } from './components/NotFoundPage';
import { PendingPage } from './components/PendingPage';
import { routeTree } from './routeTree.gen';

export function createAppRouter(session: Session) {
  const router = createRouter({
    routeTree,
    context: { auth: session, client: session.client },
    defaultPreload: 'intent',
    defaultPendingComponent: PendingPage,
    defaultErrorComponent: ErrorPage,
    defaultNotFoundComponent: NotFoundPage,
    scrollRestoration: true,
  });
  // A new person or acting context brings a new GraphQL client; loaders must use it from the next navigation on.
  session.subscribe(() => {
    if (router.options.context.client !== session.client) {
      router.update({ ...router.options, context: { auth: session, client: session.client } });
    }
  });
  return router;
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}
