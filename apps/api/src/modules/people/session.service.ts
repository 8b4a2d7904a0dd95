import type { EntityManager } from '@mikro-orm/postgresql';
import { hashToken, newToken } from '../../auth/tokens.js';
import { Session } from './person.entity.js';

export interface SessionInfo {
  id: string;
  personId: string;
  actingOrganisationId: string | null;
  actingAsOperator: boolean;
}

export const SESSION_COOKIE = 'tessera_session';

/** Opens a server-side session and returns the secret to put in the cookie. */
export async function openSession(em: EntityManager, personId: string, ttlHours: number): Promise<string> {
  const { token, hash } = newToken();
  em.create(Session, {
    id: hash,
    person: personId,
    expiresAt: new Date(Date.now() + ttlHours * 3600_000),
  });
  await em.flush();
  return token;
}

/** The live session behind a cookie secret, or null when unknown, expired or revoked. */
export async function findSession(em: EntityManager, token: string | undefined): Promise<SessionInfo | null> {
  if (!token) return null;
  const session = await em.findOne(Session, { id: hashToken(token) });
  if (!session || session.revokedAt || session.expiresAt.getTime() <= Date.now()) return null;
  return {
    id: session.id,
    personId: session.person,
    actingOrganisationId: session.actingOrganisation ?? null,
    actingAsOperator: session.actingAsOperator,
  };
}

export async function revokeSession(em: EntityManager, sessionId: string): Promise<void> {
  await em.nativeUpdate(Session, { id: sessionId }, { revokedAt: new Date() });
}

/** Revokes every session of a person, e.g. after a password change or when the operator forces one. */
export async function revokeAllSessions(
  em: EntityManager,
  personId: string,
  exceptId?: string,
): Promise<void> {
  await em.nativeUpdate(
    Session,
    { person: personId, revokedAt: null, ...(exceptId ? { id: { $ne: exceptId } } : {}) },
    { revokedAt: new Date() },
  );
}
