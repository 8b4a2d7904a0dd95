import { DomainError } from '../errors';
import type { Actor, OrgTopology, ScopeRef } from '../model';
import { can } from '../permissions/policy';

/** Where a group sits: the group it is a sub-group of, else its unit, else the organisation itself. */
export type GroupPlacement = { organisationId: string; parentId: string | null; unitId: string | null };

/**
 * The scope a group sits in. Creating, renaming, deleting a group, naming its manager and setting its
 * grants are decided there, not on the group itself: a group manager shapes the sub-groups of its group but
 * cannot widen or hand over its own group (rule 1: nobody hands on what they do not hold).
 */
export function groupContainerScope(group: GroupPlacement): ScopeRef {
  if (group.parentId !== null)
    return { kind: 'GROUP', organisationId: group.organisationId, groupId: group.parentId };
  if (group.unitId !== null)
    return { kind: 'UNIT', organisationId: group.organisationId, unitId: group.unitId };
  return { kind: 'ORGANISATION', organisationId: group.organisationId };
}

/** A group and all its sub-groups at any depth, the group first; tolerates cycles. */
export function groupSubtree(groupId: string, topology: OrgTopology): string[] {
  const children = new Map<string, string[]>();
  for (const [id, parentId] of topology.groupParent) {
    if (parentId === null) continue;
    const list = children.get(parentId);
    if (list) list.push(id);
    else children.set(parentId, [id]);
  }
  const seen = new Set<string>([groupId]);
  const out = [groupId];
  for (let i = 0; i < out.length; i++) {
    for (const child of children.get(out[i]!) ?? []) {
      if (seen.has(child)) continue;
      seen.add(child);
      out.push(child);
    }
  }
  return out;
}

/** Adds a group to a topology (for checks about a group not created yet, such as naming its manager). */
export function withGroup(
  topology: OrgTopology,
  group: { id: string; parentId: string | null; unitId: string | null },
): OrgTopology {
  return {
    unitParent: topology.unitParent,
    groupParent: new Map(topology.groupParent).set(group.id, group.parentId),
    groupUnit: new Map(topology.groupUnit).set(group.id, group.unitId),
  };
}

/**
 * Tells whether an actor may give or take back a member's direct grants: `grant:manage` over the member's
 * organisation or one of its units. A group scope is not enough: a group manager hands out access only
 * through the groups it manages, whose grants are bounded by the parent group (Caf: users reach services
 * through the roles of their group).
 */
export function canManageDirectGrants(
  actor: Actor,
  memberScopes: readonly ScopeRef[],
  topology: OrgTopology,
  at: Date,
): boolean {
  return memberScopes.some(
    (scope) => scope.kind !== 'GROUP' && can(actor, 'grant:manage', scope, topology, at),
  );
}

/** Same as canManageDirectGrants, but throws NOT_AUTHORISED when refused. */
export function assertCanManageDirectGrants(
  actor: Actor,
  memberScopes: readonly ScopeRef[],
  topology: OrgTopology,
  at: Date,
): void {
  if (!canManageDirectGrants(actor, memberScopes, topology, at))
    throw new DomainError('NOT_AUTHORISED', 'You are not allowed to manage this member’s direct grants.');
}

/** What saving a grants editor changes: the role ids to add and to remove, each sorted. */
export function planGrantChanges(
  current: Iterable<string>,
  desired: Iterable<string>,
): { add: string[]; remove: string[] } {
  const before = new Set(current);
  const after = new Set(desired);
  return {
    add: [...after].filter((id) => !before.has(id)).sort(),
    remove: [...before].filter((id) => !after.has(id)).sort(),
  };
}
