import { DomainError } from '../errors';
import type { OrgTopology } from '../model';
import { unitWithin } from '../permissions/scope';

/**
 * Tells whether a unit may move under a new parent (null: to the top of the organisation) without making a
 * cycle: the new parent must be neither the unit itself nor one of its descendants, and must exist.
 */
export function canMoveUnit(unitId: string, newParentId: string | null, topology: OrgTopology): boolean {
  if (!topology.unitParent.has(unitId)) return false;
  if (newParentId === null) return true;
  if (!topology.unitParent.has(newParentId)) return false;
  return !unitWithin(newParentId, unitId, topology);
}

/** Same as canMoveUnit, but throws INVALID_INPUT on the field 'parentId'. */
export function assertCanMoveUnit(unitId: string, newParentId: string | null, topology: OrgTopology): void {
  if (!canMoveUnit(unitId, newParentId, topology)) {
    throw new DomainError(
      'INVALID_INPUT',
      'A unit cannot move under itself or under one of its own sub-units.',
      'parentId',
    );
  }
}
