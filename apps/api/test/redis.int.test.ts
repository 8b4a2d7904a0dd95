import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mutate, roleId, success } from './access-fixtures.js';
import { startTestApp, type TestApp, TestClient } from './app.js';
import { subscribeSse, subscribeWs } from './live.js';
import { actingOrganisationId } from './tenants.js';

const redisUrl = process.env.REDIS_URL;
if (!redisUrl) {
  console.warn(
    'redis.int.test.ts skipped: REDIS_URL is not set (pnpm test sets it when Redis answers on 127.0.0.1:6379 or redis-server is installed). Start Redis and set REDIS_URL=redis://127.0.0.1:6379 to check that live events cross API instances.',
  );
}

const REQUEST_EVENTS = `subscription($org: ID!) { requestEvents(organisationId: $org) { kind request { id requesterName } } }`;

describe.skipIf(!redisUrl)('live events across two API instances sharing one database and one Redis', () => {
  let one: TestApp;
  let two: TestApp;

  beforeAll(async () => {
    one = await startTestApp({ REDIS_URL: redisUrl! });
    two = await startTestApp({ REDIS_URL: redisUrl! }, { databaseUrl: one.databaseUrl });
  });
  afterAll(async () => {
    await two?.stop();
    await one?.stop();
  });

  it('delivers a request submitted on one instance to subscribers of the other, over graphql-ws and SSE, within their scope only', async () => {
    const [claireOnOne, nadiaOnTwo, paulOnOne, lucieOnTwo, hugoOnOne] = await Promise.all([
      one.as('claire.morel@morges.demo'),
      two.as('nadia.keller@morges.demo'),
      one.as('paul.girard@lumiere.demo'),
      two.as('lucie.blanc@morges.demo'),
      one.as('hugo.lefevre@lumiere.demo'),
    ]);
    const [morgesId, lumiereId] = await Promise.all([
      actingOrganisationId(claireOnOne),
      actingOrganisationId(paulOnOne),
    ]);
    const claireFeed = subscribeWs(one.url, claireOnOne, REQUEST_EVENTS, { org: morgesId });
    const paulFeed = subscribeSse(one.url, paulOnOne, REQUEST_EVENTS, { org: lumiereId });
    const nadiaFeed = subscribeSse(two.url, nadiaOnTwo, REQUEST_EVENTS, { org: morgesId });
    try {
      await Promise.all([claireFeed.ready, paulFeed.ready, nadiaFeed.ready]);
      const ask = async (client: typeof lucieOnTwo, role: string) =>
        success(
          await mutate(
            client,
            'submitServiceAccessRequest',
            'SubmitServiceAccessRequestInput',
            { serviceRoleId: role, comment: 'redis' },
            'id',
          ),
        ).id as string;

      // Submitted on instance two, heard on instance one over graphql-ws (and on two over SSE).
      const fromTwo = await ask(lucieOnTwo, await roleId(one, 'FACTURE', 'consultation'));
      expect(await claireFeed.next(1)).toEqual({
        requestEvents: { kind: 'SUBMITTED', request: { id: fromTwo, requesterName: 'Lucie Blanc' } },
      });
      expect((await nadiaFeed.next(1)).requestEvents.request.id).toBe(fromTwo);

      // Submitted on instance one, heard on one over SSE by Lumière's admin only.
      const fromOne = await ask(hugoOnOne, await roleId(one, 'CDAP', 'saisie'));
      expect((await paulFeed.next(1)).requestEvents.request.id).toBe(fromOne);
      expect(paulFeed.events).toHaveLength(1);
      expect(claireFeed.events).toHaveLength(1);
    } finally {
      await Promise.all([claireFeed.close(), paulFeed.close(), nadiaFeed.close()]);
    }
  });

  it('ends the streams a session holds on one instance when it signs out on the other', async () => {
    const onOne = await one.as('yves.perret@morges.demo');
    const onTwo = new TestClient(two.url);
    onTwo.cookie = onOne.cookie;
    const query = 'subscription { myRequestEvents { kind request { id } } }';
    const streams = [subscribeSse(two.url, onTwo, query), subscribeWs(two.url, onTwo, query)];
    try {
      await Promise.all(streams.map((stream) => stream.ready));
      const payload = await mutate(
        onTwo,
        'submitServiceAccessRequest',
        'SubmitServiceAccessRequestInput',
        { serviceRoleId: await roleId(one, 'CHAMAN', 'gestion'), comment: 'redis' },
        'id',
      );
      const requestId = success(payload).id;
      for (const stream of streams) expect((await stream.next(1)).myRequestEvents.request.id).toBe(requestId);
      await onOne.ok('mutation { signOut }');
      for (const stream of streams)
        expect(JSON.stringify(await stream.ended(5_000))).toContain('UNAUTHENTICATED');
    } finally {
      await Promise.all(streams.map((stream) => stream.close()));
    }
  });
});
