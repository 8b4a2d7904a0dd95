import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from '../log.js';
import type { EmailPayload } from '../modules/outbox/outbox-message.entity.js';
import type { Mailer } from './mailer.js';

const BATCH = 20;
const MAX_BACKOFF_SECONDS = 3600;

/**
 * Sends what the outbox holds and retries failures with an exponential back-off. Rows are claimed with
 * FOR UPDATE SKIP LOCKED so several API instances share the work without sending a message twice.
 */
export function startOutboxDispatcher(options: {
  em: EntityManager;
  mailer: Mailer;
  logger: Logger;
  intervalMs?: number;
  /** poll on a timer as well as when kicked (default true) */
  scheduled?: boolean;
}) {
  const { em, mailer, logger } = options;
  let running = false;
  let again = false;
  let stopped = false;

  async function drainOnce(): Promise<number> {
    return em.fork().transactional(async (tx) => {
      const rows = await tx.execute<{ id: string; payload: EmailPayload; attempts: number }[]>(
        `select id, payload, attempts from outbox_message
          where sent_at is null and available_at <= now()
          order by id limit ${BATCH} for update skip locked`,
      );
      for (const row of rows) {
        try {
          await mailer.send(row.payload);
          await tx.execute('update outbox_message set sent_at = now() where id = ?', [row.id]);
        } catch (error) {
          const backoff = Math.min(MAX_BACKOFF_SECONDS, 2 ** row.attempts * 5);
          logger.warn({ err: error, outboxId: row.id }, 'sending a message failed; will retry');
          await tx.execute(
            `update outbox_message set attempts = attempts + 1, last_error = ?, available_at = now() + (? || ' seconds')::interval where id = ?`,
            [String(error instanceof Error ? error.message : error), String(backoff), row.id],
          );
        }
      }
      return rows.length;
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
        while (!stopped && (await drainOnce()) === BATCH) {}
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
