import type { EntityManager } from '@mikro-orm/postgresql';
import { type EmailPayload, OutboxMessage } from './outbox-message.entity.js';

/** Queues an e-mail in the caller's transaction; the dispatcher sends it once the transaction commits. */
export function queueEmail(em: EntityManager, email: EmailPayload): void {
  em.create(OutboxMessage, { kind: 'EMAIL', payload: email });
}
