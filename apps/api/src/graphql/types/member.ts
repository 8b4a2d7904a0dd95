import { MEMBER_STATUS_VALUES, MOBILITY_VALUES } from '@tessera/domain';
import { builder } from '../builder.js';
import { MemberRef, OrganisationRef, PersonRef, UnitRef } from '../refs.js';

export const MemberStatusEnum = builder.enumType('MemberStatus', { values: MEMBER_STATUS_VALUES });
export const MobilityEnum = builder.enumType('Mobility', { values: MOBILITY_VALUES });

builder.node(MemberRef, {
  description: 'A person attached to an organisation, and to some of its units.',
  authScopes: (member) => ({ canOnMember: { action: 'member:read', memberId: member.id } }),
  id: { resolve: (member) => member.id },
  loadMany: (ids, ctx) => Promise.all(ids.map((id) => ctx.loaders.member.load(id))),
  fields: (t) => ({
    person: t.field({ type: PersonRef, resolve: async (member, _args, ctx) => (await ctx.loaders.person.load(member.person))! }),
    organisation: t.field({
      type: OrganisationRef,
      resolve: async (member, _args, ctx) => (await ctx.loaders.organisation.load(member.organisation))!,
    }),
    status: t.field({ type: MemberStatusEnum, resolve: (member) => member.status }),
    mobility: t.field({ type: MobilityEnum, nullable: true, resolve: (member) => member.mobility ?? null }),
    openingDate: t.field({ type: 'Date', resolve: (member) => member.openingDate }),
    createdAt: t.field({ type: 'DateTime', resolve: (member) => member.createdAt }),
    units: t.field({
      type: [UnitRef],
      resolve: async (member, _args, ctx) => {
        const rows = await ctx.loaders.unitsOfMember.load(member.id);
        const units = await Promise.all(rows.map((row) => ctx.loaders.unit.load(row.unit)));
        return units.filter((unit) => unit !== null);
      },
    }),
  }),
});

builder.node(UnitRef, {
  description: 'A part of an organisation; units form a tree.',
  authScopes: (unit) => ({ organisation: unit.organisation }),
  id: { resolve: (unit) => unit.id },
  loadMany: (ids, ctx) => Promise.all(ids.map((id) => ctx.loaders.unit.load(id))),
  fields: (t) => ({
    name: t.exposeString('name'),
    parent: t.field({
      type: UnitRef,
      nullable: true,
      resolve: (unit, _args, ctx) => (unit.parent ? ctx.loaders.unit.load(unit.parent) : null),
    }),
    organisation: t.field({
      type: OrganisationRef,
      resolve: async (unit, _args, ctx) => (await ctx.loaders.organisation.load(unit.organisation))!,
    }),
  }),
});
