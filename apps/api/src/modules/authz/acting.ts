import type { EntityManager } from '@mikro-orm/postgresql';
import {
  type Actor,
  type AdminRoleKind,
  holdingsAt,
  isAccountReady,
  type OrgTopology,
} from '@tessera/domain';
import { hashToken } from '../../auth/tokens.js';
import { isLive, markSeen, type SessionInfo, type SessionPolicy } from '../people/session.service.js';
import { DELEGATIONS_JSON, type DelegationRow, withDelegatedHoldings } from './delegated.js';
import { loadTopology } from './topology.js';

/**
 * Everything a request needs to know who acts, read in ONE statement from the session's id (issue 13): the
 * session (to check it is live), the person's first sign-in state, the acting membership and its organisation's
 * status, the member's admin roles, the delegations it received that may still count (with their delegators'
 * roles), the organisation's topology version (to use the cached topology) and the catalogue's version (to use
 * the cached catalogue).
 */
const ACTING_SQL = `select
  s.id, s.person_id, s.acting_organisation, s.acting_as_operator,
  s.created_at, s.last_seen_at, s.expires_at, s.revoked_at,
  p.is_operator_admin, p.must_change_password, p.terms_accepted_at,
  m.id as member_id, m.status as member_status, o.status as organisation_status,
  coalesce((select json_agg(json_build_object('kind', r.kind, 'unitId', r.unit_id, 'groupId', r.group_id,
                                              'validUntil', r.valid_until))
              from admin_role r where r.member_id = m.id), '[]'::json) as roles,
  case when m.id is null then '[]'::json else ${DELEGATIONS_JSON} end as delegations,
  coalesce(v.version, 0)::text as topology_version,
  (select c.version from catalogue_version c)::text as catalogue_version
from "session" s
join person p on p.id = s.person_id
left join member m on m.organisation_id = s.acting_organisation and m.person_id = s.person_id
left join organisation o on o.id = s.acting_organisation
left join topology_version v on v.organisation_id = s.acting_organisation
where s.id = ?`;

interface ActingRow {
  id: string;
  person_id: string;
  acting_organisation: string | null;
  acting_as_operator: boolean;
  created_at: Date | string;
  last_seen_at: Date | string;
  expires_at: Date | string;
  revoked_at: Date | string | null;
  is_operator_admin: boolean;
  must_change_password: boolean;
  terms_accepted_at: Date | string | null;
  member_id: string | null;
  member_status: string | null;
  organisation_status: string | null;
  roles: { kind: AdminRoleKind; unitId: string | null; groupId: string | null; validUntil: string | null }[];
  delegations: DelegationRow[];
  topology_version: string;
  catalogue_version: string;
}

/** A session row's times, as `isLive` reads them. */
export interface SessionTimes {
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  revokedAt?: Date | null;
}

/** What one statement tells about the request's session and actor. */
export interface ActingContext {
  session: SessionInfo;
  times: SessionTimes;
  /** first sign-in done (own password, terms accepted) */
  accountReady: boolean;
  actor: Actor | null;
  /** the acting organisation's topology version, for the process cache */
  topologyVersion: string | null;
  /** the catalogue's version, for the process cache */
  catalogueVersion: string;
}

/** The driver answers timestamps as strings under MikroORM's settings, as JSON does inside `roles`. */
const dateOrNull = (value: Date | string | null): Date | null => (value === null ? null : new Date(value));

/** Where the acting context takes an organisation's topology at a version (the per-instance cache), if anywhere. */
export type TopologyAt = (organisationId: string, version: string | null) => Promise<OrgTopology>;

/**
 * The acting context of a session id, or null when no such session exists (liveness is the caller's check). A
 * member who received delegations that may count gets its delegated holdings (the domain's intersection with each
 * delegator's current roles), which needs the organisation's topology: from `topologyAt` (the cache) when given.
 */
export async function loadActingContext(
  em: EntityManager,
  sessionId: string,
  now: Date,
  topologyAt?: TopologyAt,
): Promise<ActingContext | null> {
  const [row] = await em.execute<ActingRow[]>(ACTING_SQL, [now.toISOString(), sessionId]);
  return row ? actingContextOf(em, row, now, topologyAt) : null;
}

