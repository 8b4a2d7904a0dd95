import { type AgreementItem, agreementAllows } from '../agreements/agreement';
import type { Actor, AdminRoleKind, MemberStatus, OrgTopology, ScopeRef } from '../model';
import { groupScope, MEMBER_STATUS_VALUES, organisationScope, scopeKey, unitScope } from '../model';
import { isHeldAt, scopeOfRole } from '../permissions/holding';
import { canOnAny } from '../permissions/policy';

export const FINDING_KIND_VALUES = [
  'NO_PRINCIPAL_ADMIN',
  'FEWER_THAN_TWO_REFERENTS',
  'INACTIVE_ACCOUNT',
  'ATTACHED_NOWHERE',
  'ROLE_HELD_BY_INACTIVE_MEMBER',
  'DELEGATION_EXPIRED',
  'GRANT_SUSPENDED',
] as const;
export type FindingKind = (typeof FINDING_KIND_VALUES)[number];

/**
 * One standing problem the continuity checks flag. `key` names it (stable while the problem stands: the same
 * finding has the same key at every computation); `scopes` is where it lies, so an administrator sees it only
 * when it may read members in one of them (a member's units, else the organisation; a role's or group's scope).
 */
export type Finding = {
  kind: FindingKind;
  key: string;
  scopes: ScopeRef[];
  /** FEWER_THAN_TWO_REFERENTS: the organisation or unit, and how many referents it has (0 or 1). */
  scope?: ScopeRef;
  referentCount?: number;
  /** member findings, ROLE_HELD_BY_INACTIVE_MEMBER, DELEGATION_EXPIRED, direct GRANT_SUSPENDED */
  memberId?: string;
  /** ROLE_HELD_BY_INACTIVE_MEMBER, DELEGATION_EXPIRED */
  adminRoleId?: string;
  /** GRANT_SUSPENDED */
  grantId?: string;
  groupId?: string;
  serviceRoleId?: string;
};

/** The kinds of admin role that count as referents of an organisation or a unit (établissement). */
export const REFERENT_KINDS: readonly AdminRoleKind[] = ['REFERENT', 'SUBSTITUTE_REFERENT'];

/** What the continuity checks look at, for one organisation at one instant (loaded set-based by the API). */
export type ContinuityInput = {
  at: Date;
  organisationId: string;
  /** Days without a sign-in after which an account counts as no longer used (per organisation, default 180). */
  inactiveAfterDays: number;
  /** Every unit of the organisation: each one needs two referents, like the organisation itself. */
  unitIds: readonly string[];
  members: readonly {
    memberId: string;
    status: MemberStatus;
    lastSignInAt: Date | null;
    /** When the member was created; a newcomer who never signed in counts from then. */
    createdAt?: Date | null;
    unitIds: readonly string[];
  }[];
  adminRoles: readonly {
    adminRoleId: string;
    memberId: string;
    kind: AdminRoleKind;
    unitId?: string | null;
    groupId?: string | null;
    validUntil?: Date | null;
  }[];
  grants: readonly {
    grantId: string;
    serviceRoleId: string;
    groupId: string | null;
    memberId: string | null;
  }[];
  agreement: readonly AgreementItem[];
};

export const DEFAULT_INACTIVE_AFTER_DAYS = 180;
/** Bounds of the per-organisation threshold: at least a week, at most ten years. */
export const INACTIVE_AFTER_DAYS_MIN = 7;
export const INACTIVE_AFTER_DAYS_MAX = 3650;

/** Tells whether an inactivity threshold is acceptable: a whole number of days within the bounds. */
export function isValidInactiveAfterDays(days: number): boolean {
  return Number.isInteger(days) && days >= INACTIVE_AFTER_DAYS_MIN && days <= INACTIVE_AFTER_DAYS_MAX;
}

const DAY_MS = 86_400_000;

