import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mutate, rawId, roleId, success } from './access-fixtures.js';
import { startTestApp, type TestApp, type TestClient } from './app.js';
import { type LiveSubscription, subscribeSse, subscribeWs } from './live.js';
import { actingOrganisationId, sql } from './tenants.js';

let t: TestApp;
let claire: TestClient;
let nadia: TestClient;
let lucie: TestClient;
let yves: TestClient;
let julie: TestClient;
let paul: TestClient;
let hugo: TestClient;
let morgesId: string;
let lumiereId: string;
let billingConsultation: string;
let billingValidation: string;
let chaman: string;
let cdapSaisie: string;
const open: LiveSubscription[] = [];

const REQUEST_EVENTS = `subscription($org: ID!) { requestEvents(organisationId: $org) { kind request { id requesterName state decision } } }`;
const MY_REQUEST_EVENTS =
  'subscription { myRequestEvents { kind request { id state decision decisionComment } } }';
const NOTIFICATIONS = 'subscription { notificationAdded { kind read request { id requesterName } } }';

beforeAll(async () => {
  t = await startTestApp();
  [claire, nadia, lucie, yves, julie, paul, hugo] = await Promise.all([
    t.as('claire.morel@morges.demo'),
    t.as('nadia.keller@morges.demo'),
    t.as('lucie.blanc@morges.demo'),
    t.as('yves.perret@morges.demo'),
    t.as('julie.rochat@morges.demo'),
    t.as('paul.girard@lumiere.demo'),
    t.as('hugo.lefevre@lumiere.demo'),
  ]);
  [morgesId, lumiereId] = await Promise.all([actingOrganisationId(claire), actingOrganisationId(paul)]);
  [billingConsultation, billingValidation, chaman, cdapSaisie] = await Promise.all([
    roleId(t, 'FACTURE', 'consultation'),
    roleId(t, 'FACTURE', 'validation'),
    roleId(t, 'CHAMAN', 'gestion'),
    roleId(t, 'CDAP', 'saisie'),
  ]);
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((subscription) => subscription.close()));
});
afterAll(async () => t?.stop());

function live(subscription: LiveSubscription): LiveSubscription {
  open.push(subscription);
  return subscription;
}

async function ask(client: TestClient, serviceRoleId: string, comment: string): Promise<string> {
  const payload = await mutate(
    client,
    'submitServiceAccessRequest',
    'SubmitServiceAccessRequestInput',
    { serviceRoleId, comment },
    'id',
  );
  return success(payload).id;
}

async function cancel(client: TestClient, requestId: string) {
  success(await mutate(client, 'cancelRequest', 'CancelRequestInput', { requestId }, 'id'));
}

describe('requestEvents: new requests pushed to exactly the administrators allowed to read them', () => {
  it('reaches the principal admin over graphql-ws and the unit admin over SSE, each only within its scope', async () => {
    const claireFeed = live(subscribeWs(t.url, claire, REQUEST_EVENTS, { org: morgesId }));
    const nadiaFeed = live(subscribeSse(t.url, nadia, REQUEST_EVENTS, { org: morgesId }));
    const paulFeed = live(subscribeWs(t.url, paul, REQUEST_EVENTS, { org: lumiereId }));
    await Promise.all([claireFeed.ready, nadiaFeed.ready, paulFeed.ready]);

    const fromPopulation = await ask(lucie, billingConsultation, 'population');
    expect(await claireFeed.next(1)).toEqual({
      requestEvents: {
        kind: 'SUBMITTED',
        request: { id: fromPopulation, requesterName: 'Lucie Blanc', state: 'SUBMITTED', decision: null },
      },
    });
    expect((await nadiaFeed.next(1)).requestEvents.request.id).toBe(fromPopulation);

    const fromFinance = await ask(yves, chaman, 'finance');
    expect((await claireFeed.next(2)).requestEvents.request.id).toBe(fromFinance);
    const fromLumiere = await ask(hugo, cdapSaisie, 'lumière');
    expect((await paulFeed.next(1)).requestEvents.request).toMatchObject({
      id: fromLumiere,
      requesterName: 'Hugo Lefèvre',
    });

    // A later request of Nadia's unit is the next thing Nadia hears: the finance one never reached her.
    const again = await ask(lucie, chaman, 'population again');
    expect((await nadiaFeed.next(2)).requestEvents.request.id).toBe(again);
    expect((await claireFeed.next(3)).requestEvents.request.id).toBe(again);
    expect(nadiaFeed.events.map((e) => e.requestEvents.request.id)).toEqual([fromPopulation, again]);
    // Lumière's request, published before `again`, never reached Morges' administrator; Morges' never reached Paul.
    expect(claireFeed.events.map((e) => e.requestEvents.request.id)).toEqual([
      fromPopulation,
      fromFinance,
      again,
    ]);
    expect(paulFeed.events.map((e) => e.requestEvents.request.id)).toEqual([fromLumiere]);

    // Decisions and cancellations follow the same path.
    await cancel(lucie, again);
    expect(await nadiaFeed.next(3)).toMatchObject({
      requestEvents: { kind: 'CANCELLED', request: { id: again, state: 'CANCELLED' } },
    });
    await Promise.all([cancel(lucie, fromPopulation), cancel(yves, fromFinance), cancel(hugo, fromLumiere)]);
  });

  it('refuses to subscribe to another organisation’s requests, and a member without an admin role', async () => {
    const intruder = live(subscribeWs(t.url, paul, REQUEST_EVENTS, { org: morgesId }));
    expect(JSON.stringify(await intruder.failure())).toContain('NOT_AUTHORISED');
    const member = live(subscribeSse(t.url, lucie, REQUEST_EVENTS, { org: morgesId }));
    expect(JSON.stringify(await member.failure())).toContain('NOT_AUTHORISED');
    const anonymous = live(subscribeWs(t.url, t.client(), REQUEST_EVENTS, { org: morgesId }));
    expect(JSON.stringify(await anonymous.failure())).toContain('NOT_AUTHORISED');
  });

  it('re-checks the policy for every event: a unit admin whose role has ended hears nothing more', async () => {
    const nadiaFeed = live(subscribeWs(t.url, nadia, REQUEST_EVENTS, { org: morgesId }));
    const claireFeed = live(subscribeWs(t.url, claire, REQUEST_EVENTS, { org: morgesId }));
    await Promise.all([nadiaFeed.ready, claireFeed.ready]);
    const first = await ask(lucie, billingValidation, 'avant');
    expect((await nadiaFeed.next(1)).requestEvents.request.id).toBe(first);

    // The unit admin role ends (an expired delegation looks the same).
    const nadiaRole = `kind = 'UNIT_ADMIN' and member_id = (select m.id from member m join person p on p.id = m.person_id where p.email = 'nadia.keller@morges.demo')`;
    await sql(t, `update admin_role set valid_until = now() - interval '1 minute' where ${nadiaRole}`);
    const unseen = await ask(lucie, chaman, 'pendant');
    expect((await claireFeed.next(2)).requestEvents.request.id).toBe(unseen);

    await sql(t, `update admin_role set valid_until = null where ${nadiaRole}`);
    await cancel(lucie, first);
    // With the role back, the cancellation is the next thing Nadia hears: the request made meanwhile never came.
    expect(await nadiaFeed.next(2)).toMatchObject({
      requestEvents: { kind: 'CANCELLED', request: { id: first } },
    });
    expect(nadiaFeed.events.map((e) => e.requestEvents.request.id)).toEqual([first, first]);
    await cancel(lucie, unseen);
  });

  it('ends the subscription once the session is signed out', async () => {
    const julieFeed = live(subscribeWs(t.url, julie, REQUEST_EVENTS, { org: morgesId }));
    await julieFeed.ready;
    await julie.ok('mutation { signOut }');
    const request = await ask(lucie, billingValidation, 'après la déconnexion');
    expect(JSON.stringify(await julieFeed.failure())).toMatch(/session has ended/);
    expect(julieFeed.events).toEqual([]);
    await cancel(lucie, request);
  });
});

