import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from '../log.js';
import type { EmailPayload } from '../modules/outbox/outbox-message.entity.js';
import type { Mailer } from './mailer.js';

const MAX_BACKOFF_SECONDS = 3600;

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

/**
 * Sends what the outbox holds and retries failures with an exponential back-off. Each message is claimed, sent
 * and marked sent in its own transaction (`for update skip locked`, so several instances share the work): a
 * crash can only leave the one message being sent unmarked, and its re-send has the same Message-ID.
 */
export function startOutboxDispatcher(options: {
  em: EntityManager;
  mailer: Mailer;
  logger: Logger;
  /** domain part of the Message-IDs */
  domain: string;
  intervalMs?: number;
  /** poll on a timer as well as when kicked (default true) */
  scheduled?: boolean;
}) {
  const { em, mailer, logger, domain } = options;
  let running = false;
  let again = false;
  let stopped = false;

  /** Sends the oldest due message; false when none is due. */
  async function sendOne(): Promise<boolean> {
    return em.fork().transactional(async (tx) => {
      const [row] = await tx.execute<
        { id: string; payload: EmailPayload; attempts: number; created_at: Date }[]
      >(
        `select id, payload, attempts, created_at from outbox_message
          where sent_at is null and available_at <= now()
          order by id limit 1 for update skip locked`,
      );
      if (!row) return false;
      try {
        await mailer.send(row.payload, {
          messageId: outboxMessageId({ id: String(row.id), createdAt: new Date(row.created_at) }, domain),
        });
        await tx.execute('update outbox_message set sent_at = now() where id = ?', [row.id]);
      } catch (error) {
        const backoff = Math.min(MAX_BACKOFF_SECONDS, 2 ** row.attempts * 5);
        logger.warn({ err: error, outboxId: row.id }, 'sending a message failed; will retry');
        await tx.execute(
          `update outbox_message set attempts = attempts + 1, last_error = ?, available_at = now() + (? || ' seconds')::interval where id = ?`,
          [String(error instanceof Error ? error.message : error), String(backoff), row.id],
        );
      }
      return true;
    });
  }

  async function drain(): Promise<void> {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        while (!stopped && (await sendOne())) {}
      } while (again && !stopped);
    } catch (error) {
      if (!stopped) logger.error({ err: error }, 'outbox dispatcher failed');
    } finally {
      running = false;
    }
  }

  const timer =
    options.scheduled === false ? undefined : setInterval(() => void drain(), options.intervalMs ?? 5000);
  timer?.unref();
  return {
    kick: () => void drain(),
    drain,
    async stop() {
      stopped = true;
      clearInterval(timer);
      while (running) await new Promise((resolve) => setTimeout(resolve, 20));
    },
  };
}
