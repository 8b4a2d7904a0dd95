import type { AdminRoleKind, MemberStatus, OrgTopology, ScopeRef } from '../model';
import { isHeldAt } from '../permissions/holding';
import { groupHomeUnit, unitWithin } from '../permissions/scope';
import { REFERENT_KINDS } from './continuity';

export const REVIEW_ITEM_KIND_VALUES = ['ATTACHMENT', 'GROUP_MEMBERSHIP', 'DIRECT_GRANT'] as const;
/** What one item certifies: an attachment to a unit, a membership of a group (with its grants), a direct grant. */
export type ReviewItemKind = (typeof REVIEW_ITEM_KIND_VALUES)[number];

/**
 * One item of a campaign: one right of one member, snapshot when the campaign starts. `subjectId` is the unit
 * (ATTACHMENT), the group (GROUP_MEMBERSHIP) or the service role (DIRECT_GRANT); `serviceRoleIds` are the roles
 * the group granted at the snapshot (the source of those rights), empty otherwise. A member's items together are
 * its review: its attachments and each right it holds, with its source.
 */
export type ReviewItemDraft = {
  memberId: string;
  kind: ReviewItemKind;
  subjectId: string;
  serviceRoleIds: string[];
  reviewerIds: string[];
};

/** What a campaign's snapshot reads, for one organisation (the API reads the same set-based). */
export type CampaignItemsInput = {
  scope: ScopeRef;
  starterMemberId: string;
  topology: OrgTopology;
  at: Date;
  members: readonly {
    memberId: string;
    status: MemberStatus;
    unitIds: readonly string[];
    groupIds: readonly string[];
    directServiceRoleIds: readonly string[];
  }[];
  /** admin roles of active members only */
  adminRoles: readonly {
    memberId: string;
    kind: AdminRoleKind;
    unitId?: string | null;
    groupId?: string | null;
    validUntil?: Date | null;
  }[];
  /** group id -> the service roles granted to the group */
  groupGrants: ReadonlyMap<string, readonly string[]>;
};

/** The reviewers each unit and group of the scope gets, and those of direct grants, before self-exclusion. */
export type CampaignReviewers = {
  units: Map<string, string[]>;
  groups: Map<string, string[]>;
  direct: string[];
  /** the organisation's principal admins: they review the starter's own rights when nobody else would */
  escalation: string[];
};

function* ancestry(id: string, parent: ReadonlyMap<string, string | null>): Generator<string> {
  const seen = new Set<string>();
  let current: string | null | undefined = id;
  while (current != null && !seen.has(current)) {
    seen.add(current);
    yield current;
    current = parent.get(current);
  }
}

/** Tells whether a unit lies in the campaign's scope. */
export function unitInCampaignScope(unitId: string, scope: ScopeRef, topology: OrgTopology): boolean {
  if (scope.kind === 'ORGANISATION') return topology.unitParent.has(unitId);
  if (scope.kind === 'UNIT') return unitWithin(unitId, scope.unitId, topology);
  return false;
}

/** Tells whether a group lies in the campaign's scope (a unit scope holds the groups sitting in its subtree). */
export function groupInCampaignScope(groupId: string, scope: ScopeRef, topology: OrgTopology): boolean {
  if (scope.kind === 'ORGANISATION') return topology.groupParent.has(groupId);
  if (scope.kind !== 'UNIT') return false;
  const unitId = groupHomeUnit(groupId, topology);
  return unitId !== null && unitWithin(unitId, scope.unitId, topology);
}

/**
 * Who reviews what (guide 003): an attachment to a unit goes to the referents (or substitutes) of that unit, else
 * of its nearest ancestor unit inside the scope that has some (an organisation campaign ends with the organisation's
 * referents); a group membership goes to the managers of the group, else of its nearest ancestor group inside the
 * scope; direct grants, and anything without such a reviewer, go to the starter.
 */
