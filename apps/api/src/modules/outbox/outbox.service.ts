import type { EntityManager } from '@mikro-orm/postgresql';
import { type EmailPayload, type IOutboxMessage, OutboxMessage } from './outbox-message.entity.js';

/** The messages each unit of work queued, so that their dispatch jobs are sent once it commits. */
const queuedBy = new WeakMap<EntityManager, Pick<IOutboxMessage, 'id'>[]>();

/** Queues an e-mail in the caller's transaction; a `mail.dispatch` job sends it once the transaction commits. */
export function queueEmail(em: EntityManager, email: EmailPayload): void {
  const message = em.create(OutboxMessage, { kind: 'EMAIL', payload: email });
  const queued = queuedBy.get(em) ?? [];
  queued.push(message);
  queuedBy.set(em, queued);
}

/** An e-mail's outbox row by property, as `queueEmail` would create it, for writers that insert rows directly. */
export function emailRow(email: EmailPayload): Record<string, unknown> {
  const now = new Date();
  return { kind: 'EMAIL', payload: email, createdAt: now, availableAt: now, attempts: 0 };
}

/** Notes outbox rows inserted directly through `em` (their ids), so their jobs are sent once it commits. */
export function noteQueuedEmails(em: EntityManager, ids: readonly string[]): void {
  if (ids.length === 0) return;
  const queued = queuedBy.get(em) ?? [];
  queued.push(...ids.map((id) => ({ id })));
  queuedBy.set(em, queued);
}

/** The ids of the messages queued through `em` (flushed, so they have ids), forgotten once taken. */
export function takeQueuedEmails(em: EntityManager): string[] {
  const queued = queuedBy.get(em) ?? [];
  queuedBy.delete(em);
  return queued.map((message) => message.id).filter((id): id is string => id != null);
}
