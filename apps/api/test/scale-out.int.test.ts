import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../src/db/seed/index.js';
import { QUEUES } from '../src/jobs/queues.js';
import { createLiveEvents, liveNamespace } from '../src/live/events.js';
import { memberId, mutate, roleId, success } from './access-fixtures.js';
import { startTestApp, type TestApp, TestClient } from './app.js';
import { subscribeSse } from './live.js';
import { waitUntil } from './spawn.js';
import { actingOrganisationId, sql } from './tenants.js';

// Two API instances in this process, on one PostgreSQL database and one Redis, as two replicas behind a load
// balancer: whatever one does, the other sees. Redis is REDIS_URL's, else the usual local port.
const redisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6379';

async function redisAnswers(url: string): Promise<boolean> {
  const client = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    connectTimeout: 1_000,
    retryStrategy: () => null,
  });
  client.on('error', () => {});
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

const redisUp = await redisAnswers(redisUrl);
if (!redisUp)
  console.warn(
    `scale-out.int.test.ts skipped: Redis does not answer at ${redisUrl}. Start redis-server (or set REDIS_URL) to check that two instances share live events, jobs, rate limits and sessions.`,
  );

const SIGN_IN = `mutation($input: SignInInput!) { signIn(input: $input) { __typename ... on Error { code } } }`;
const VIEWER = '{ viewer { person { email } acting { kind organisation { id } } } }';

describe.skipIf(!redisUp)('two API instances on one PostgreSQL and one Redis', () => {
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    a = await startTestApp({ REDIS_URL: redisUrl, BACKGROUND_SCHEDULE: 'off' });
    // One mail relay for both, so that every message either instance sends is counted in one inbox.
    b = await startTestApp(
      { REDIS_URL: redisUrl, BACKGROUND_SCHEDULE: 'off', SMTP_URL: a.smtp.url },
      { databaseUrl: a.databaseUrl },
    );
  });
  afterAll(async () => {
    await b?.stop();
    await a?.stop();
  });

  it('delivers a live event published on A to a subscriber on B', async () => {
    const nadiaOnB = await b.as('nadia.keller@morges.demo');
    const lucieOnA = await a.as('lucie.blanc@morges.demo');
    const feed = subscribeSse(
      b.url,
      nadiaOnB,
      `subscription($org: ID!) { requestEvents(organisationId: $org) { kind request { id } } }`,
      { org: await actingOrganisationId(nadiaOnB) },
    );
    try {
      await feed.ready;
      const submitted = success(
        await mutate(
          lucieOnA,
          'submitServiceAccessRequest',
          'SubmitServiceAccessRequestInput',
          { serviceRoleId: await roleId(a, 'CHAMAN', 'gestion'), comment: 'scale-out' },
          'id',
        ),
      );
      expect(await feed.next(1)).toEqual({
        requestEvents: { kind: 'SUBMITTED', request: { id: submitted.id } },
      });
    } finally {
      await feed.close();
    }
  });

  it('runs each job once across both instances: every message is sent once, every job is run once', async () => {
    const total = 30;
    const rows = await sql<{ id: string }>(
      a,
      `insert into outbox_message (kind, payload, created_at, available_at, attempts)
       select 'EMAIL', jsonb_build_object('to', 'scale.' || n || '@example.org', 'subject', 'Scale-out', 'text', 'Once.'),
              now(), now(), 0
         from generate_series(1, $1::int) as n returning id::text`,
      [total],
    );
    const ids = rows.map((row) => row.id);
    // Both instances are told about every message at once, as if each had committed them: two claims per message.
    await Promise.all([a.app.services.jobs.outboxQueued(ids), b.app.services.jobs.outboxQueued(ids)]);
    const scaled = () => a.smtp.inbox.filter((mail) => mail.subject === 'Scale-out');
    await waitUntil(
      async () =>
        (
          await sql<{ n: number }>(
            a,
            'select count(*)::int as n from outbox_message where id = any($1::bigint[]) and sent_at is null',
            [ids],
          )
        )[0]!.n === 0,
      30_000,
      'every message to be sent',
    );
    const byMessageId = new Map<string, number>();
    for (const mail of scaled()) byMessageId.set(mail.messageId, (byMessageId.get(mail.messageId) ?? 0) + 1);
    expect(byMessageId.size).toBe(total);
    expect([...byMessageId.values()].every((count) => count === 1)).toBe(true);
    expect(scaled()).toHaveLength(total);

    // One job, two instances polling its queue: it runs on exactly one of them, once.
    const ran = () =>
      [a, b].reduce(
        (sum, t) => sum + (t.app.services.jobs.processed.get(QUEUES.requestRetention)?.completed ?? 0),
        0,
      );
    expect(ran()).toBe(0);
    const jobId = await b.app.services.jobs.send(QUEUES.requestRetention, {});
    await waitUntil(
      async () =>
        (await sql<{ state: string }>(a, 'select state::text from pgboss.job where id = $1', [jobId]))[0]
          ?.state === 'completed',
      15_000,
      'the retention job to complete',
    );
    expect(ran()).toBe(1);
  });

  it('shares sign-in rate limits: failures on A lock the address out of the account on B too', async () => {
    const email = 'julie.rochat@morges.demo';
    const onA = a.client();
    for (let i = 0; i < 5; i++) {
      const result = await onA.ok(SIGN_IN, { input: { email, password: 'not-the-password-1' } });
      expect(result.signIn.code).toBe('INVALID_CREDENTIALS');
    }
    // The right password, on the other instance: still locked, because the counts live in PostgreSQL.
    const onB = b.client();
    expect((await onB.ok(SIGN_IN, { input: { email, password: DEMO_PASSWORD } })).signIn).toMatchObject({
      __typename: 'RateLimitedError',
      code: 'RATE_LIMITED',
    });
  });

  it('accepts a session created on A on B, and refuses it on B once signed out on A', async () => {
    const onA = await a.as('yves.perret@morges.demo');
    const onB = new TestClient(b.url);
    onB.cookie = onA.cookie;
    expect((await onB.ok(VIEWER)).viewer.person.email).toBe('yves.perret@morges.demo');
    await onA.ok('mutation { signOut }');
    expect((await onB.ok(VIEWER)).viewer).toBeNull();
  });

  it('sees on B an acting context invalidated on A: a blocked member’s session, a suspended organisation', async () => {
    // Blocked on A by Morges' admin: the member's session on B ends, its live stream on B too.
    const claireOnA = await a.as('claire.morel@morges.demo');
    const marcOnB = await b.as('marc.favre@morges.demo');
    const stream = subscribeSse(b.url, marcOnB, 'subscription { myRequestEvents { kind } }');
    try {
      await stream.ready;
      const blocked = await mutate(
        claireOnA,
        'blockMember',
        'MemberIdInput',
        { memberId: await memberId(a, 'marc.favre@morges.demo') },
        'status',
      );
      expect(success(blocked).status).toBe('BLOCKED');
      expect(JSON.stringify(await stream.ended(10_000))).toContain('UNAUTHENTICATED');
      expect((await marcOnB.ok(VIEWER)).viewer).toBeNull();
    } finally {
      await stream.close();
    }

    // Lumière suspended by the operator on A: its admin, signed in on B, no longer acts for it there.
    const paulOnB = await b.as('paul.girard@lumiere.demo');
    const lumiere = await actingOrganisationId(paulOnB);
    const members = `query($org: ID!) { members(organisationId: $org, first: 1) { edges { node { id } } } }`;
    expect((await paulOnB.gql(members, { org: lumiere })).errors).toBeUndefined();
    const operatorOnA = await a.as('operateur@tessera.demo');
    const suspended = await operatorOnA.ok(
      `mutation($input: OrganisationIdInput!) { suspendOrganisation(input: $input) { __typename } }`,
      { input: { organisationId: lumiere } },
    );
    expect(suspended.suspendOrganisation.__typename).toBe('MutationSuspendOrganisationSuccess');
    const refused = await paulOnB.gql(members, { org: lumiere });
    expect(refused.errors?.[0]?.extensions?.code).toBe('NOT_AUTHORISED');
  });
});

