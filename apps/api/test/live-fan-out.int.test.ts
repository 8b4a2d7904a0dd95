import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mutate, roleId, success } from './access-fixtures.js';
import { startTestApp, type TestApp, type TestClient } from './app.js';
import { ref, testData } from './builders.js';
import { type LiveSubscription, subscribeSse } from './live.js';
import { actingOrganisationId, sql } from './tenants.js';

/**
 * Issue 13: a live event costs the same SQL whatever the number of subscribers. Every subscriber's session and
 * actor is read again for the event, but in one statement for all of them, and the event's request is loaded once
 * for every subscriber's check and selection; each subscriber still gets only what its own actor may read.
 */
let t: TestApp;
let lucie: TestClient;
let morgesId: string;
let billing: string;
const statements: string[] = [];

const REQUEST_EVENTS = `subscription($org: ID!) { requestEvents(organisationId: $org) { kind request { id requesterName state } } }`;

beforeAll(async () => {
  t = await startTestApp({ BACKGROUND_SCHEDULE: 'off' });
  t.app.services.orm.em
    .getConnection()
    .getKnex()
    .on('query', (query: { sql: string }) => statements.push(query.sql));
  lucie = await t.as('lucie.blanc@morges.demo');
  morgesId = await actingOrganisationId(lucie);
  billing = await roleId(t, 'FACTURE', 'consultation');
});
afterAll(async () => t?.stop());

/** Opens `admins` subscriptions (each its own session of a Morges administrator), submits one request, and
 * returns the statements run from the submission until every subscriber received it. */
async function fanOut(admins: number) {
  const clients = await Promise.all(
    Array.from({ length: admins }, (_, i) =>
      t.as(i % 2 === 0 ? 'claire.morel@morges.demo' : 'marc.favre@morges.demo'),
    ),
  );
  const feeds: LiveSubscription[] = clients.map((client) =>
    subscribeSse(t.url, client, REQUEST_EVENTS, { org: morgesId }),
  );
  try {
    await Promise.all(feeds.map((feed) => feed.ready));
    statements.length = 0;
    const id = success(
      await mutate(
        lucie,
        'submitServiceAccessRequest',
        'SubmitServiceAccessRequestInput',
        { serviceRoleId: billing, comment: `fan-out ${admins}` },
        'id',
      ),
    ).id;
    const received = await Promise.all(feeds.map((feed) => feed.next(1)));
    for (const event of received)
      expect(event).toMatchObject({
        requestEvents: {
          kind: 'SUBMITTED',
          request: { id, requesterName: 'Lucie Blanc', state: 'SUBMITTED' },
        },
      });
    const seen = [...statements];
    const cancelled = success(
      await mutate(lucie, 'cancelRequest', 'CancelRequestInput', { requestId: id }, 'id'),
    );
    expect(cancelled.id).toBe(id);
    return {
      /** the subscribers' sessions and actors, read again for the event */
      batchedActing: seen.filter((sql) => /from "session" s/.test(sql) && /s\.id = any\(/.test(sql)).length,
      /** one subscriber's session read alone (the old way, per subscriber) */
      singleActing: seen.filter((sql) => /from "session" s/.test(sql) && /s\.id = \?/.test(sql)).length,
      requestReads: seen.filter((sql) => /^select\b/i.test(sql) && /"access_request"/.test(sql)).length,
    };
  } finally {
    await Promise.all(feeds.map((feed) => feed.close()));
  }
}

describe('live fan-out (issue 13)', () => {
  it('reads every subscriber’s acting context in one statement and the request once, for 1 or 12 subscribers', async () => {
    const one = await fanOut(1);
    const twelve = await fanOut(12);
    expect(one.batchedActing).toBe(1);
    expect(twelve.batchedActing).toBe(1);
    // The submission's own request reads its session once; no subscriber reads its own alone.
    expect(twelve.singleActing).toBe(one.singleActing);
    expect(twelve.requestReads).toBe(one.requestReads);
  });

  it('shares reads, never decisions: a blocked admin and one acting elsewhere now hear nothing of the same event', async () => {
    const data = testData(t);
    const morges = ref(morgesId);
    const other = await data.organisation();
    const blocked = await data.member(morges);
    await data.adminRole(blocked, 'PRINCIPAL_ADMIN');
    const switcher = await data.member(morges);
    await data.adminRole(switcher, 'PRINCIPAL_ADMIN');
    await data.adminRole(await data.member(other, { person: switcher.person }), 'PRINCIPAL_ADMIN');
    const [claire, blockedClient, switchClient] = await Promise.all([
      t.as('claire.morel@morges.demo'),
      t.as(blocked.email),
      t.as(switcher.email),
    ]);
    const CHOOSE = `mutation($org: ID!) { chooseActingContext(input: { organisationId: $org }) { __typename } }`;
    await switchClient.ok(CHOOSE, { org: morgesId });
    const feeds = [claire, blockedClient, switchClient].map((client) =>
      subscribeSse(t.url, client, REQUEST_EVENTS, { org: morgesId }),
    );
    const [claireFeed, blockedFeed, switchFeed] = feeds as [
      LiveSubscription,
      LiveSubscription,
      LiveSubscription,
    ];
    const submit = async (serviceRoleId: string, comment: string) =>
      success(
        await mutate(
          lucie,
          'submitServiceAccessRequest',
          'SubmitServiceAccessRequestInput',
          { serviceRoleId, comment },
          'id',
        ),
      ).id;
    try {
      await Promise.all(feeds.map((feed) => feed.ready));
      await sql(t, `update member set status = 'BLOCKED' where id = $1`, [blocked.id]);
      expect((await switchClient.ok(CHOOSE, { org: other.gid })).chooseActingContext.__typename).toBe(
        'MutationChooseActingContextSuccess',
      );
      const first = await submit(billing, 'shared reads 1');
      expect(await claireFeed.next(1)).toMatchObject({ requestEvents: { request: { id: first } } });

      // Both may read again: the first thing their streams then get is the next request (streams keep order), so
      // the first event was withheld from them, not merely late.
      await sql(t, `update member set status = 'ACTIVE' where id = $1`, [blocked.id]);
      await switchClient.ok(CHOOSE, { org: morgesId });
      // A pending request per role: the second asks another.
      const second = await submit(await roleId(t, 'FACTURE', 'validation'), 'shared reads 2');
      expect(await blockedFeed.next(1)).toMatchObject({
        requestEvents: { kind: 'SUBMITTED', request: { id: second } },
      });
      expect(await switchFeed.next(1)).toMatchObject({
        requestEvents: { kind: 'SUBMITTED', request: { id: second } },
      });
      for (const requestId of [first, second])
        success(await mutate(lucie, 'cancelRequest', 'CancelRequestInput', { requestId }, 'id'));
    } finally {
      await Promise.all(feeds.map((feed) => feed.close()));
    }
  });
});
