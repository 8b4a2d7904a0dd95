import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from '../log.js';
import { dispatchOutboxMessage, outboxMessagesWithoutJob } from '../mail/dispatcher.js';
import type { Mailer } from '../mail/mailer.js';
import { runDelegationTransitions } from '../modules/delegations/delegation-transitions.js';
import { destroyExpiredRequests } from '../modules/requests/retention.js';
import { closeDueCampaigns, sendDueReminders } from '../modules/reviews/campaign-jobs.js';
import { JOBS_SCHEMA, QUEUES } from './queues.js';
import type { JobHandler, JobQueue } from './runner.js';

/**
 * The handlers of the queues whose feature exists. Webhook deliveries have their queue (src/jobs/queues.ts) but no
 * handler until the feature is built: add it here, and send jobs with `ctx.app.jobs.send(QUEUES.x, data)` after the
 * commit that causes them.
 */
export function jobHandlers(deps: {
  em: EntityManager;
  mailer: Mailer;
  /** domain part of the Message-IDs */
  domain: string;
  logger: Logger;
  retentionDays: number;
  jobs: () => JobQueue;
  /** the address links in e-mails start with (known once the server listens) */
  appUrl: () => string;
  /** the clock of the jobs (tests move it) */
  now?: () => Date;
}): Partial<Record<(typeof QUEUES)[keyof typeof QUEUES], JobHandler>> {
  const { em, logger } = deps;
  return {
    [QUEUES.mailDispatch]: async (job) => {
      try {
        await dispatchOutboxMessage(em, String(job.data.outboxId), deps);
      } catch (error) {
        // A permanent refusal (SMTP 5xx: no such mailbox, policy) will not get better with time: no more retries,
        // the job fails now and waits for an operator. A transient one (4xx, connection) keeps its back-off.
        if (isPermanentSmtpError(error)) await lastAttempt(em, QUEUES.mailDispatch, job.id);
        throw error;
      }
    },
    [QUEUES.outboxSweep]: async () => {
      const ids = await outboxMessagesWithoutJob(em.fork());
      if (ids.length > 0)
        logger.info({ count: ids.length }, 'outbox sweep: dispatch jobs for waiting messages');
      await deps.jobs().outboxQueued(ids);
    },
    [QUEUES.requestRetention]: async () => {
      const count = await destroyExpiredRequests(em.fork(), new Date(), deps.retentionDays);
      if (count > 0) logger.info({ count }, 'retention destroyed finished requests');
    },
    [QUEUES.reviewDefaultDecisions]: async () => {
      const closed = await closeDueCampaigns(em, (deps.now ?? (() => new Date()))());
      if (closed.length > 0) logger.info({ campaigns: closed }, 'review campaigns closed at their due date');
    },
    [QUEUES.reviewReminders]: async () => {
      const ids = await sendDueReminders(em, (deps.now ?? (() => new Date()))(), deps.appUrl());
      if (ids.length > 0) logger.info({ count: ids.length }, 'review reminders queued');
      await deps.jobs().outboxQueued(ids);
    },
    [QUEUES.delegationTransitions]: async () => {
      const ids = await runDelegationTransitions(em.fork(), (deps.now ?? (() => new Date()))());
      if (ids.length > 0) logger.info({ count: ids.length }, 'delegation start and end notices queued');
      await deps.jobs().outboxQueued(ids);
    },
    [QUEUES.deadLetter]: async (job) => {
      logger.error(
        { jobId: job.id, data: job.data },
        'a job failed its last attempt; it is listed in failedJobs for an operator to retry',
      );
    },
  };
}

/** nodemailer's `responseCode` of a 5xx SMTP reply. */
export function isPermanentSmtpError(error: unknown): boolean {
  const code = (error as { responseCode?: unknown })?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

/** Makes the running attempt of a job its last one (pg-boss fails it, rather than retrying, when it throws). */
async function lastAttempt(em: EntityManager, queue: string, jobId: string): Promise<void> {
  await em
    .fork()
    .getConnection()
    .execute(`update ${JOBS_SCHEMA}.job set retry_limit = retry_count where name = ? and id = ?`, [
      queue,
      jobId,
    ]);
}
