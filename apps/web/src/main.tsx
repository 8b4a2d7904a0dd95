import '@mantine/core/styles.css';
import '@mantine/charts/styles.css';
import '@mantine/dates/styles.css';
import '@mantine/notifications/styles.css';
import './styles.css';

import { RouterProvider } from '@tanstack/react-router';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Provider as UrqlProvider } from 'urql';
import { Session } from './auth/session';
import { SessionContext, useSession } from './auth/use-session';
import { setupI18n } from './i18n';
import { createAppRouter } from './router';
import { createUrqlClient } from './urql';

setupI18n();
const session = new Session(() => createUrqlClient());
const router = createAppRouter(session);

function App() {
  const { client } = useSession();
  return (
    <UrqlProvider value={client}>
      <RouterProvider router={router} />
    </UrqlProvider>
  );
}

const root = document.getElementById('root');
if (!root) throw new Error('The page has no #root element');

createRoot(root).render(
  <StrictMode>
    <SessionContext.Provider value={session}>
      <App />
    </SessionContext.Provider>
  </StrictMode>,
);