/** The same statement for many sessions at once (the live fan-out reads every subscriber's context per event). */
const ACTING_MANY_SQL = ACTING_SQL.replace(/where s\.id = \?$/, 'where s.id = any(array[?]::text[])');

/** The acting contexts of many session ids in ONE statement, by session id (unknown ids are absent). */
export async function loadActingContexts(
  em: EntityManager,
  sessionIds: readonly string[],
  now: Date,
): Promise<Map<string, ActingContext>> {
  const found = new Map<string, ActingContext>();
  if (sessionIds.length === 0) return found;
  const rows = await em.execute<ActingRow[]>(ACTING_MANY_SQL, [now.toISOString(), [...sessionIds]]);
  for (const row of rows) found.set(row.id, await actingContextOf(em, row, now));
  return found;
}

async function actingContextOf(
  em: EntityManager,
  row: ActingRow,
  now: Date,
  topologyAt?: TopologyAt,
): Promise<ActingContext> {
  const session: SessionInfo = {
    id: row.id,
    personId: row.person_id,
    actingOrganisationId: row.acting_organisation,
    actingAsOperator: row.acting_as_operator,
  };
  const accountReady = isAccountReady({
    mustChangePassword: row.must_change_password,
    termsAcceptedAt: dateOrNull(row.terms_accepted_at),
  });
  return {
    session,
    times: {
      createdAt: new Date(row.created_at),
      lastSeenAt: new Date(row.last_seen_at),
      expiresAt: new Date(row.expires_at),
      revokedAt: dateOrNull(row.revoked_at),
    },
    accountReady,
    actor: accountReady ? await withDelegations(em, row, actorOf(row, now), now, topologyAt) : null,
    topologyVersion: row.acting_organisation ? row.topology_version : null,
    catalogueVersion: row.catalogue_version,
  };
}

function actorOf(row: ActingRow, now: Date): Actor | null {
  if (row.acting_as_operator)
    return row.is_operator_admin ? { kind: 'operator', personId: row.person_id } : null;
  const organisationId = row.acting_organisation;
  // A blocked member has no power in its organisation, admin roles included; an archived one is gone.
  if (!organisationId || !row.member_id || row.member_status !== 'ACTIVE') return null;
  if (!row.organisation_status || row.organisation_status === 'SUSPENDED') return null;
  const holdings = holdingsAt(
    row.roles.map((role) => ({
      kind: role.kind,
      organisationId,
      unitId: role.unitId,
      groupId: role.groupId,
      validUntil: role.validUntil === null ? null : new Date(role.validUntil),
    })),
    now,
  );
  return { kind: 'member', personId: row.person_id, memberId: row.member_id, organisationId, holdings };
}

async function withDelegations(
  em: EntityManager,
  row: ActingRow,
  actor: Actor | null,
  now: Date,
  topologyAt?: TopologyAt,
): Promise<Actor | null> {
  if (actor?.kind !== 'member' || row.delegations.length === 0) return actor;
  const topology = topologyAt
    ? await topologyAt(actor.organisationId, row.topology_version)
    : await loadTopology(em, actor.organisationId);
  return withDelegatedHoldings(actor, row.delegations, topology, now);
}

/**
 * The acting context behind a cookie secret: null when unknown, revoked, past its lifetime or idle too long
 * (`findSession`'s rules). A warm request pays this one statement (and, once a minute, the lastSeenAt UPDATE).
 */
export async function findActingContext(
  em: EntityManager,
  token: string | undefined,
  policy: SessionPolicy,
  now: Date,
  topologyAt?: TopologyAt,
): Promise<ActingContext | null> {
  if (!token) return null;
  const acting = await loadActingContext(em, hashToken(token), now, topologyAt);
  if (!acting || !isLive(acting.times, policy, now)) return null;
  await markSeen(em, acting.session.id, acting.times.lastSeenAt, now);
  return acting;
}
