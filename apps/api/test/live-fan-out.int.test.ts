import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mutate, roleId, success } from './access-fixtures.js';
import { startTestApp, type TestApp, type TestClient } from './app.js';
import { type LiveSubscription, subscribeSse } from './live.js';
import { actingOrganisationId } from './tenants.js';

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
});
