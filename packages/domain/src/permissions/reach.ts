import type { Actor, OrgTopology, ScopeRef } from '../model';
import type { Action } from './actions';
import { activeHoldings } from './policy';
import { rolePermits } from './roles';
import { scopeCovers } from './scope';

/** The part of one organisation where an actor may perform an action: all of it, or these units and groups. */
export type Reach = { whole: boolean; unitIds: Set<string>; groupIds: Set<string> };

/**
 * Where in one organisation an actor may perform an action, for filtering lists in the database: the whole
 * organisation (operator, or a holding on the organisation), else every unit and group that one of its
 * holdings with that action covers (scopeCovers). Empty for an actor with no such holding there.
 */
export function reachOf(
  actor: Actor,
  action: Action,
  organisationId: string,
  topology: OrgTopology,
  at: Date,
): Reach {
  const reach: Reach = { whole: false, unitIds: new Set(), groupIds: new Set() };
  if (actor.kind === 'operator') return { ...reach, whole: true };
  const holdings = activeHoldings(actor.holdings, at).filter(
    (holding) => holding.scope.organisationId === organisationId && rolePermits(holding.kind, action),
  );
  const covered = (target: ScopeRef) =>
    holdings.some((holding) => scopeCovers(holding.scope, target, topology));
  if (covered({ kind: 'ORGANISATION', organisationId })) return { ...reach, whole: true };
  for (const unitId of topology.unitParent.keys())
    if (covered({ kind: 'UNIT', organisationId, unitId })) reach.unitIds.add(unitId);
  for (const groupId of topology.groupParent.keys())
    if (covered({ kind: 'GROUP', organisationId, groupId })) reach.groupIds.add(groupId);
  return reach;
}

/** Tells whether a scope lies within a reach computed by reachOf for the same organisation. */
export function withinReach(reach: Reach, scope: ScopeRef): boolean {
  if (reach.whole) return true;
  if (scope.kind === 'UNIT') return reach.unitIds.has(scope.unitId);
  if (scope.kind === 'GROUP') return reach.groupIds.has(scope.groupId);
  return false;
}
