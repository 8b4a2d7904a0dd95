import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { ADMIN_ROLE_KIND_VALUES } from '@tessera/domain';
import { baseProperties } from '../common.js';
import { Group } from '../groups/group.entity.js';
import { Member } from '../members/member.entity.js';
import { Organisation, Unit } from '../organisations/organisation.entity.js';
import { Person } from '../people/person.entity.js';

export const AdminRole = defineEntity({
  name: 'AdminRole',
  properties: {
    ...baseProperties,
    organisation: () => p.manyToOne(Organisation).mapToPk().index(),
    member: () => p.manyToOne(Member).mapToPk().index().deleteRule('cascade'),
    kind: p.enum([...ADMIN_ROLE_KIND_VALUES]),
    unit: () => p.manyToOne(Unit).mapToPk().nullable().index().deleteRule('cascade'),
    group: () => p.manyToOne(Group).mapToPk().nullable().index().deleteRule('cascade'),
    validUntil: p.datetime().nullable(),
    namedBy: () => p.manyToOne(Person).mapToPk().nullable().index(),
  },
  indexes: [{ properties: ['organisation', 'createdAt', 'id'] }],
});
export type IAdminRole = InferEntity<typeof AdminRole>;
