import {
  type AdminRoleHolding,
  can,
  canActOnAdmin,
  groupScope,
  type ScopeRef,
  scopesHoldingMember,
} from '@tessera/domain';
import type { RequestContext } from '../context.js';
import { heldHoldings } from '../modules/authz/roles.js';
import type { IMember } from '../modules/members/member.entity.js';

/** The scopes that hold a member (domain `scopesHoldingMember`), loaded through the request's loaders. */
export async function memberScopes(ctx: RequestContext, memberId: string): Promise<ScopeRef[]> {
  const member = await ctx.loaders.member.load(memberId);
  if (!member) return [];
  const [units, groups] = await Promise.all([
    ctx.loaders.unitsOfMember.load(memberId),
    ctx.loaders.groupsOfMember.load(memberId),
  ]);
  return scopesHoldingMember({
    organisationId: member.organisation,
    unitIds: units.map((row) => row.unit),
    groupIds: groups.map((row) => row.group),
  });
}

/** The admin holdings of a member, as the domain policy reads them (current ones only). */
export async function holdingsOf(ctx: RequestContext, memberId: string): Promise<AdminRoleHolding[]> {
  return heldHoldings(await ctx.loaders.adminRolesOfMember.load(memberId), ctx.now);
}

/** Rule 1 (rank), as `assertMayActOnAdmins` decides it: strictly above each admin role the member holds; never oneself. */
export async function viewerOutranks(ctx: RequestContext, member: IMember): Promise<boolean> {
  const actor = await ctx.actor();
  if (!actor) return false;
  if (actor.kind === 'member' && actor.personId === member.person) return false;
  const [holdings, topology] = await Promise.all([
    holdingsOf(ctx, member.id),
    ctx.topology(member.organisation),
  ]);
  return canActOnAdmin(actor, holdings, topology, ctx.now);
}

/**
 * Whether the viewer may block, unblock or take out this member in this group: `group:manage` on the group and
 * the rank rule, the checks of `setBlockedInGroup` and `removeMemberFromGroup`.
 */
export async function mayActInGroup(ctx: RequestContext, groupId: string, member: IMember): Promise<boolean> {
  const actor = await ctx.actor();
  if (!actor) return false;
  const topology = await ctx.topology(member.organisation);
  if (!can(actor, 'group:manage', groupScope(member.organisation, groupId), topology, ctx.now)) return false;
  return viewerOutranks(ctx, member);
}
