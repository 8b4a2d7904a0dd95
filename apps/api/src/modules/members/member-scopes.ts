import type { ScopeRef } from '@tessera/domain';
import type { RequestContext } from '../../context.js';

/** The scopes that may cover a member: its organisation, each unit it is attached to, each group it is in. */
export async function memberScopes(ctx: RequestContext, memberId: string): Promise<ScopeRef[]> {
  const member = await ctx.loaders.member.load(memberId);
  if (!member) return [];
  const organisationId = member.organisation;
  const [units, groups] = await Promise.all([
    ctx.loaders.unitsOfMember.load(memberId),
    ctx.loaders.groupsOfMember.load(memberId),
  ]);
  return [
    { kind: 'ORGANISATION', organisationId },
    ...units.map((row): ScopeRef => ({ kind: 'UNIT', organisationId, unitId: row.unit })),
    ...groups.map((row): ScopeRef => ({ kind: 'GROUP', organisationId, groupId: row.group })),
  ];
}
