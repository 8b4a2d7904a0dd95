import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../src/db/seed/index.js';
import { memberId, mutate, roleId, success } from './access-fixtures.js';
import { startTestApp, type TestApp, type TestClient } from './app.js';
import { type LiveSubscription, subscribeSse, subscribeWs } from './live.js';

// A subscription ends at once when its session is revoked (issue 9, "Sessions"): each test opens one SSE and one
// graphql-ws stream on the same session, proves both run by receiving a first event, revokes the session, and
// waits for both streams to end. Nothing else is published after the revocation, so without the SESSION_REVOKED
// event the streams would stay open (until the next event) and the test would time out.

let t: TestApp;
let claire: TestClient;
let roles: string[];
let cdapSaisie: string;
const open: LiveSubscription[] = [];

const MY_REQUEST_EVENTS = 'subscription { myRequestEvents { kind request { id } } }';

beforeAll(async () => {
  t = await startTestApp();
  claire = await t.as('claire.morel@morges.demo');
  // A person has one open request per role (Julie's FACTURE consultation already waits in the demo data).
  roles = await Promise.all([roleId(t, 'FACTURE', 'validation'), roleId(t, 'CHAMAN', 'gestion')]);
  cdapSaisie = await roleId(t, 'CDAP', 'saisie');
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((subscription) => subscription.close()));
});
afterAll(async () => t?.stop());

/** Opens both transports on the client's session and waits until each has delivered the client's own request. */
async function liveStreams(
  client: TestClient,
  serviceRoleId = roles[0]!,
): Promise<[LiveSubscription, LiveSubscription]> {
  const sse = subscribeSse(t.url, client, MY_REQUEST_EVENTS);
  const ws = subscribeWs(t.url, client, MY_REQUEST_EVENTS);
  open.push(sse, ws);
  await Promise.all([sse.ready, ws.ready]);
  const payload = await mutate(
    client,
    'submitServiceAccessRequest',
    'SubmitServiceAccessRequestInput',
    { serviceRoleId, comment: 'to prove the stream runs' },
    'id',
  );
  const requestId = success(payload).id;
  for (const stream of [sse, ws])
    expect(await stream.next(1)).toEqual({
      myRequestEvents: { kind: 'SUBMITTED', request: { id: requestId } },
    });
  return [sse, ws];
}

/** Both streams end promptly, with the typed UNAUTHENTICATED code. */
async function expectEnded(streams: LiveSubscription[]) {
  for (const stream of streams) {
    const errors = await stream.ended(5_000);
    expect(JSON.stringify(errors)).toContain('UNAUTHENTICATED');
  }
}

describe('a live stream ends as soon as its session is revoked', () => {
  it('on sign-out, while another session of the same person keeps its stream', async () => {
    const leaving = await t.as('julie.rochat@morges.demo');
    const staying = await t.as('julie.rochat@morges.demo');
    const streams = await liveStreams(leaving);
    const [otherSse] = await liveStreams(staying, roles[1]);
    await leaving.ok('mutation { signOut }');
    await expectEnded(streams);
    // The other session's stream was not ended: it hears the next event of Julie's, a cancellation.
    const requestId = otherSse.events[0]!.myRequestEvents.request.id;
    success(await mutate(staying, 'cancelRequest', 'CancelRequestInput', { requestId }, 'id'));
    expect(await otherSse.next(otherSse.events.length + 1)).toEqual({
      myRequestEvents: { kind: 'CANCELLED', request: { id: requestId } },
    });
  });

  it('on a password change: every other session of the person ends', async () => {
    const elsewhere = await t.as('yves.perret@morges.demo');
    const changing = await t.as('yves.perret@morges.demo');
    const streams = await liveStreams(elsewhere, roles[1]);
    const changed = await changing.ok(
      'mutation($input: ChangePasswordInput!) { changePassword(input: $input) { __typename } }',
      { input: { currentPassword: DEMO_PASSWORD, newPassword: 'Basalte-Riviere-2027!' } },
    );
    expect(changed.changePassword.__typename).toBe('MutationChangePasswordSuccess');
    await expectEnded(streams);
  });

  it('when an administrator blocks the member', async () => {
    const lucie = await t.as('lucie.blanc@morges.demo');
    const streams = await liveStreams(lucie);
    const blocked = await mutate(
      claire,
      'blockMember',
      'MemberIdInput',
      { memberId: await memberId(t, 'lucie.blanc@morges.demo') },
      'status',
    );
    expect(success(blocked).status).toBe('BLOCKED');
    await expectEnded(streams);
    // The session itself is over, not only its streams.
    expect((await lucie.ok('{ viewer { person { email } } }')).viewer?.person ?? null).toBeNull();
  });

  it('when an administrator removes the member from the organisation', async () => {
    const marc = await t.as('marc.favre@morges.demo');
    const streams = await liveStreams(marc);
    const removed = await mutate(
      claire,
      'removeMember',
      'MemberIdInput',
      { memberId: await memberId(t, 'marc.favre@morges.demo') },
      'removedMemberId',
    );
    success(removed);
    await expectEnded(streams);
  });

  it('when an administrator archives the member', async () => {
    const paul = await t.as('paul.girard@lumiere.demo');
    const sophie = await t.as('sophie.martin@lumiere.demo');
    const streams = await liveStreams(sophie, cdapSaisie);
    const archived = await mutate(
      paul,
      'archiveMember',
      'MemberIdInput',
      { memberId: await memberId(t, 'sophie.martin@lumiere.demo') },
      'status',
    );
    expect(success(archived).status).toBe('ARCHIVED');
    await expectEnded(streams);
  });

  it('when the operator forces a password change', async () => {
    const operator = await t.as('operateur@tessera.demo');
    const hugo = await t.as('hugo.lefevre@lumiere.demo');
    const streams = await liveStreams(hugo, cdapSaisie);
    const forced = await mutate(
      operator,
      'forcePasswordChange',
      'MemberIdInput',
      { memberId: await memberId(t, 'hugo.lefevre@lumiere.demo') },
      'id',
    );
    success(forced);
    await expectEnded(streams);
  });
});
