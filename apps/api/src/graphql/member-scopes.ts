import { type ScopeRef, scopesHoldingMember } from '@tessera/domain';
import type { RequestContext } from '../context.js';

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
