import { type FailedJob, listFailedJobs, retryFailedJob } from '../../jobs/failed-jobs.service.js';
import { globalId, parseId } from '../../lib/ids.js';
import { authzIn } from '../authz.js';
import { builder } from '../builder.js';
import { MUTATION_ERRORS } from '../errors/index.js';
import { inTransaction } from '../mutation.js';

/** Background jobs belong to no organisation: only the operator sees them. */
const operatorOnly = { operator: true } as const;

export const FailedJobRef = builder.objectRef<FailedJob>('FailedJob');
FailedJobRef.implement({
  description:
    'A background job (pg-boss) that failed its last attempt and waits for an operator: mail dispatch, retention...',
  authScopes: operatorOnly,
  fields: (t) => ({
    id: t.id({ description: 'A Job id, for retryJob.', resolve: (job) => globalId('Job', job.id) }),
    queue: t.string({ description: 'The queue, e.g. mail.dispatch.', resolve: (job) => job.queue }),
    attempts: t.int({
      description: 'Runs attempted: the first and each retry.',
      resolve: (job) => job.attempts,
    }),
    lastError: t.string({
      nullable: true,
      description: 'The message of the last error (never its stack).',
      resolve: (job) => job.lastError,
    }),
    failedAt: t.field({ type: 'DateTime', resolve: (job) => job.failedAt }),
    createdAt: t.field({ type: 'DateTime', resolve: (job) => job.createdAt }),
  }),
});

builder.queryField('failedJobs', (t) =>
  t.connection({
    type: FailedJobRef,
    description: 'Background jobs that failed their last attempt, most recent first (the operator only).',
    authScopes: operatorOnly,
    resolve: (_root, args, ctx) => listFailedJobs(ctx.em, args),
  }),
);

const RetryJobInput = builder.inputType('RetryJobInput', {
  fields: (t) => ({ id: t.id({ description: 'The id of a FailedJob.' }) }),
});

builder.mutationField('retryJob', (t) =>
  t.field({
    type: FailedJobRef,
    description:
      'The operator runs a failed job again (one more attempt, taken by any instance); audited. Returns the job as it was.',
    errors: { types: MUTATION_ERRORS },
    authScopes: operatorOnly,
    args: { input: t.arg({ type: RetryJobInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      inTransaction(ctx, async (tx, afterCommit) => {
        const job = await retryFailedJob(tx, (await authzIn(ctx, tx)).actor, parseId(input.id, 'Job', 'id'));
        afterCommit.push(() => ctx.app.jobs.notify(job.queue));
        return job;
      }),
  }),
);
