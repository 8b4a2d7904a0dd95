import { defineEntity, type InferEntity, p } from '@mikro-orm/core';

/** Append-only: the database refuses UPDATE and DELETE on this table (see the migration). */
export const AuditEvent = defineEntity({
  name: 'AuditEvent',
  properties: {
    id: p.bigint('string').primary().autoincrement(),
    at: p.datetime().onCreate(() => new Date()),
    organisation: p.uuid().nullable(),
    actorPerson: p.uuid().nullable(),
    actingAs: p.enum(['OPERATOR', 'MEMBER', 'SELF', 'SYSTEM'] as const),
    action: p.string(),
    targetType: p.string(),
    targetId: p.string().nullable(),
    before: p.json<Record<string, unknown>>().nullable(),
    after: p.json<Record<string, unknown>>().nullable(),
    /** the delegator member when the actor acted under a delegation received from it (migration 0019) */
    onBehalfOf: p.uuid().nullable(),
  },
  indexes: [
    { properties: ['organisation', 'at'] },
    { properties: ['actorPerson', 'at'] },
    { properties: ['targetId'] },
    { properties: ['action', 'at'] },
    { properties: ['at', 'id'] },
    { properties: ['organisation', 'at', 'id'] },
    { properties: ['organisation', 'actorPerson', 'at', 'id'] },
    { properties: ['organisation', 'targetId', 'at', 'id'] },
  ],
});
export type IAuditEvent = InferEntity<typeof AuditEvent>;
