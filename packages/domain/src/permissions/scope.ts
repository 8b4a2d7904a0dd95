import type { OrgTopology, ScopeRef } from '../model';

/** Walks up a parent map from `id`, yielding `id` then each ancestor; stops on a cycle or a missing parent. */
function* ancestry(id: string, parent: ReadonlyMap<string, string | null>): Generator<string> {
  const seen = new Set<string>();
  let current: string | null | undefined = id;
  while (current != null && !seen.has(current)) {
    seen.add(current);
    yield current;
    current = parent.get(current);
  }
}

/** Tells whether a unit is `ancestorUnitId` or lies below it. */
export function unitWithin(unitId: string, ancestorUnitId: string, topology: OrgTopology): boolean {
  for (const id of ancestry(unitId, topology.unitParent)) if (id === ancestorUnitId) return true;
  return false;
}

/** Tells whether a group is `ancestorGroupId` or one of its sub-groups, at any depth. */
export function groupWithin(groupId: string, ancestorGroupId: string, topology: OrgTopology): boolean {
  for (const id of ancestry(groupId, topology.groupParent)) if (id === ancestorGroupId) return true;
  return false;
}

/**
 * The unit a group sits in: its own unit, else the unit of its nearest parent group that has one,
 * else null (the group sits at the organisation level).
 */
export function groupHomeUnit(groupId: string, topology: OrgTopology): string | null {
  for (const id of ancestry(groupId, topology.groupParent)) {
    const unitId = topology.groupUnit.get(id);
    if (unitId != null) return unitId;
  }
  return null;
}

/**
 * Tells whether a holder scope covers a target scope: never across organisations; an organisation covers
 * all of it; a unit covers its unit subtree and the groups sitting in that subtree; a group covers its
 * group subtree only. Cycles in the topology are tolerated.
 */
export function scopeCovers(holder: ScopeRef, target: ScopeRef, topology: OrgTopology): boolean {
  if (holder.organisationId !== target.organisationId) return false;
  switch (holder.kind) {
    case 'ORGANISATION':
      return true;
    case 'UNIT':
      if (target.kind === 'UNIT') return unitWithin(target.unitId, holder.unitId, topology);
      if (target.kind === 'GROUP') {
        const unitId = groupHomeUnit(target.groupId, topology);
        return unitId !== null && unitWithin(unitId, holder.unitId, topology);
      }
      return false;
    case 'GROUP':
      return target.kind === 'GROUP' && groupWithin(target.groupId, holder.groupId, topology);
  }
}
