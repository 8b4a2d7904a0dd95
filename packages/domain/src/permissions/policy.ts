import { DomainError } from '../errors';
import type { Actor, AdminRoleHolding, AdminRoleKind, OrgTopology, ScopeRef } from '../model';
import { ACTIONS, type Action } from './actions';
import { isHeldAt } from './holding';
import { rolePermits, roleRank } from './roles';
import { scopeCovers } from './scope';

/** The admin role someone wants to name (or remove): its kind and where it applies. */
export type AdminRoleTarget = { kind: AdminRoleKind; scope: ScopeRef };

/** An admin role someone wants to remove: the target plus the member who holds it. */
export type HeldAdminRoleTarget = AdminRoleTarget & { memberId: string };

/** Keeps the holdings still valid at `at`: a holding expires once `validUntil` is strictly before `at`. */
export function activeHoldings<T extends AdminRoleHolding>(holdings: readonly T[], at: Date): T[] {
  return holdings.filter((holding) => isHeldAt(holding.validUntil, at));
}

/**
 * Tells whether an actor may perform an action on a target. Operators may do everything (the API audits
 * the crossing); a member needs an active holding whose role permits the action and whose scope covers the
 * target. A holding scoped to another organisation than the one the member acts for is an explicit
 * multi-organisation delegation: it counts, and the API audits it (see crossesOrganisation).
 */
export function can(
  actor: Actor,
  action: Action,
  target: ScopeRef,
  topology: OrgTopology,
  at: Date,
): boolean {
  if (actor.kind === 'operator') return true;
  return activeHoldings(actor.holdings, at).some(
    (holding) => rolePermits(holding.kind, action) && scopeCovers(holding.scope, target, topology),
  );
}

/** Tells whether an actor may perform an action on something several scopes hold (a member, a request): `can` on any. */
export function canOnAny(
  actor: Actor,
  action: Action,
  targets: readonly ScopeRef[],
  topology: OrgTopology,
  at: Date,
): boolean {
  return targets.some((target) => can(actor, action, target, topology, at));
}

/** Same as can, but throws NOT_AUTHORISED when refused. */
export function assertCan(
  actor: Actor,
  action: Action,
  target: ScopeRef,
  topology: OrgTopology,
  at: Date,
): void {
  if (!can(actor, action, target, topology, at)) {
    throw new DomainError('NOT_AUTHORISED', `You are not allowed to do ${action} here.`);
  }
}

/** Lists the actions an actor may perform on a target, in ACTIONS order (for showing or hiding buttons). */
export function permittedActions(actor: Actor, target: ScopeRef, topology: OrgTopology, at: Date): Action[] {
  return ACTIONS.filter((action) => can(actor, action, target, topology, at));
}

/**
 * The actions an actor may perform somewhere in an organisation, in ACTIONS order: what the console offers in
 * its menus. An operator may do everything; a member, what its active holdings in that organisation permit,
 * wherever they sit (a unit admin may read members — those of its unit). Each screen still asks `can` of its
 * own targets.
 */
export function actionsWithin(actor: Actor, organisationId: string, at: Date): Action[] {
  if (actor.kind === 'operator') return [...ACTIONS];
  const held = activeHoldings(actor.holdings, at).filter(
    (holding) => holding.scope.organisationId === organisationId,
  );
  return ACTIONS.filter((action) => held.some((holding) => rolePermits(holding.kind, action)));
}

/**
 * Tells whether an actor may perform an action on at least one target, whatever the organisation: the cheap
 * check a batch makes once before it locks anything (each target is still decided with `can`).
 */
export function mayAnywhere(actor: Actor, action: Action, at: Date): boolean {
  if (actor.kind === 'operator') return true;
  return activeHoldings(actor.holdings, at).some((holding) => rolePermits(holding.kind, action));
}

/** Tells whether reaching the target crosses the organisation line (rule 2), so the API must audit it. */
export function crossesOrganisation(actor: Actor, target: ScopeRef): boolean {
  return actor.kind === 'operator' || actor.organisationId !== target.organisationId;
}

