import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { ServiceRole } from '../catalogue/service.entity.js';
import { baseProperties, versionProperty } from '../common.js';
import { Member } from '../members/member.entity.js';
import { Organisation, Unit } from '../organisations/organisation.entity.js';
import { Person } from '../people/person.entity.js';

export const Group = defineEntity({
  name: 'Group',
  tableName: 'member_group',
  properties: {
    ...baseProperties,
    ...versionProperty,
    organisation: () => p.manyToOne(Organisation).mapToPk().index(),
    unit: () => p.manyToOne(Unit).mapToPk().nullable().index(),
    parent: () => p.manyToOne(Group).mapToPk().nullable().index(),
    manager: () => p.manyToOne(Member).mapToPk().nullable().index(),
    name: p.string(),
    description: p.text().nullable(),
  },
  // Migration 0004 also makes sibling names unique, whatever their case.
  indexes: [{ properties: ['organisation', 'name', 'id'] }],
});
export type IGroup = InferEntity<typeof Group>;

export const GroupMembership = defineEntity({
  name: 'GroupMembership',
  properties: {
    group: () => p.manyToOne(Group).mapToPk().primary().deleteRule('cascade'),
    member: () => p.manyToOne(Member).mapToPk().primary().index().deleteRule('cascade'),
    organisation: () => p.manyToOne(Organisation).mapToPk().index(),
    blocked: p.boolean().default(false),
    addedAt: p.datetime().onCreate(() => new Date()),
  },
});
export type IGroupMembership = InferEntity<typeof GroupMembership>;

export const Grant = defineEntity({
  name: 'Grant',
  tableName: 'service_grant',
  properties: {
    ...baseProperties,
    organisation: () => p.manyToOne(Organisation).mapToPk().index(),
    serviceRole: () => p.manyToOne(ServiceRole).mapToPk().index(),
    group: () => p.manyToOne(Group).mapToPk().nullable().index().deleteRule('cascade'),
    member: () => p.manyToOne(Member).mapToPk().nullable().index().deleteRule('cascade'),
    grantedBy: () => p.manyToOne(Person).mapToPk().nullable().index(),
  },
});
export type IGrant = InferEntity<typeof Grant>;
