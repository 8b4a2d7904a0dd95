import { createContext, useContext, useSyncExternalStore } from 'react';
import type { Session, SessionSnapshot } from './session';

export const SessionContext = createContext<Session | null>(null);

export function useSessionStore(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession must be used inside <SessionContext.Provider>');
  return session;
}

export function useSession(): SessionSnapshot & { session: Session } {
  const session = useSessionStore();
  const snapshot = useSyncExternalStore(session.subscribe, session.getSnapshot);
  return { ...snapshot, session };
}
