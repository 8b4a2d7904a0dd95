import type { EntityManager } from '@mikro-orm/postgresql';
import { hashToken, newToken } from '../../auth/tokens.js';
import type { Config } from '../../config.js';
import { type ISession, Session } from './person.entity.js';

export interface SessionInfo {
  id: string;
  personId: string;
  actingOrganisationId: string | null;
  actingAsOperator: boolean;
}

export const SESSION_COOKIE = 'tessera_session';

/** How long a session lives: at most `ttlHours` after sign-in, and `idleMinutes` after it was last used. */
export interface SessionPolicy {
  ttlHours: number;
  idleMinutes: number;
}

export function sessionPolicy(
  config: Pick<Config, 'SESSION_TTL_HOURS' | 'SESSION_IDLE_MINUTES'>,
): SessionPolicy {
  return { ttlHours: config.SESSION_TTL_HOURS, idleMinutes: config.SESSION_IDLE_MINUTES };
}

/**
 * lastSeenAt is written at most once a minute: a burst of requests costs one UPDATE, and the idle timeout is
 * exact to within this step.
 */
export const LAST_SEEN_STEP_MS = 60_000;

type SessionTimes = Pick<ISession, 'createdAt' | 'lastSeenAt' | 'expiresAt'> & { revokedAt?: Date | null };

/**
 * When a session ends unless used again: the earliest of its stored expiry, the absolute lifetime counted from
 * sign-in (so shortening SESSION_TTL_HOURS applies to open sessions too) and the idle timeout.
 */
export function sessionEndsAt(row: SessionTimes, policy: SessionPolicy): Date {
  return new Date(
    Math.min(
      row.expiresAt.getTime(),
      row.createdAt.getTime() + policy.ttlHours * 3_600_000,
      row.lastSeenAt.getTime() + policy.idleMinutes * 60_000,
    ),
  );
}

export function isLive(row: SessionTimes, policy: SessionPolicy, now: Date): boolean {
  return !row.revokedAt && sessionEndsAt(row, policy).getTime() > now.getTime();
}

function infoOf(row: ISession): SessionInfo {
  return {
    id: row.id,
    personId: row.person,
    actingOrganisationId: row.actingOrganisation ?? null,
    actingAsOperator: row.actingAsOperator,
  };
}

/** Opens a server-side session and returns the secret to put in the cookie. */
/** Opens a session and answers its cookie secret with the very row it created (never "the newest session"). */
export async function openSession(
  em: EntityManager,
  personId: string,
  ttlHours: number,
): Promise<{ token: string; session: ISession }> {
  const { token, hash } = newToken();
  const session = em.create(Session, {
    id: hash,
    person: personId,
    expiresAt: new Date(Date.now() + ttlHours * 3600_000),
  });
  await em.flush();
  return { token, session };
}

/**
 * The live session behind a cookie secret, or null when unknown, revoked, past its lifetime or idle too long.
 * A request is a use of the session: it pushes the idle timeout back (one UPDATE a minute at most).
 */
export async function findSession(
  em: EntityManager,
  token: string | undefined,
  policy: SessionPolicy,
  now: Date,
): Promise<SessionInfo | null> {
  if (!token) return null;
  const row = await em.findOne(Session, { id: hashToken(token) });
  if (!row || !isLive(row, policy, now)) return null;
  await markSeen(em, row.id, row.lastSeenAt, now);
  return infoOf(row);
}

/** A request is a use of its session: pushes the idle timeout back, with one UPDATE a minute at most. */
export async function markSeen(em: EntityManager, id: string, lastSeenAt: Date, now: Date): Promise<void> {
  if (now.getTime() - lastSeenAt.getTime() >= LAST_SEEN_STEP_MS) {
    const seenBefore = new Date(now.getTime() - LAST_SEEN_STEP_MS);
    await em.nativeUpdate(Session, { id, lastSeenAt: { $lte: seenBefore } }, { lastSeenAt: now });
  }
}

/**
 * A session read again by id without counting as a use (a live stream re-checking itself), with the time it
 * will end unless used meanwhile; null once it has ended.
 */
export async function sessionById(
  em: EntityManager,
  id: string,
  policy: SessionPolicy,
  now: Date,
): Promise<(SessionInfo & { endsAt: Date }) | null> {
  const row = await em.findOne(Session, { id });
  if (!row || !isLive(row, policy, now)) return null;
  return { ...infoOf(row), endsAt: sessionEndsAt(row, policy) };
}

/**
 * Sessions revoked by a unit of work, kept per EntityManager (the transaction) until it commits: `inTransaction`
 * then publishes them on the live channel, so open subscriptions of those sessions end at once, and a rollback
 * publishes nothing.
 */
const revokedBy = new WeakMap<EntityManager, Set<string>>();

function noteRevoked(em: EntityManager, rows: { id: string }[]): string[] {
  const ids = rows.map((row) => row.id);
  if (ids.length === 0) return ids;
  const pending = revokedBy.get(em) ?? new Set<string>();
  for (const id of ids) pending.add(id);
  revokedBy.set(em, pending);
  return ids;
}

/** The sessions revoked through `em` since the last call; for the code that commits `em`'s transaction. */
export function takeRevokedSessions(em: EntityManager): string[] {
  const pending = revokedBy.get(em);
  revokedBy.delete(em);
  return pending ? [...pending] : [];
}

async function revokeWhere(em: EntityManager, where: string, params: unknown[]): Promise<string[]> {
  const rows = await em.execute<{ id: string }[]>(
    `update "session" set "revoked_at" = ? where "revoked_at" is null and ${where} returning "id"`,
    [new Date(), ...params],
  );
  return noteRevoked(em, rows);
}

/** Ends one session (sign-out); returns its id when it was still open. */
export async function revokeSession(em: EntityManager, sessionId: string): Promise<string[]> {
  return revokeWhere(em, '"id" = ?', [sessionId]);
}

/** Revokes every session of a person, e.g. after a password change or when the operator forces one. */
export async function revokeAllSessions(
  em: EntityManager,
  personId: string,
  exceptId?: string,
): Promise<string[]> {
  return exceptId
    ? revokeWhere(em, '"person_id" = ? and "id" <> ?', [personId, exceptId])
    : revokeWhere(em, '"person_id" = ?', [personId]);
}

/** Revokes the sessions of a person acting for one organisation (the member is blocked, archived or removed). */
export async function revokeSessionsActingFor(
  em: EntityManager,
  personId: string,
  organisationId: string,
): Promise<string[]> {
  return revokeWhere(em, '"person_id" = ? and "acting_organisation" = ?', [personId, organisationId]);
}
