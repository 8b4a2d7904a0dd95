import type { EntityManager } from '@mikro-orm/postgresql';
import {
  type Actor,
  type AdminRoleKind,
  type DelegatedHolding,
  type DelegationRecord,
  delegatedHoldingsAt,
  holdingsAt,
  isDelegatedHolding,
  type OrgTopology,
  scopeOfRole,
} from '@tessera/domain';

/** One delegation `d` (its delegator `dm`) as the json fields of a `DelegationRow`. */
const DELEGATION_FIELDS = `
    'id', d.id, 'delegatorId', d.delegator_id, 'roleKind', d.role_kind, 'unitId', d.unit_id, 'groupId', d.group_id,
    'startsAt', d.starts_at, 'endsAt', d.ends_at, 'revokedAt', d.revoked_at,
    'delegatorActive', dm.status = 'ACTIVE',
    'delegatorRoles', coalesce((select json_agg(json_build_object('kind', dr.kind, 'unitId', dr.unit_id,
                                  'groupId', dr.group_id, 'validUntil', dr.valid_until))
                                from admin_role dr where dr.member_id = d.delegator_id), '[]'::json)`;

/**
 * The delegations a member received that may still count (not revoked, not ended at `now`), each with its
 * delegator's own admin roles and status, as one json value: the acting statement embeds it (`DELEGATIONS_JSON`
 * with the member as `m.id`), and `currentActor` reads it again under the organisation lock. Which of them count,
 * and for what, is the domain's `delegatedHoldingsAt` (rule 1: intersected with the delegator's current roles).
 */
export const DELEGATIONS_JSON = `coalesce((select json_agg(json_build_object(${DELEGATION_FIELDS}))
  from delegation d join member dm on dm.id = d.delegator_id
  where d.delegate_id = m.id and d.revoked_at is null and d.ends_at >= ?::timestamptz), '[]'::json)`;

/**
 * Every delegation of an organisation that may still count, received by an active member, with its delegate's
 * person (id, e-mail, first name) and its delegator's roles and status: who may be told about a request through a
 * delegation. `org` is an SQL expression of the organisation id; the one parameter is now.
 */
export const organisationDelegatesJson = (org: string) => `coalesce((select json_agg(json_build_object(
    'delegatePersonId', em.person_id, 'delegateMemberId', em.id, 'email', ep.email, 'firstName', ep.first_name,
    ${DELEGATION_FIELDS}))
  from delegation d join member dm on dm.id = d.delegator_id
  join member em on em.id = d.delegate_id and em.status = 'ACTIVE' join person ep on ep.id = em.person_id
  where d.organisation_id = ${org} and d.revoked_at is null and d.ends_at >= ?::timestamptz), '[]'::json)`;

/** One row of `organisationDelegatesJson`. */
export interface DelegateRow extends DelegationRow {
  delegatePersonId: string;
  delegateMemberId: string;
  email: string;
  firstName: string;
}

export interface DelegationRow {
  id: string;
  delegatorId: string;
  roleKind: AdminRoleKind;
  unitId: string | null;
  groupId: string | null;
  startsAt: string;
  endsAt: string;
  revokedAt: string | null;
  delegatorActive: boolean;
  delegatorRoles: {
    kind: AdminRoleKind;
    unitId: string | null;
    groupId: string | null;
    validUntil: string | null;
  }[];
}

/** The holdings a member holds at `now` through the delegations it received (already read as rows). */
export function delegatedHoldingsOf(
  rows: readonly DelegationRow[],
  organisationId: string,
  delegateMemberId: string,
  topology: OrgTopology,
  now: Date,
): DelegatedHolding[] {
  const records: DelegationRecord[] = rows.map((row) => ({
    id: row.id,
    organisationId,
    delegatorMemberId: row.delegatorId,
    delegateMemberId,
    roleKind: row.roleKind,
    scope: scopeOfRole({ organisationId, unitId: row.unitId, groupId: row.groupId }),
    startsAt: new Date(row.startsAt),
    endsAt: new Date(row.endsAt),
    revokedAt: row.revokedAt === null ? null : new Date(row.revokedAt),
  }));
  const byDelegator = new Map(
    rows.map((row) => [
      row.delegatorId,
      // A blocked or archived delegator has no power, so it hands on none.
      row.delegatorActive
        ? holdingsAt(
            row.delegatorRoles.map((role) => ({
              kind: role.kind,
              organisationId,
              unitId: role.unitId,
              groupId: role.groupId,
              validUntil: role.validUntil === null ? null : new Date(role.validUntil),
            })),
            now,
          )
        : [],
    ]),
  );
  return delegatedHoldingsAt(records, (id) => byDelegator.get(id) ?? [], topology, now);
}

/** The actor with its own holdings and those it holds through delegations in its organisation at `now`. */
export function withDelegatedHoldings(
  actor: Actor,
  rows: readonly DelegationRow[],
  topology: OrgTopology,
  now: Date,
): Actor {
  if (actor.kind !== 'member' || rows.length === 0) return actor;
  const own = actor.holdings.filter((holding) => !isDelegatedHolding(holding));
  const delegated = delegatedHoldingsOf(rows, actor.organisationId, actor.memberId, topology, now);
  return { ...actor, holdings: [...own, ...delegated] };
}

/** The delegations a member received, read now (under the organisation lock in `currentActor`). */
export async function readDelegationRows(
  em: EntityManager,
  memberId: string,
  now: Date,
): Promise<DelegationRow[]> {
  const [row] = await em.execute<{ delegations: DelegationRow[] }[]>(
    `select ${DELEGATIONS_JSON} as delegations from member m where m.id = ?`,
    [now.toISOString(), memberId],
  );
  return row?.delegations ?? [];
}

/**
 * The delegators on whose behalf an actor acts in an organisation: those of its delegated holdings there. The
 * audit adds them to each event (`onBehalfOf`), so an action under a delegation reads "X on behalf of Y".
 */
export function delegatorsOf(actor: Actor, organisationId: string | null | undefined): string[] {
  if (actor.kind !== 'member' || !organisationId) return [];
  const ids = new Set<string>();
  for (const holding of actor.holdings)
    if (isDelegatedHolding(holding) && holding.scope.organisationId === organisationId)
      ids.add(holding.delegation.delegatorMemberId);
  return [...ids];
}