/**
 * THE continuity checks (guide 003, rule 6), for one organisation at `at`, in this order:
 * - NO_PRINCIPAL_ADMIN: no principal admin held (not expired) by an active member;
 * - FEWER_THAN_TWO_REFERENTS: the organisation, then each unit in input order, with fewer than two referents or
 *   substitute referents held on exactly that scope by active members;
 * - INACTIVE_ACCOUNT: a member (not archived) who has not signed in for more than `inactiveAfterDays` days
 *   (counted from its creation when it never signed in, flagged when neither date is known);
 * - ATTACHED_NOWHERE: a member (not archived) attached to no unit;
 * - ROLE_HELD_BY_INACTIVE_MEMBER: an admin role (not expired) still held by an archived or blocked member;
 * - DELEGATION_EXPIRED: an admin role whose end has passed and that is still stored;
 * - GRANT_SUSPENDED: a grant (to a group, or to a member not archived) of a role the agreement does not allow at `at`.
 * Members, roles and grants come in input order. Archived members are never flagged as inactive or unattached.
 */
export function continuityFindings(input: ContinuityInput): Finding[] {
  const { at, organisationId } = input;
  const organisation = organisationScope(organisationId);
  const findings: Finding[] = [];
  const memberById = new Map(input.members.map((member) => [member.memberId, member]));
  const memberScopes = (memberId: string): ScopeRef[] => {
    const units = memberById.get(memberId)?.unitIds ?? [];
    return units.length > 0 ? units.map((unitId) => unitScope(organisationId, unitId)) : [organisation];
  };
  const heldByActive = input.adminRoles.filter(
    (role) => isHeldAt(role.validUntil, at) && memberById.get(role.memberId)?.status === 'ACTIVE',
  );

  if (!heldByActive.some((role) => role.kind === 'PRINCIPAL_ADMIN'))
    findings.push({ kind: 'NO_PRINCIPAL_ADMIN', key: 'NO_PRINCIPAL_ADMIN', scopes: [organisation] });

  const referents = new Map<string, Set<string>>();
  for (const role of heldByActive) {
    if (!REFERENT_KINDS.includes(role.kind) || role.groupId) continue;
    const key = scopeKey(scopeOfRole({ ...role, organisationId }));
    const holders = referents.get(key) ?? new Set<string>();
    holders.add(role.memberId);
    referents.set(key, holders);
  }
  for (const scope of [organisation, ...input.unitIds.map((unitId) => unitScope(organisationId, unitId))]) {
    const referentCount = referents.get(scopeKey(scope))?.size ?? 0;
    if (referentCount < 2)
      findings.push({
        kind: 'FEWER_THAN_TWO_REFERENTS',
        key: `FEWER_THAN_TWO_REFERENTS:${scopeKey(scope)}`,
        scopes: [scope],
        scope,
        referentCount,
      });
  }

  const inactiveBefore = at.getTime() - input.inactiveAfterDays * DAY_MS;
  const present = input.members.filter((member) => member.status !== 'ARCHIVED');
  for (const member of present) {
    const lastSeen = member.lastSignInAt ?? member.createdAt ?? null;
    if (lastSeen === null || lastSeen.getTime() < inactiveBefore)
      findings.push({
        kind: 'INACTIVE_ACCOUNT',
        key: `INACTIVE_ACCOUNT:${member.memberId}`,
        scopes: memberScopes(member.memberId),
        memberId: member.memberId,
      });
  }
  for (const member of present) {
    if (member.unitIds.length < 1)
      findings.push({
        kind: 'ATTACHED_NOWHERE',
        key: `ATTACHED_NOWHERE:${member.memberId}`,
        scopes: [organisation],
        memberId: member.memberId,
      });
  }

  for (const role of input.adminRoles) {
    const status = memberById.get(role.memberId)?.status;
    if (status === undefined || status === 'ACTIVE' || !isHeldAt(role.validUntil, at)) continue;
    findings.push({
      kind: 'ROLE_HELD_BY_INACTIVE_MEMBER',
      key: `ROLE_HELD_BY_INACTIVE_MEMBER:${role.adminRoleId}`,
      scopes: [scopeOfRole({ ...role, organisationId }), ...memberScopes(role.memberId)],
      memberId: role.memberId,
      adminRoleId: role.adminRoleId,
    });
  }
  for (const role of input.adminRoles) {
    if (isHeldAt(role.validUntil, at)) continue;
    findings.push({
      kind: 'DELEGATION_EXPIRED',
      key: `DELEGATION_EXPIRED:${role.adminRoleId}`,
      scopes: [scopeOfRole({ ...role, organisationId })],
      memberId: role.memberId,
      adminRoleId: role.adminRoleId,
    });
  }

  for (const grant of input.grants) {
    if (agreementAllows(input.agreement, grant.serviceRoleId, at)) continue;
    if (grant.groupId !== null) {
      findings.push({
        kind: 'GRANT_SUSPENDED',
        key: `GRANT_SUSPENDED:${grant.grantId}`,
        scopes: [groupScope(organisationId, grant.groupId)],
        grantId: grant.grantId,
        groupId: grant.groupId,
        serviceRoleId: grant.serviceRoleId,
      });
      continue;
    }
    const holder = grant.memberId === null ? undefined : memberById.get(grant.memberId);
    if (!holder || holder.status === 'ARCHIVED') continue;
    findings.push({
      kind: 'GRANT_SUSPENDED',
      key: `GRANT_SUSPENDED:${grant.grantId}`,
      scopes: memberScopes(holder.memberId),
      grantId: grant.grantId,
      memberId: holder.memberId,
      serviceRoleId: grant.serviceRoleId,
    });
  }
  return findings;
}

