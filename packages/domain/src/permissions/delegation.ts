import { DomainError } from '../errors';
import type { AdminRoleHolding, AdminRoleKind, OrgTopology, ScopeRef } from '../model';
import { scopeKey } from '../model';
import { activeHoldings } from './policy';
import { scopeCovers } from './scope';

/**
 * A delegation for a period (guide 004, "délègue ses droits pour une période"): a delegator member hands one of
 * its admin roles (`roleKind`), on the whole of that role's scope or on a part of it (one unit or one group it
 * administers: `scope`), to a delegate member of the same organisation, from `startsAt` to `endsAt`.
 */
export interface DelegationRecord {
  id: string;
  organisationId: string;
  delegatorMemberId: string;
  delegateMemberId: string;
  roleKind: AdminRoleKind;
  scope: ScopeRef;
  startsAt: Date;
  endsAt: Date;
  revokedAt?: Date | null;
}

export const DELEGATION_STATE_VALUES = ['SCHEDULED', 'ACTIVE', 'ENDED', 'REVOKED'] as const;
export type DelegationState = (typeof DELEGATION_STATE_VALUES)[number];

/** The longest delegation: one year (continuity during holidays, not a permanent hand-over). */
export const MAX_DELEGATION_MS = 366 * 24 * 60 * 60 * 1000;

/** A holding the delegate holds through a delegation: it says whose holding it is, for the audit. */
export type DelegatedHolding = AdminRoleHolding & {
  delegation: { id: string; delegatorMemberId: string };
};

/** Tells whether a holding was received through a delegation (and so cannot be delegated again). */
export function isDelegatedHolding(holding: AdminRoleHolding): holding is DelegatedHolding {
  return (holding as Partial<DelegatedHolding>).delegation != null;
}

/**
 * The state of a delegation at an instant: revoked once revoked (whatever its dates), scheduled before its start,
 * active from its start to its end included (the same convention as `isHeldAt`), ended after.
 */
export function delegationStateAt(
  delegation: Pick<DelegationRecord, 'startsAt' | 'endsAt' | 'revokedAt'>,
  at: Date,
): DelegationState {
  if (delegation.revokedAt && delegation.revokedAt.getTime() <= at.getTime()) return 'REVOKED';
  if (at.getTime() < delegation.startsAt.getTime()) return 'SCHEDULED';
  if (at.getTime() > delegation.endsAt.getTime()) return 'ENDED';
  return 'ACTIVE';
}

/**
 * The intersection of two scopes of one organisation: scopes are nested or disjoint (trees of units and groups),
 * so it is the narrower one when one covers the other, else nothing.
 */
export function scopeIntersection(a: ScopeRef, b: ScopeRef, topology: OrgTopology): ScopeRef | null {
  if (a.organisationId !== b.organisationId) return null;
  if (scopeCovers(a, b, topology)) return b;
  if (scopeCovers(b, a, topology)) return a;
  return null;
}

const earlier = (a: Date, b: Date | null | undefined): Date => (b && b.getTime() < a.getTime() ? b : a);

/**
 * Rule 1 for delegations: the holdings a delegation gives at `at` are its part intersected with what the
 * delegator holds ITSELF at that instant (its own roles of the delegated kind, never what it received by
 * delegation), so a delegation shrinks or ends with the delegator's role. Nothing before the start, after the
 * end or once revoked.
 */
export function holdingsOfDelegation(
  delegation: DelegationRecord,
  delegatorHoldings: readonly AdminRoleHolding[],
  topology: OrgTopology,
  at: Date,
): DelegatedHolding[] {
  if (delegationStateAt(delegation, at) !== 'ACTIVE') return [];
  const result = new Map<string, DelegatedHolding>();
  for (const holding of activeHoldings(delegatorHoldings, at)) {
    if (isDelegatedHolding(holding) || holding.kind !== delegation.roleKind) continue;
    if (holding.scope.organisationId !== delegation.organisationId) continue;
    const scope = scopeIntersection(delegation.scope, holding.scope, topology);
    if (!scope) continue;
    const key = scopeKey(scope);
    if (result.has(key)) continue;
    result.set(key, {
      kind: delegation.roleKind,
      scope,
      validUntil: earlier(delegation.endsAt, holding.validUntil),
      delegation: { id: delegation.id, delegatorMemberId: delegation.delegatorMemberId },
    });
  }
  return [...result.values()];
}

