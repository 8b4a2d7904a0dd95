import { DomainError } from '../errors';
import type { Actor, AdminRoleHolding, OrgTopology } from '../model';
import { activeHoldings } from './policy';
import { roleRank } from './roles';
import { groupWithin, scopeCovers } from './scope';

/**
 * Tells whether one of the actor's holdings is strictly above a target holding: its scope covers the target's
 * and its rank is higher, or it manages a group of which the target manages a strict sub-group (Caf: a
 * responsable habilitations is above the responsables of its sub-groups). Two principal admins are peers.
 */
function outranks(holding: AdminRoleHolding, target: AdminRoleHolding, topology: OrgTopology): boolean {
  if (!scopeCovers(holding.scope, target.scope, topology)) return false;
  if (roleRank(holding.kind) > roleRank(target.kind)) return true;
  return (
    holding.kind === 'GROUP_MANAGER' &&
    target.kind === 'GROUP_MANAGER' &&
    holding.scope.kind === 'GROUP' &&
    target.scope.kind === 'GROUP' &&
    holding.scope.groupId !== target.scope.groupId &&
    groupWithin(target.scope.groupId, holding.scope.groupId, topology)
  );
}

/**
 * The one rank check for every action on a member (block, archive, remove, block in a group, welcome, reset,
 * backup e-mail, forced password change): the actor must be strictly above each admin role the member holds
 * (rule 1: nobody acts at or above its own level). Operators are above every member; a member without admin
 * roles is below any administrator. Naming and removing a role is `canName`, where principal admins are peers.
 */
export function canActOnAdmin(
  actor: Actor,
  targetHoldings: readonly AdminRoleHolding[],
  topology: OrgTopology,
  at: Date,
): boolean {
  if (actor.kind === 'operator') return true;
  const mine = activeHoldings(actor.holdings, at);
  return targetHoldings.every((target) => mine.some((holding) => outranks(holding, target, topology)));
}

/** Same as canActOnAdmin, but throws NOT_AUTHORISED when refused. */
export function assertCanActOnAdmin(
  actor: Actor,
  targetHoldings: readonly AdminRoleHolding[],
  topology: OrgTopology,
  at: Date,
): void {
  if (!canActOnAdmin(actor, targetHoldings, topology, at)) {
    throw new DomainError(
      'NOT_AUTHORISED',
      'This member holds an administrator role at or above your level: only a higher administrator can do this.',
    );
  }
}