/** What tells two computations of a finding apart: its key and, for referents, how many are left. */
function findingIdentity(finding: Finding): string {
  return finding.kind === 'FEWER_THAN_TWO_REFERENTS'
    ? `${finding.key}:${finding.referentCount}`
    : finding.key;
}

/**
 * The findings removing one admin role would create (the warning before the action): those of the organisation
 * without the role that were not there before, a scope going from two referents to one or from one to none
 * included. Empty when the role is not in the input.
 */
export function findingsCreatedByRemoving(input: ContinuityInput, adminRoleId: string): Finding[] {
  if (!input.adminRoles.some((role) => role.adminRoleId === adminRoleId)) return [];
  const before = new Set(continuityFindings(input).map(findingIdentity));
  const after = continuityFindings({
    ...input,
    adminRoles: input.adminRoles.filter((role) => role.adminRoleId !== adminRoleId),
  });
  return after.filter((finding) => !before.has(findingIdentity(finding)));
}

/** Counts findings per kind, every kind present (zero included), in FINDING_KIND_VALUES order. */
export function countFindings(findings: readonly Finding[]): { kind: FindingKind; count: number }[] {
  return FINDING_KIND_VALUES.map((kind) => ({
    kind,
    count: findings.filter((finding) => finding.kind === kind).length,
  }));
}

/**
 * The findings an actor may see: those lying in a scope where it may read members (rule 2 and the unit reach:
 * a unit admin sees its units' findings, not the organisation's).
 */
export function visibleFindings(
  actor: Actor,
  findings: readonly Finding[],
  topology: OrgTopology,
  at: Date,
): Finding[] {
  return findings.filter((finding) => canOnAny(actor, 'member:read', finding.scopes, topology, at));
}

/** How short of referents a scope is: 'NONE', 'ONE', or null when it has two or more. */
export function referentShortage(findings: readonly Finding[], scope: ScopeRef): 'NONE' | 'ONE' | null {
  const key = `FEWER_THAN_TWO_REFERENTS:${scopeKey(scope)}`;
  const finding = findings.find((candidate) => candidate.key === key);
  if (!finding) return null;
  return finding.referentCount === 0 ? 'NONE' : 'ONE';
}

/**
 * How many members of each status the actor may read (for the dashboard's chart): a member counts when the actor
 * may read members in one of its units, or in the organisation when it is attached nowhere. Every status present.
 */
export function membersByStatus(
  actor: Actor,
  input: Pick<ContinuityInput, 'organisationId' | 'members'>,
  topology: OrgTopology,
  at: Date,
): { status: MemberStatus; count: number }[] {
  const counts = new Map<MemberStatus, number>(MEMBER_STATUS_VALUES.map((status) => [status, 0]));
  for (const member of input.members) {
    const scopes =
      member.unitIds.length > 0
        ? member.unitIds.map((unitId) => unitScope(input.organisationId, unitId))
        : [organisationScope(input.organisationId)];
    if (canOnAny(actor, 'member:read', scopes, topology, at))
      counts.set(member.status, (counts.get(member.status) ?? 0) + 1);
  }
  return MEMBER_STATUS_VALUES.map((status) => ({ status, count: counts.get(status) ?? 0 }));
}
