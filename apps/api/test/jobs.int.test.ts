import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUEUES } from '../src/jobs/queues.js';
import { startTestApp, type TestApp, type TestClient } from './app.js';
import { waitUntil } from './spawn.js';

/** The value of one sample (`name{labels} value`), 0 when absent; labels given must all match. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | null {
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]),
    );
    if (Object.entries(labels).every(([key, value]) => present[key] === value)) return Number(match[3]);
  }
  return null;
}

const FAILED_JOBS = `query($first: Int, $after: String) {
  failedJobs(first: $first, after: $after) {
    edges { cursor node { id queue attempts lastError failedAt createdAt } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const RETRY = `mutation($input: RetryJobInput!) {
  retryJob(input: $input) {
    __typename
    ... on MutationRetryJobSuccess { data { id queue attempts } }
    ... on Error { code message }
  }
}`;

let t: TestApp;
let db: pg.Client;
let operator: TestClient;

async function one<T>(sql: string, params: unknown[] = []): Promise<T> {
  return (await db.query(sql, params)).rows[0] as T;
}

/**
 * An outbox message the SMTP server will not take and its dispatch job: `deferred` (451, transient) with one retry
 * allowed, or `refused` (550, permanent) with the queue's retry limit.
 */
async function failingMessage(
  address: string,
  how: 'deferred' | 'refused',
): Promise<{ outboxId: string; jobId: string }> {
  t.smtp[how].add(address);
  const { id } = await one<{ id: string }>(
    `insert into outbox_message (kind, payload, created_at, available_at, attempts)
     values ('EMAIL', $1, now(), now(), 0) returning id::text`,
    [{ to: address, subject: 'Bounce', text: 'This one bounces.' }],
  );
  const jobId = await t.app.services.jobs.send(
    QUEUES.mailDispatch,
    { outboxId: id },
    how === 'deferred' ? { singletonKey: id, retryLimit: 1, retryDelay: 1 } : { singletonKey: id },
  );
  expect(jobId).not.toBeNull();
  return { outboxId: id, jobId: jobId! };
}

const jobState = async (jobId: string) =>
  (await one<{ state: string } | undefined>('select state::text from pgboss.job where id = $1', [jobId]))
    ?.state;

beforeAll(async () => {
  t = await startTestApp({ BACKGROUND_SCHEDULE: 'off' });
  db = new pg.Client({ connectionString: t.databaseUrl });
  await db.connect();
  operator = await t.as('operateur@tessera.demo');
});
afterAll(async () => {
  await db?.end();
  await t?.stop();
});

