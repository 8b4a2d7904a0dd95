import { DomainError } from '../errors';
import type { Actor, AdminRoleHolding, OrgTopology } from '../model';
import { canRemoveAdminRole } from './policy';

/**
 * Tells whether an actor may block, archive or remove a member holding these admin roles: only if it could
 * remove each of those roles itself (rule 1: nobody acts above its own level), so a unit admin cannot block
 * the principal admin of its organisation. A member without admin roles is always fair game.
 */
export function canActOnAdmin(
  actor: Actor,
  targetHoldings: readonly AdminRoleHolding[],
  topology: OrgTopology,
  at: Date,
): boolean {
  return targetHoldings.every((holding) => canRemoveAdminRole(actor, holding, topology, at));
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
