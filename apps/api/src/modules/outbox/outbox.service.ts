import type { EntityManager } from '@mikro-orm/postgresql';
import { type EmailPayload, type IOutboxMessage, OutboxMessage } from './outbox-message.entity.js';

/** The messages each unit of work queued, so that their dispatch jobs are sent once it commits. */
const queuedBy = new WeakMap<EntityManager, IOutboxMessage[]>();

/** Queues an e-mail in the caller's transaction; a `mail.dispatch` job sends it once the transaction commits. */
export function queueEmail(em: EntityManager, email: EmailPayload): void {
  const message = em.create(OutboxMessage, { kind: 'EMAIL', payload: email });
  const queued = queuedBy.get(em) ?? [];
  queued.push(message);
  queuedBy.set(em, queued);
}

/** The ids of the messages queued through `em` (flushed, so they have ids), forgotten once taken. */
export function takeQueuedEmails(em: EntityManager): string[] {
  const queued = queuedBy.get(em) ?? [];
  queuedBy.delete(em);
  return queued.map((message) => message.id).filter((id): id is string => id != null);
}
