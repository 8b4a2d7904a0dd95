import type PgBoss from 'pg-boss';

/** The PostgreSQL schema pg-boss keeps its tables in, created by the owner in the migration step. */
export const JOBS_SCHEMA = 'pgboss';

/**
 * Every queue of Tessera. The owner creates them all in the migration step (a queue is a table partition, which
 * the runtime role may not create); an instance works only those it has a handler for.
 */
export const QUEUES = {
  /** one job per outbox message: sends it if the row is still unsent (the row is the source of truth) */
  mailDispatch: 'mail.dispatch',
  /** cron, every minute: a dispatch job for each unsent message that has none (missed wake-ups, crashes) */
  outboxSweep: 'outbox.sweep',
  /** cron, hourly: rule 5, destroys finished requests older than REQUEST_RETENTION_DAYS */
  requestRetention: 'requests.retention',
  /**
   * cron, every minute: the start and end notices of delegations (modules/delegations/delegation-transitions.ts),
   * each exactly once by a row-state guard; validity itself is read at every check, not set by this job.
   */
  delegationTransitions: 'delegations.transitions',
  /** cron, hourly: reminders (outbox e-mail + notification) to reviewers of campaigns due within three days */
  reviewReminders: 'reviews.reminders',
  /** cron, every minute: campaigns past their due date take their default decision, once (row-state guard) */
  reviewDefaultDecisions: 'reviews.default-decisions',
  /** Hook, no handler yet: webhook deliveries (one job per delivery, retried with back-off). */
  webhookDeliveries: 'webhooks.deliveries',
  /** where a job goes after its last attempt failed: logged at error level; the failed job stays listed */
  deadLetter: 'jobs.dead-letter',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/** pg-boss's own queue for cron: each schedule becomes one job here per minute, across every instance. */
export const CRON_QUEUE = '__pgboss__send-it';

/** Retries with exponential back-off (pg-boss: delay × 2^attempt, with jitter), then the dead-letter queue. */
const retried = (retryLimit: number, retryDelay: number): Partial<PgBoss.Queue> => ({
  retryLimit,
  retryDelay,
  retryBackoff: true,
  deadLetter: QUEUES.deadLetter,
});

/**
 * The policy of each queue (pg-boss policies): `short` keeps at most one waiting job per singleton key (one per
 * outbox message), `stately` at most one waiting and one running (a sweep or a retention run at a time).
 */
export const QUEUE_OPTIONS: Record<QueueName, Omit<PgBoss.Queue, 'name'>> = {
  [QUEUES.mailDispatch]: { policy: 'short', expireInSeconds: 120, ...retried(8, 5) },
  [QUEUES.outboxSweep]: { policy: 'stately', expireInSeconds: 300, ...retried(2, 10) },
  [QUEUES.requestRetention]: { policy: 'stately', expireInSeconds: 3600, ...retried(3, 60) },
  [QUEUES.delegationTransitions]: { policy: 'standard', ...retried(8, 30) },
  [QUEUES.reviewReminders]: { policy: 'standard', ...retried(8, 60) },
  [QUEUES.reviewDefaultDecisions]: { policy: 'standard', ...retried(8, 60) },
  [QUEUES.webhookDeliveries]: { policy: 'standard', ...retried(10, 30) },
  [QUEUES.deadLetter]: { policy: 'standard', retryLimit: 2, retryDelay: 60 },
};

export const ALL_QUEUES = Object.values(QUEUES) as QueueName[];

/** Cron schedules (UTC), evaluated by one instance per minute (pg-boss's cron lock), each firing one job. */
export const SCHEDULES: { queue: QueueName; cron: string }[] = [
  { queue: QUEUES.outboxSweep, cron: '* * * * *' },
  { queue: QUEUES.requestRetention, cron: '7 * * * *' },
  { queue: QUEUES.reviewDefaultDecisions, cron: '* * * * *' },
  { queue: QUEUES.reviewReminders, cron: '13 * * * *' },
  { queue: QUEUES.delegationTransitions, cron: '* * * * *' },
];
