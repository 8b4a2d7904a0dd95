import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '@tessera/domain';
import { InvalidInputError, NotFoundError } from '../errors.js';
import { type ConnectionArgs, keysetPage } from '../lib/keyset.js';
import { audit } from '../modules/audit/audit.service.js';
import { ALL_QUEUES, JOBS_SCHEMA } from './queues.js';

export interface FailedJob {
  id: string;
  queue: string;
  /** runs attempted: the first and each retry */
  attempts: number;
  /** the error's message only (the stored output also holds its stack, which is not shown) */
  lastError: string | null;
  failedAt: Date;
  createdAt: Date;
}

interface FailedRow {
  id: string;
  name: string;
  retry_count: number;
  message: string | null;
  completed_on: Date;
  created_on: Date;
}

const toFailedJob = (row: FailedRow): FailedJob => ({
  id: row.id,
  queue: row.name,
  attempts: row.retry_count + 1,
  lastError: row.message,
  failedAt: new Date(row.completed_on),
  createdAt: new Date(row.created_on),
});

// pg-boss keeps a thrown error as its serialised form ({ name, message, stack }) and a timeout as { value: { message } }.
const FAILED_COLUMNS = `id, name, retry_count, completed_on, created_on,
  coalesce(output->>'message', output->'value'->>'message', output->>'value') as message`;

/** Jobs of Tessera's queues that failed their last attempt, most recent first (keyset on failure time, id). */
export function listFailedJobs(em: EntityManager, args: ConnectionArgs) {
  return keysetPage<FailedJob>(
    args,
    (job) => [job.failedAt.toISOString(), job.id],
    2,
    async (after, limit) => {
      const params: unknown[] = [ALL_QUEUES];
      let where = '';
      if (after) {
        const [at, id] = after;
        if (typeof at !== 'string' || typeof id !== 'string' || Number.isNaN(Date.parse(at)))
          throw new InvalidInputError('after', 'This cursor is not valid for this list.');
        where = 'and (completed_on, id) < (?, ?::uuid)';
        params.push(new Date(at), id);
      }
      const rows = await em.execute<FailedRow[]>(
        `select ${FAILED_COLUMNS} from ${JOBS_SCHEMA}.job
          where name = any(array[?]::text[]) and state = 'failed' ${where}
          order by completed_on desc, id desc limit ${Math.floor(limit)}`,
        params,
      );
      return rows.map(toFailedJob);
    },
  );
}

/**
 * The operator runs a failed job again: it goes back to `retry` with one more attempt allowed, and a worker of
 * any instance takes it at its next poll. The same row change as pg-boss's own `retry`, made here so that it
 * commits with its audit event. An unknown id, or a job that has not failed, is NOT_FOUND.
 */
export async function retryFailedJob(em: EntityManager, actor: Actor, jobId: string): Promise<FailedJob> {
  const [row] = await em.execute<FailedRow[]>(
    `select ${FAILED_COLUMNS} from ${JOBS_SCHEMA}.job
      where id = ? and name = any(array[?]::text[]) and state = 'failed' for update`,
    [jobId, ALL_QUEUES],
  );
  if (!row) throw new NotFoundError(`no failed job ${jobId}`);
  await em.execute(
    `update ${JOBS_SCHEMA}.job set state = 'retry', retry_limit = retry_limit + 1, start_after = now()
      where name = ? and id = ? and state = 'failed'`,
    [row.name, row.id],
  );
  const job = toFailedJob(row);
  audit(em, actor, {
    organisation: null,
    action: 'job.retried',
    targetType: 'Job',
    targetId: job.id,
    before: { queue: job.queue, state: 'failed', attempts: job.attempts, lastError: job.lastError },
    after: { state: 'retry' },
  });
  await em.flush();
  return job;
}
