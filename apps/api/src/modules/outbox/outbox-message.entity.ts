import { defineEntity, type InferEntity, p } from '@mikro-orm/core';

export interface EmailPayload {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

/** Outgoing messages written in the same transaction as the change that causes them (rule 4). */
export const OutboxMessage = defineEntity({
  name: 'OutboxMessage',
  properties: {
    id: p.bigint('string').primary().autoincrement(),
    kind: p.enum(['EMAIL'] as const),
    payload: p.json<EmailPayload>(),
    createdAt: p.datetime().onCreate(() => new Date()),
    availableAt: p.datetime().onCreate(() => new Date()),
    attempts: p.integer().default(0),
    sentAt: p.datetime().nullable(),
    lastError: p.text().nullable(),
  },
  indexes: [{ properties: ['sentAt', 'availableAt'] }],
});
export type IOutboxMessage = InferEntity<typeof OutboxMessage>;