describe('failed jobs: retried with back-off, dead-lettered, listed for the operator and retried by it', () => {
  let first: { outboxId: string; jobId: string };
  let second: { outboxId: string; jobId: string };

  it('retries a deferred mail, fails a refused one at once, dead-letters both, and counts them', async () => {
    first = await failingMessage('bounce.one@deferred.test', 'deferred');
    second = await failingMessage('bounce.two@refused.test', 'refused');
    await waitUntil(
      async () => (await jobState(first.jobId)) === 'failed' && (await jobState(second.jobId)) === 'failed',
      30_000,
      'both dispatch jobs to fail their last attempt',
    );
    // The deferred one was tried twice (the first attempt and its one retry, after a back-off), the refused one once
    // although its queue allows eight retries: a permanent refusal is not retried. Each attempt is counted on the
    // outbox row, which stays unsent.
    const row = (outboxId: string) =>
      one<{ attempts: number; last_error: string; sent_at: Date | null }>(
        'select attempts, last_error, sent_at from outbox_message where id = $1',
        [outboxId],
      );
    expect(await row(first.outboxId)).toMatchObject({ attempts: 2, sent_at: null });
    expect((await row(first.outboxId)).last_error).toMatch(/451|Try again later/);
    expect(await row(second.outboxId)).toMatchObject({ attempts: 1, sent_at: null });
    expect((await row(second.outboxId)).last_error).toMatch(/550|Mailbox unavailable/);
    // The dead-letter queue received a copy of each, and its worker took them (logged at error level).
    await waitUntil(
      async () =>
        (
          await one<{ n: number }>(
            `select count(*)::int as n from pgboss.job where name = $1 and state = 'completed'
              and data->>'outboxId' = any($2)`,
            [QUEUES.deadLetter, [first.outboxId, second.outboxId]],
          )
        ).n === 2,
      10_000,
      'the dead-letter copies to be handled',
    );
    const metrics = await (await fetch(`${t.url}/metrics`)).text();
    expect(sample(metrics, 'tessera_jobs_failed', { queue: QUEUES.mailDispatch })).toBe(2);
    expect(sample(metrics, 'tessera_jobs', { queue: QUEUES.mailDispatch, state: 'failed' })).toBe(2);
    expect(
      sample(metrics, 'tessera_jobs_processed_total', { queue: QUEUES.mailDispatch, outcome: 'failed' }),
    ).toBe(3);
    // Every queue is reported, even when empty.
    for (const queue of Object.values(QUEUES))
      expect(sample(metrics, 'tessera_job_queue_depth', { queue }), queue).not.toBeNull();
    // The sweep leaves a message whose job failed to that job: it makes no second one.
    expect(
      await one<{ n: number }>(
        `select count(*)::int as n from pgboss.job where name = $1 and singleton_key = $2`,
        [QUEUES.mailDispatch, first.outboxId],
      ),
    ).toEqual({ n: 1 });
  });

  it('counts the jobs waiting in a queue no instance works yet (the webhook hook)', async () => {
    const before = await (await fetch(`${t.url}/metrics`)).text();
    const waiting = sample(before, 'tessera_job_queue_depth', { queue: QUEUES.webhookDeliveries }) ?? 0;
    await t.app.services.jobs.send(QUEUES.webhookDeliveries, { deliveryId: 'd-1' });
    await t.app.services.jobs.send(QUEUES.webhookDeliveries, { deliveryId: 'd-2' });
    const after = await (await fetch(`${t.url}/metrics`)).text();
    expect(sample(after, 'tessera_job_queue_depth', { queue: QUEUES.webhookDeliveries })).toBe(waiting + 2);
    expect(sample(after, 'tessera_jobs', { queue: QUEUES.webhookDeliveries, state: 'created' })).toBe(
      waiting + 2,
    );
  });

  it('lists failed jobs to the operator, newest first, with the error message and no stack, by pages', async () => {
    const page1 = await operator.ok(FAILED_JOBS, { first: 1 });
    expect(page1.failedJobs.edges).toHaveLength(1);
    expect(page1.failedJobs.pageInfo.hasNextPage).toBe(true);
    const page2 = await operator.ok(FAILED_JOBS, { first: 1, after: page1.failedJobs.pageInfo.endCursor });
    expect(page2.failedJobs.edges).toHaveLength(1);
    expect(page2.failedJobs.pageInfo.hasNextPage).toBe(false);
    const nodes = [...page1.failedJobs.edges, ...page2.failedJobs.edges].map((edge) => edge.node);
    const ids = nodes.map((node) => Buffer.from(node.id, 'base64').toString());
    expect(new Set(ids)).toEqual(new Set([`Job:${first.jobId}`, `Job:${second.jobId}`]));
    expect(Date.parse(nodes[0].failedAt)).toBeGreaterThanOrEqual(Date.parse(nodes[1].failedAt));
    const byId = new Map(nodes.map((node) => [Buffer.from(node.id, 'base64').toString(), node]));
    expect(byId.get(`Job:${first.jobId}`)).toMatchObject({ queue: QUEUES.mailDispatch, attempts: 2 });
    expect(byId.get(`Job:${first.jobId}`).lastError).toMatch(/451|Try again later/);
    expect(byId.get(`Job:${second.jobId}`)).toMatchObject({ queue: QUEUES.mailDispatch, attempts: 1 });
    expect(byId.get(`Job:${second.jobId}`).lastError).toMatch(/550|Mailbox unavailable/);
    for (const node of nodes) expect(node.lastError).not.toMatch(/\n\s+at /);
    const forged = await operator.gql(FAILED_JOBS, {
      after: Buffer.from(JSON.stringify(['not a date', 'x'])).toString('base64url'),
    });
    expect(forged.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_INPUT', field: 'after' });
  });

  it('refuses the list and the retry to anyone but the operator: another organisation’s admin, anonymous', async () => {
    const admin = await t.as('paul.girard@lumiere.demo');
    const anonymous = t.client();
    const jobId = Buffer.from(`Job:${first.jobId}`).toString('base64');
    for (const client of [admin, anonymous]) {
      const list = await client.gql(FAILED_JOBS, { first: 5 });
      expect(list.data).toBeNull();
      expect(list.errors?.[0]?.extensions?.code).toBe('NOT_AUTHORISED');
      // The same as every operator mutation refused: the typed error of the payload union.
      const retry = await client.ok(RETRY, { input: { id: jobId } });
      expect(retry.retryJob).toMatchObject({ __typename: 'NotAuthorisedError', code: 'NOT_AUTHORISED' });
    }
    expect(await jobState(first.jobId)).toBe('failed');
  });

  it('answers NOT_FOUND for an unknown job and INVALID_INPUT for an id that is no Job id', async () => {
    const unknown = Buffer.from('Job:00000000-0000-4000-8000-000000000000').toString('base64');
    expect((await operator.ok(RETRY, { input: { id: unknown } })).retryJob).toMatchObject({
      __typename: 'NotFoundError',
      code: 'NOT_FOUND',
    });
    const member = Buffer.from('Member:00000000-0000-4000-8000-000000000000').toString('base64');
    expect((await operator.ok(RETRY, { input: { id: member } })).retryJob).toMatchObject({
      __typename: 'InvalidInputError',
      code: 'INVALID_INPUT',
    });
  });

  it('runs a failed job again when the operator retries it, once the cause is fixed; audited', async () => {
    t.smtp.deferred.delete('bounce.one@deferred.test');
    const jobId = Buffer.from(`Job:${first.jobId}`).toString('base64');
    const result = await operator.ok(RETRY, { input: { id: jobId } });
    expect(result.retryJob).toEqual({
      __typename: 'MutationRetryJobSuccess',
      data: { id: jobId, queue: QUEUES.mailDispatch, attempts: 2 },
    });
    const mail = await t.smtp.waitFor((m) => m.to.includes('bounce.one@deferred.test'));
    expect(mail.messageId).toMatch(new RegExp(`^<outbox\\.${first.outboxId}\\.`));
    await waitUntil(async () => (await jobState(first.jobId)) === 'completed', 10_000, 'the job to complete');
    expect(
      await one('select sent_at is not null as sent from outbox_message where id = $1', [first.outboxId]),
    ).toEqual({ sent: true });
    const event = await one<{ acting_as: string; before: Record<string, unknown>; after: unknown }>(
      `select acting_as, before, after from audit_event where action = 'job.retried' and target_id = $1`,
      [first.jobId],
    );
    expect(event).toMatchObject({
      acting_as: 'OPERATOR',
      before: { queue: QUEUES.mailDispatch, state: 'failed', attempts: 2 },
      after: { state: 'retry' },
    });
    // Retrying it again: it has not failed any more.
    expect((await operator.ok(RETRY, { input: { id: jobId } })).retryJob.code).toBe('NOT_FOUND');
    const list = await operator.ok(FAILED_JOBS, { first: 10 });
    expect(list.failedJobs.edges.map((edge: { node: { id: string } }) => edge.node.id)).not.toContain(jobId);
    const metrics = await (await fetch(`${t.url}/metrics`)).text();
    expect(sample(metrics, 'tessera_jobs_failed', { queue: QUEUES.mailDispatch })).toBe(1);
  });
});
