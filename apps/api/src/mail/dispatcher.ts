import type { EntityManager } from '@mikro-orm/postgresql';
import type { EmailPayload } from '../modules/outbox/outbox-message.entity.js';
import type { Mailer } from './mailer.js';

/**
 * The Message-ID of an outbox row: the same on every attempt, so a re-send after a crash carries the header of
 * the first send. The creation time keeps ids apart when a database is recreated and its ids start over.
 */
export function outboxMessageId(row: { id: string; createdAt: Date }, domain: string): string {
  return `<outbox.${row.id}.${row.createdAt.getTime().toString(36)}@${domain}>`;
}

/** The domain of a From address such as `Tessera <no-reply@tessera.local>`. */
export function messageIdDomain(from: string): string {
  return /@([A-Za-z0-9.-]+)>?\s*$/.exec(from)?.[1] ?? 'tessera.local';
}

export type DispatchOutcome = 'sent' | 'failed' | 'already-sent' | 'busy' | 'missing';

/**
 * Sends one outbox message, the work of a `mail.dispatch` job. The row is the source of truth, the job only says
 * "look at row n": in one transaction the row is claimed (`for update skip locked`), sent unless already marked,
 * and marked sent. A crash can only leave the one message being sent unmarked; its re-send has the same
 * Message-ID. A row another worker holds is left to it (`busy`). A failed send is counted on the row (attempts,
 * last error) and thrown, so that the job is retried with pg-boss's back-off and dead-lettered after the last.
 */
export async function dispatchOutboxMessage(
  em: EntityManager,
  outboxId: string,
  options: { mailer: Mailer; domain: string },
): Promise<DispatchOutcome> {
  const failure: { error?: unknown } = {};
  const outcome = await em.fork().transactional(async (tx): Promise<DispatchOutcome> => {
    const [row] = await tx.execute<
      { id: string; payload: EmailPayload; created_at: Date; sent_at: Date | null }[]
    >('select id, payload, created_at, sent_at from outbox_message where id = ? for update skip locked', [
      outboxId,
    ]);
    if (!row) {
      const [exists] = await tx.execute('select 1 from outbox_message where id = ?', [outboxId]);
      return exists ? 'busy' : 'missing';
    }
    if (row.sent_at) return 'already-sent';
    try {
      await options.mailer.send(row.payload, {
        messageId: outboxMessageId(
          { id: String(row.id), createdAt: new Date(row.created_at) },
          options.domain,
        ),
      });
    } catch (error) {
      failure.error = error;
      await tx.execute('update outbox_message set attempts = attempts + 1, last_error = ? where id = ?', [
        String(error instanceof Error ? error.message : error).slice(0, 2000),
        row.id,
      ]);
      return 'failed';
    }
    await tx.execute('update outbox_message set sent_at = now() where id = ?', [row.id]);
    return 'sent';
  });
  if (failure.error !== undefined) throw failure.error;
  return outcome;
}

/**
 * The unsent messages that no job will send: never attempted (attempts = 0, so no failed job owns them) and with
 * no dispatch job waiting. That covers a wake-up lost between a commit and its enqueue, a message queued outside
 * a mutation, and the message in flight when an instance was killed (its job stays active until it expires).
 * A message that failed belongs to its job: retried with back-off, then listed as a failed job for the operator.
 */
export async function outboxMessagesWithoutJob(em: EntityManager, limit = 1000): Promise<string[]> {
  const rows = await em.execute<{ id: string }[]>(
    `select o.id from outbox_message o
      where o.sent_at is null and o.attempts = 0 and o.available_at <= now()
        and not exists (select 1 from pgboss.job j
                         where j.name = 'mail.dispatch' and j.singleton_key = o.id::text
                           and j.state in ('created', 'retry'))
      order by o.id limit ${Math.floor(limit)}`,
  );
  return rows.map((row) => String(row.id));
}