describe('myRequestEvents and notificationAdded: the requester and the notified people only', () => {
  it('tells the requester of the decision on its request, live, and no one else', async () => {
    const lucieFeed = live(subscribeSse(t.url, lucie, MY_REQUEST_EVENTS));
    const yvesFeed = live(subscribeWs(t.url, yves, MY_REQUEST_EVENTS));
    await Promise.all([lucieFeed.ready, yvesFeed.ready]);
    const request = await ask(lucie, billingValidation, 'décision en direct');
    expect(await lucieFeed.next(1)).toEqual({
      myRequestEvents: {
        kind: 'SUBMITTED',
        request: { id: request, state: 'SUBMITTED', decision: null, decisionComment: null },
      },
    });
    success(
      await mutate(
        claire,
        'decideRequest',
        'DecideRequestInput',
        { requestId: request, decision: 'APPROVE', comment: 'Vu' },
        'id',
      ),
    );
    expect(await lucieFeed.next(2)).toEqual({
      myRequestEvents: {
        kind: 'DECIDED',
        request: { id: request, state: 'CLOSED', decision: 'APPROVED', decisionComment: 'Vu' },
      },
    });
    const own = await ask(yves, billingConsultation, 'à moi');
    expect((await yvesFeed.next(1)).myRequestEvents.request.id).toBe(own);
    expect(yvesFeed.events).toHaveLength(1);
    await cancel(yves, own);
  });

  it('pushes each new notification to its person over both transports', async () => {
    const claireBell = live(subscribeWs(t.url, claire, NOTIFICATIONS));
    const nadiaBell = live(subscribeSse(t.url, nadia, NOTIFICATIONS));
    const paulBell = live(subscribeWs(t.url, paul, NOTIFICATIONS));
    await Promise.all([claireBell.ready, nadiaBell.ready, paulBell.ready]);
    const request = await ask(lucie, chaman, 'cloche');
    const expected = {
      notificationAdded: {
        kind: 'REQUEST_SUBMITTED',
        read: false,
        request: { id: request, requesterName: 'Lucie Blanc' },
      },
    };
    expect(await claireBell.next(1)).toEqual(expected);
    expect(await nadiaBell.next(1)).toEqual(expected);
    const lumiere = await ask(hugo, cdapSaisie, 'cloche lumière');
    expect((await paulBell.next(1)).notificationAdded.request.id).toBe(lumiere);
    expect(paulBell.events).toHaveLength(1);
    const stored = await sql(t, `select 1 from notification where request_id = $1`, [rawId(request)]);
    expect(stored.length).toBeGreaterThanOrEqual(2);
    await Promise.all([cancel(lucie, request), cancel(hugo, lumiere)]);
  });
});