function holdingMayName(holding: AdminRoleHolding, target: AdminRoleTarget, topology: OrgTopology): boolean {
  if (!rolePermits(holding.kind, 'admin:name')) return false;
  if (!scopeCovers(holding.scope, target.scope, topology)) return false;
  if (holding.kind === 'GROUP_MANAGER') {
    // Caf: a responsable habilitations names the responsable of a sub-group, never of its own group.
    return (
      target.kind === 'GROUP_MANAGER' &&
      holding.scope.kind === 'GROUP' &&
      target.scope.kind === 'GROUP' &&
      target.scope.groupId !== holding.scope.groupId
    );
  }
  // Rule 1 holds for principal admins too: they are peers, and the operator names them (Caf, CSAM).
  return roleRank(holding.kind) > roleRank(target.kind);
}

/**
 * Tells whether an actor may name an admin role (rule 1: only below its own level). Operators name any
 * role; a member needs an active holding with 'admin:name' covering the target scope and ranked strictly
 * above the target role (so only the operator names a principal admin), and a group manager names only
 * group managers of strict sub-groups. Whether the role suits its scope is checked
 * separately by assertValidRoleScope.
 */
export function canName(actor: Actor, target: AdminRoleTarget, topology: OrgTopology, at: Date): boolean {
  if (actor.kind === 'operator') return true;
  // Only the actor's own roles name or remove admin roles: a role received by delegation would otherwise make
  // itself permanent (the delegate naming itself, or an accomplice, with no end) and outlive its revocation.
  return activeHoldings(actor.holdings, at).some(
    (holding) => !isReceivedByDelegation(holding) && holdingMayName(holding, target, topology),
  );
}

/** A holding received through a delegation carries its delegation (permissions/delegation.ts, DelegatedHolding). */
function isReceivedByDelegation(holding: AdminRoleHolding): boolean {
  return (holding as { delegation?: unknown }).delegation != null;
}

/** Same as canName, but throws NOT_AUTHORISED when refused. */
export function assertCanName(actor: Actor, target: AdminRoleTarget, topology: OrgTopology, at: Date): void {
  if (!canName(actor, target, topology, at)) {
    throw new DomainError(
      'NOT_AUTHORISED',
      `You cannot name a ${target.kind} here: admins name only below their level.`,
    );
  }
}

/**
 * Tells whether an actor may remove an admin role: the same rule as naming it, or a principal admin stepping down
 * from its own role (nobody in the organisation is above it; rule 6 is checked by assertNotLastPrincipal). Other
 * holders are removed by the admin above them.
 */
export function canRemoveAdminRole(
  actor: Actor,
  target: HeldAdminRoleTarget,
  topology: OrgTopology,
  at: Date,
): boolean {
  if (actor.kind === 'member' && target.kind === 'PRINCIPAL_ADMIN' && actor.memberId === target.memberId) {
    const own = activeHoldings(actor.holdings, at).some(
      (holding) => holding.kind === target.kind && sameScope(holding.scope, target.scope),
    );
    if (own) return true;
  }
  return canName(actor, target, topology, at);
}

function sameScope(a: ScopeRef, b: ScopeRef): boolean {
  if (a.organisationId !== b.organisationId || a.kind !== b.kind) return false;
  if (a.kind === 'UNIT' && b.kind === 'UNIT') return a.unitId === b.unitId;
  if (a.kind === 'GROUP' && b.kind === 'GROUP') return a.groupId === b.groupId;
  return true;
}

/** Same as canRemoveAdminRole, but throws NOT_AUTHORISED when refused. */
export function assertCanRemoveAdminRole(
  actor: Actor,
  target: HeldAdminRoleTarget,
  topology: OrgTopology,
  at: Date,
): void {
  if (!canRemoveAdminRole(actor, target, topology, at)) {
    throw new DomainError('NOT_AUTHORISED', `You cannot remove a ${target.kind} role here.`);
  }
}

/** Throws LAST_PRINCIPAL_ADMIN when a change would leave the organisation without a principal admin (rule 6). */
export function assertNotLastPrincipal(principalAdminCountAfterRemoval: number): void {
  if (principalAdminCountAfterRemoval < 1) {
    throw new DomainError(
      'LAST_PRINCIPAL_ADMIN',
      'An organisation keeps at least one principal admin: name another one before removing this one.',
    );
  }
}
