import type { EntityManager } from '@mikro-orm/postgresql';
import type { RequestContext } from '../context.js';
import { publishSessionsRevoked } from '../live/events.js';
import { takeRevokedSessions } from '../modules/people/session.service.js';

export interface AfterCommit {
  /** runs once the transaction has committed (live events, waking the outbox) */
  push(task: () => void | Promise<void>): void;
}

/**
 * Runs one mutation's work in one transaction (rule 4): the change, its audit events and its outbox messages
 * commit together or not at all. Side effects that must not happen on rollback go through `afterCommit`.
 */
export async function inTransaction<T>(
  ctx: RequestContext,
  work: (tx: EntityManager, afterCommit: AfterCommit) => Promise<T>,
): Promise<T> {
  const tasks: (() => void | Promise<void>)[] = [];
  const transaction: { em?: EntityManager } = {};
  const result = await ctx.em.transactional((tx) => {
    transaction.em = tx;
    return work(tx, { push: (task) => tasks.push(task) });
  });
  ctx.app.kickOutbox();
  // Sessions the work revoked (password change, block, removal...) end their live streams now.
  if (transaction.em) publishSessionsRevoked(ctx.app.live, takeRevokedSessions(transaction.em));
  for (const task of tasks) {
    try {
      await task();
    } catch (error) {
      ctx.app.logger.error({ err: error }, 'after-commit task failed');
    }
  }
  // Reads after the mutation must see the committed state, not entities cached before it.
  ctx.em.clear();
  return result;
}