/**
 * The delegate's holdings from every delegation it received at `at`: each delegation's holdings, computed against
 * its delegator's current own holdings (`delegatorHoldings(memberId)`).
 */
export function delegatedHoldingsAt(
  delegations: readonly DelegationRecord[],
  delegatorHoldings: (delegatorMemberId: string) => readonly AdminRoleHolding[],
  topology: OrgTopology,
  at: Date,
): DelegatedHolding[] {
  return delegations.flatMap((delegation) =>
    holdingsOfDelegation(delegation, delegatorHoldings(delegation.delegatorMemberId), topology, at),
  );
}

/** What someone asks to delegate. */
export interface DelegationDraft {
  organisationId: string;
  delegatorMemberId: string;
  delegateMemberId: string;
  roleKind: AdminRoleKind;
  scope: ScopeRef;
  startsAt: Date;
  endsAt: Date;
}

/**
 * Checks a new delegation against what the delegator holds when it is created (`now`):
 * - the delegate is another member of the same organisation (`delegateIsMember`): DELEGATE_NOT_MEMBER;
 * - the start is not in the past (a minute of grace for the form's "now"), the end after the start and at most a
 *   year later: INVALID_INPUT on startsAt / endsAt;
 * - the delegator holds that role itself: a role held only through a delegation is DELEGATION_NOT_TRANSFERABLE,
 *   a role not held at all DELEGATION_NOT_HELD;
 * - one own holding of that role covers the delegated part: DELEGATION_BEYOND_SCOPE otherwise.
 */
export function assertMayDelegate(
  draft: DelegationDraft,
  delegatorHoldings: readonly AdminRoleHolding[],
  delegateIsMember: boolean,
  topology: OrgTopology,
  now: Date,
): void {
  if (!delegateIsMember || draft.delegateMemberId === draft.delegatorMemberId) {
    throw new DomainError(
      'DELEGATE_NOT_MEMBER',
      'The delegate must be another active member of this organisation.',
      'delegateId',
    );
  }
  if (draft.startsAt.getTime() < now.getTime() - 60_000) {
    throw new DomainError('INVALID_INPUT', 'A delegation starts now or later.', 'startsAt');
  }
  if (draft.endsAt.getTime() <= draft.startsAt.getTime()) {
    throw new DomainError('INVALID_INPUT', 'A delegation ends after it starts.', 'endsAt');
  }
  if (draft.endsAt.getTime() - draft.startsAt.getTime() > MAX_DELEGATION_MS) {
    throw new DomainError('INVALID_INPUT', 'A delegation lasts at most a year.', 'endsAt');
  }
  const held = activeHoldings(delegatorHoldings, now).filter(
    (holding) => holding.kind === draft.roleKind && holding.scope.organisationId === draft.organisationId,
  );
  const own = held.filter((holding) => !isDelegatedHolding(holding));
  if (own.length === 0) {
    if (held.length > 0) {
      throw new DomainError(
        'DELEGATION_NOT_TRANSFERABLE',
        'A role received by delegation cannot be delegated further.',
        'roleKind',
      );
    }
    throw new DomainError('DELEGATION_NOT_HELD', `You do not hold a ${draft.roleKind} role.`, 'roleKind');
  }
  if (!own.some((holding) => scopeCovers(holding.scope, draft.scope, topology))) {
    throw new DomainError(
      'DELEGATION_BEYOND_SCOPE',
      'The delegated part lies outside the scope of your role.',
      'scope',
    );
  }
}
