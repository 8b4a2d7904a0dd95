import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { MEMBER_STATUS_VALUES, MOBILITY_VALUES } from '@tessera/domain';
import { baseProperties, versionProperty } from '../common.js';
import { Organisation, Unit } from '../organisations/organisation.entity.js';
import { Person } from '../people/person.entity.js';

export const Member = defineEntity({
  name: 'Member',
  properties: {
    ...baseProperties,
    ...versionProperty,
    organisation: () => p.manyToOne(Organisation).mapToPk(),
    person: () => p.manyToOne(Person).mapToPk().index(),
    status: p.enum([...MEMBER_STATUS_VALUES]).default('ACTIVE'),
    mobility: p.enum([...MOBILITY_VALUES]).nullable(),
    openingDate: p.date(),
    archivedAt: p.datetime().nullable(),
    /** lower(last name + first name), copied from the person so member lists sort and page on one index. */
    sortName: p.string(),
    /**
     * The person's last sign-in (to the millisecond), copied by the database's triggers (migration 0015) so member
     * lists sort and filter by it on one index; never written by the application.
     */
    lastSignInAt: p.datetime().nullable(),
  },
  uniques: [{ properties: ['organisation', 'person'] }],
  indexes: [
    { properties: ['organisation', 'status'] },
    { properties: ['organisation', 'sortName', 'id'] },
    { properties: ['organisation', 'status', 'sortName', 'id'] },
  ],
});
export type IMember = InferEntity<typeof Member>;

export const MemberUnit = defineEntity({
  name: 'MemberUnit',
  properties: {
    member: () => p.manyToOne(Member).mapToPk().primary().deleteRule('cascade'),
    unit: () => p.manyToOne(Unit).mapToPk().primary().index().deleteRule('cascade'),
    organisation: () => p.manyToOne(Organisation).mapToPk().index(),
  },
});
export type IMemberUnit = InferEntity<typeof MemberUnit>;
