import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { REQUEST_STATE_VALUES, REQUEST_TYPE_VALUES } from '@tessera/domain';
import { ServiceRole } from '../catalogue/service.entity.js';
import { baseProperties } from '../common.js';
import { Member } from '../members/member.entity.js';
import { Organisation, Unit } from '../organisations/organisation.entity.js';
import { Person } from '../people/person.entity.js';

export const Request = defineEntity({
  name: 'Request',
  tableName: 'access_request',
  properties: {
    ...baseProperties,
    /**
     * null only for an account creation naming a registry number no active organisation holds (migration 0005);
     * never set null by a deletion (the check of 0005 would refuse it): an organisation with requests stays
     */
    organisation: () => p.manyToOne(Organisation).mapToPk().nullable().deleteRule('no action'),
    type: p.enum([...REQUEST_TYPE_VALUES]),
    state: p.enum([...REQUEST_STATE_VALUES]),
    requester: () => p.manyToOne(Person).mapToPk().index(),
    subjectPerson: () => p.manyToOne(Person).mapToPk().nullable().index(),
    subjectMember: () => p.manyToOne(Member).mapToPk().nullable().index().deleteRule('set null'),
    unit: () => p.manyToOne(Unit).mapToPk().nullable().index().deleteRule('set null'),
    serviceRole: () => p.manyToOne(ServiceRole).mapToPk().nullable().index(),
    payload: p.json<Record<string, unknown>>().nullable(),
    decision: p.enum(['APPROVED', 'REFUSED'] as const).nullable(),
    decidedAt: p.datetime().nullable(),
    decidedBy: () => p.manyToOne(Person).mapToPk().nullable().index(),
    decisionComment: p.text().nullable(),
    closedAt: p.datetime().nullable(),
    readByRequesterAt: p.datetime().nullable(),
  },
  indexes: [
    { properties: ['organisation', 'state', 'createdAt'] },
    { properties: ['organisation', 'type', 'state', 'createdAt'] },
    { properties: ['state', 'closedAt'] },
    { properties: ['organisation', 'createdAt', 'id'] },
    { properties: ['requester', 'createdAt', 'id'] },
  ],
});
export type IRequest = InferEntity<typeof Request>;

export const RequestStep = defineEntity({
  name: 'RequestStep',
  properties: {
    id: p.bigint('string').primary().autoincrement(),
    request: () => p.manyToOne(Request).mapToPk().index().deleteRule('cascade'),
    at: p.datetime().onCreate(() => new Date()),
    actor: () => p.manyToOne(Person).mapToPk().nullable().index(),
    fromState: p.enum([...REQUEST_STATE_VALUES]).nullable(),
    toState: p.enum([...REQUEST_STATE_VALUES]),
    comment: p.text().nullable(),
  },
});
export type IRequestStep = InferEntity<typeof RequestStep>;