describe.skipIf(!redisUp)('two deployments on one Redis', () => {
  it('do not hear each other: the namespace is the database’s, and an event reaches its own deployment only', async () => {
    // Two databases with the same address on two machines (two `localhost:5432/tessera`) still have two ids;
    // a copy that kept the id (a template, a restored dump) has another name or server.
    const deployment = { id: randomUUID(), database: 'tessera', server: 'localhost:5432' };
    const here = liveNamespace(deployment);
    const there = liveNamespace({ ...deployment, id: randomUUID() });
    expect(there).not.toBe(here);
    expect(liveNamespace({ ...deployment, database: 'tessera_staging' })).not.toBe(here);
    expect(liveNamespace({ ...deployment, server: 'staging.example:5432' })).not.toBe(here);
    expect(liveNamespace({ ...deployment })).toBe(here);
    const publisher = createLiveEvents(redisUrl, here);
    const sameDeployment = createLiveEvents(redisUrl, here);
    const otherDeployment = createLiveEvents(redisUrl, there);
    // Everything each listener hears on the topology topic, in the order its Redis connection delivered it.
    const listen = (events: typeof publisher) => {
      const heard: string[] = [];
      const stream = events.pubsub.subscribe('topology')[Symbol.asyncIterator]();
      const done = (async () => {
        for (let next = await stream.next(); !next.done; next = await stream.next())
          heard.push(next.value.organisationId);
      })();
      const stop = async () => {
        await stream.return?.();
        await done;
      };
      return { heard, stop };
    };
    const same = listen(sameDeployment);
    const other = listen(otherDeployment);
    try {
      // Both are subscribed once a probe published on each namespace comes back.
      await waitUntil(
        () => {
          publisher.pubsub.publish('topology', { organisationId: 'probe', version: '0' });
          otherDeployment.pubsub.publish('topology', { organisationId: 'probe', version: '0' });
          return same.heard.length > 0 && other.heard.length > 0;
        },
        10_000,
        'both listeners subscribed',
      );
      publisher.pubsub.publish('topology', { organisationId: 'of-here', version: '1' });
      // Once its own deployment has it, Redis has handed it to every subscriber of that channel.
      await waitUntil(() => same.heard.includes('of-here'), 10_000, 'the event on its own deployment');
      otherDeployment.pubsub.publish('topology', { organisationId: 'of-there', version: '1' });
      await waitUntil(() => other.heard.includes('of-there'), 10_000, 'the other deployment’s own event');
      publisher.pubsub.publish('topology', { organisationId: 'of-here-again', version: '2' });
      await waitUntil(() => same.heard.includes('of-here-again'), 10_000, 'the second event');
      // Each connection delivers in order: what was published before its own event would be before it.
      expect(other.heard.filter((id) => id !== 'probe')).toEqual(['of-there']);
      expect(same.heard.filter((id) => id !== 'probe')).toEqual(['of-here', 'of-here-again']);
    } finally {
      await same.stop();
      await other.stop();
      await Promise.all([publisher.close(), sameDeployment.close(), otherDeployment.close()]);
    }
  });
});
