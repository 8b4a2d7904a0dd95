import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { baseProperties } from '../common.js';
import { Organisation } from '../organisations/organisation.entity.js';
import { Person } from '../people/person.entity.js';
import { Request } from '../requests/request.entity.js';

export const Notification = defineEntity({
  name: 'Notification',
  properties: {
    ...baseProperties,
    person: () => p.manyToOne(Person).mapToPk().deleteRule('cascade'),
    organisation: () => p.manyToOne(Organisation).mapToPk().nullable().index(),
    kind: p.enum([
      'REQUEST_SUBMITTED',
      'REQUEST_DECIDED',
      'ATTACHED',
      'REVIEW_REMINDER',
      'DELEGATION_GRANTED',
      'DELEGATION_STARTED',
      'DELEGATION_ENDED',
      'DELEGATION_REVOKED',
    ] as const),
    request: () => p.manyToOne(Request).mapToPk().nullable().index().deleteRule('cascade'),
    readAt: p.datetime().nullable(),
  },
  indexes: [{ properties: ['person', 'readAt', 'createdAt'] }, { properties: ['person', 'createdAt', 'id'] }],
});
export type INotification = InferEntity<typeof Notification>;