export function campaignReviewers(input: CampaignItemsInput): CampaignReviewers {
  const { scope, topology, at, starterMemberId } = input;
  const held = input.adminRoles.filter((role) => isHeldAt(role.validUntil, at));
  const referentsOfUnit = new Map<string, string[]>();
  const managersOfGroup = new Map<string, string[]>();
  const orgReferents: string[] = [];
  const principals: string[] = [];
  for (const role of held) {
    if (role.kind === 'PRINCIPAL_ADMIN') principals.push(role.memberId);
    if (role.kind === 'GROUP_MANAGER' && role.groupId) push(managersOfGroup, role.groupId, role.memberId);
    else if (REFERENT_KINDS.includes(role.kind) && !role.groupId) {
      if (role.unitId) push(referentsOfUnit, role.unitId, role.memberId);
      else orgReferents.push(role.memberId);
    }
  }
  const units = new Map<string, string[]>();
  for (const unitId of topology.unitParent.keys()) {
    if (!unitInCampaignScope(unitId, scope, topology)) continue;
    let found: string[] | null = null;
    for (const id of ancestry(unitId, topology.unitParent)) {
      if (!unitInCampaignScope(id, scope, topology)) break;
      const referents = referentsOfUnit.get(id);
      if (referents && referents.length > 0) {
        found = referents;
        break;
      }
    }
    if (!found && scope.kind === 'ORGANISATION' && orgReferents.length > 0) found = orgReferents;
    units.set(unitId, sortedUnique(found ?? [starterMemberId]));
  }
  const groups = new Map<string, string[]>();
  for (const groupId of topology.groupParent.keys()) {
    if (!groupInCampaignScope(groupId, scope, topology)) continue;
    let found: string[] | null = null;
    for (const id of ancestry(groupId, topology.groupParent)) {
      if (!groupInCampaignScope(id, scope, topology)) break;
      const managers = managersOfGroup.get(id);
      if (managers && managers.length > 0) {
        found = managers;
        break;
      }
    }
    groups.set(groupId, sortedUnique(found ?? [starterMemberId]));
  }
  return { units, groups, direct: [starterMemberId], escalation: sortedUnique(principals) };
}

/**
 * Nobody certifies its own rights: the subject leaves its reviewers, and the starter reviews when none remain;
 * the starter's own rights go to the organisation's other principal admins (the starter itself only when there is
 * nobody above it to ask).
 */
export function reviewersFor(
  reviewers: readonly string[],
  memberId: string,
  starterMemberId: string,
  escalation: readonly string[] = [],
): string[] {
  const others = reviewers.filter((id) => id !== memberId);
  if (others.length > 0) return sortedUnique(others);
  if (memberId !== starterMemberId) return [starterMemberId];
  const above = escalation.filter((id) => id !== memberId);
  return above.length > 0 ? sortedUnique(above) : [starterMemberId];
}

/**
 * The items of a campaign: for each member not archived in the scope (an organisation: all; a unit: those attached
 * in its subtree), one item per attachment and group membership inside the scope and one per direct grant, each
 * with its reviewers. This is the specification the API's one-statement snapshot follows.
 */
export function buildReviewItems(input: CampaignItemsInput): ReviewItemDraft[] {
  const { scope, topology, starterMemberId } = input;
  const reviewers = campaignReviewers(input);
  const items: ReviewItemDraft[] = [];
  for (const member of input.members) {
    if (member.status === 'ARCHIVED') continue;
    const units = member.unitIds.filter((unitId) => unitInCampaignScope(unitId, scope, topology));
    if (scope.kind !== 'ORGANISATION' && units.length === 0) continue;
    const item = (kind: ReviewItemKind, subjectId: string, serviceRoleIds: string[], of: string[]) =>
      items.push({
        memberId: member.memberId,
        kind,
        subjectId,
        serviceRoleIds,
        reviewerIds: reviewersFor(of, member.memberId, starterMemberId, reviewers.escalation),
      });
    for (const unitId of new Set(units)) item('ATTACHMENT', unitId, [], reviewers.units.get(unitId) ?? []);
    for (const groupId of new Set(member.groupIds)) {
      if (!groupInCampaignScope(groupId, scope, topology)) continue;
      const roles = sortedUnique([...(input.groupGrants.get(groupId) ?? [])]);
      item('GROUP_MEMBERSHIP', groupId, roles, reviewers.groups.get(groupId) ?? []);
    }
    for (const roleId of new Set(member.directServiceRoleIds))
      item('DIRECT_GRANT', roleId, [], reviewers.direct);
  }
  return items;
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function sortedUnique(ids: readonly string[]): string[] {
  return [...new Set(ids)].sort();
}
