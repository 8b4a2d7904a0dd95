import type { EntityManager } from '@mikro-orm/postgresql';
import PgBoss from 'pg-boss';
import type { Logger } from '../log.js';
import { jobSchemaProblem } from './install.js';
import { JOBS_SCHEMA, QUEUES, type QueueName, SCHEDULES } from './queues.js';

export type JobHandler = (job: PgBoss.Job<Record<string, unknown>>) => Promise<void>;

/** What the rest of the API sees of the job queue. */
export interface JobQueue {
  /** after a commit: one `mail.dispatch` job per outbox message the transaction queued */
  outboxQueued(outboxIds: string[]): Promise<void>;
  /** enqueues a job (the hook for the queues without a handler yet: delegations, reviews, webhooks) */
  send(queue: QueueName, data: Record<string, unknown>, options?: PgBoss.SendOptions): Promise<string | null>;
  /** makes this instance's worker of `queue` look for work now rather than at its next poll */
  notify(queue: string): void;
  /** jobs this instance ran, by queue and outcome (for /metrics) */
  readonly processed: Map<string, { completed: number; failed: number }>;
  readonly running: boolean;
  stop(): Promise<void>;
}

export class JobSchemaMissingError extends Error {}

/**
 * Starts pg-boss as the runtime role (its schema and queues exist: the migration step made them) and a worker for
 * each queue that has a handler. pg-boss gives the guarantees: a job is fetched by one worker of one instance
 * (`for update skip locked`), retried with exponential back-off up to its queue's limit, then failed and copied
 * to the dead-letter queue; each cron schedule is evaluated by one instance a minute and fires one job.
 */
export async function startJobQueue(options: {
  connectionString: string;
  em: EntityManager;
  logger: Logger;
  handlers: Partial<Record<QueueName, JobHandler>>;
  /** cron schedules and the start-up runs (BACKGROUND_SCHEDULE=on) */
  scheduled: boolean;
  pollingIntervalSeconds?: number;
}): Promise<JobQueue> {
  const { logger } = options;
  const problem = await jobSchemaProblem((sql) => options.em.getConnection().execute(sql));
  if (problem) throw new JobSchemaMissingError(`${problem}: run pnpm migrate`);
  const boss = new PgBoss({
    connectionString: options.connectionString,
    schema: JOBS_SCHEMA,
    application_name: 'tessera-jobs',
    max: 4,
    migrate: false,
    supervise: true,
    maintenanceIntervalSeconds: 60,
    schedule: options.scheduled,
    // A failed job stays listed (failedJobs) for a week before pg-boss archives it.
    archiveFailedAfterSeconds: 7 * 24 * 3600,
  });
  boss.on('error', (error: Error & { code?: string; queue?: string }) => {
    // The error's own fields only: pg's errors carry their client, whose dump would fill the log.
    const fields = { code: error.code, queue: error.queue, error: error.message };
    // 57P01: the server is shutting down (the embedded PostgreSQL stops with the process on Ctrl-C).
    if (error.code === '57P01') logger.warn(fields, 'job queue: PostgreSQL is shutting down');
    else logger.error(fields, 'job queue error');
  });
  await boss.start();
  const processed = new Map<string, { completed: number; failed: number }>();
  const count = (queue: string, outcome: 'completed' | 'failed') => {
    const entry = processed.get(queue) ?? { completed: 0, failed: 0 };
    entry[outcome] += 1;
    processed.set(queue, entry);
  };
  const workers = new Map<string, string>();
  for (const [queue, handler] of Object.entries(options.handlers) as [QueueName, JobHandler][]) {
    const id = await boss.work<Record<string, unknown>>(
      queue,
      { batchSize: 1, pollingIntervalSeconds: options.pollingIntervalSeconds ?? 1 },
      async ([job]) => {
        if (!job) return;
        try {
          await handler(job);
          count(queue, 'completed');
        } catch (error) {
          count(queue, 'failed');
          logger.warn({ err: error, queue, jobId: job.id }, 'a job failed; pg-boss retries it with back-off');
          throw error;
        } finally {
          // Work done: look again at once instead of waiting for the next poll (the queue may hold more).
          boss.notifyWorker(id);
        }
      },
    );
    workers.set(queue, id);
  }
  if (options.scheduled) {
    for (const { queue, cron } of SCHEDULES) await boss.schedule(queue, cron, {}, { tz: 'UTC' });
    // Whatever a previous run left (a crash, an SMTP outage, finished requests) is looked at now, not at the
    // next minute. The queues' `stately` policy keeps one such run waiting whatever the number of instances.
    await boss.send(QUEUES.outboxSweep, {});
    await boss.send(QUEUES.requestRetention, {}, { startAfter: 5 });
  }
  let running = true;
  const notify = (queue: string) => {
    const id = workers.get(queue);
    if (id) boss.notifyWorker(id);
  };
  return {
    processed,
    get running() {
      return running;
    },
    async outboxQueued(outboxIds) {
      if (outboxIds.length === 0) return;
      // One job per message; the queue's `short` policy drops a second one waiting for the same message.
      await boss.insert(
        outboxIds.map((id) => ({ name: QUEUES.mailDispatch, data: { outboxId: id }, singletonKey: id })),
      );
      notify(QUEUES.mailDispatch);
    },
    send: (queue, data, sendOptions = {}) => boss.send(queue, data, sendOptions),
    notify,
    async stop() {
      if (!running) return;
      running = false;
      // Waits for the jobs in progress; one still running after the timeout is failed, hence retried elsewhere.
      await boss.stop({ graceful: true, wait: true, timeout: 10_000, close: true });
    },
  };
}
