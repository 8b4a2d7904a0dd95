import type { EntityManager } from '@mikro-orm/postgresql';
import type { RequestContext } from '../context.js';

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
  const result = await ctx.em.transactional((tx) => work(tx, { push: (task) => tasks.push(task) }));
  ctx.app.kickOutbox();
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
