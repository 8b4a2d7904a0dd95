import { request } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../src/auth/tokens.js';
import { DEMO_PASSWORD } from '../src/db/seed/index.js';
import { CSRF_HEADER } from '../src/http/web-surface.js';
import { startTestApp, type TestApp, type TestClient } from './app.js';
import { type LiveSubscription, subscribeSse, subscribeWs } from './live.js';
import { sql } from './tenants.js';

// Idle and absolute session timeouts, and sign-in throttling (issue 9, "Sessions"). Time is moved by moving the
// session row's timestamps in the database, never by waiting.

let t: TestApp;
const open: LiveSubscription[] = [];

beforeAll(async () => {
  t = await startTestApp();
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((subscription) => subscription.close()));
});
afterAll(async () => t?.stop());

/** The id of the session row behind a client's cookie (the hash of its secret). */
function sessionIdOf(client: TestClient): string {
  return hashToken(decodeURIComponent(client.cookie.split('=')[1]!));
}

async function signedIn(client: TestClient): Promise<boolean> {
  const result = await client.ok('{ viewer { person { email } } }');
  return result.viewer !== null;
}

describe('session timeouts', () => {
  it('ends a session idle for longer than SESSION_IDLE_MINUTES (30 by default)', async () => {
    const client = await t.as('lucie.blanc@morges.demo');
    await sql(t, `update session set last_seen_at = now() - interval '29 minutes' where id = $1`, [
      sessionIdOf(client),
    ]);
    expect(await signedIn(client)).toBe(true);
    await sql(t, `update session set last_seen_at = now() - interval '31 minutes' where id = $1`, [
      sessionIdOf(client),
    ]);
    expect(await signedIn(client)).toBe(false);
  });

  it('ends a session SESSION_TTL_HOURS (12 by default) after sign-in, however active', async () => {
    const client = await t.as('yves.perret@morges.demo');
    await sql(t, `update session set created_at = now() - interval '11 hours 59 minutes' where id = $1`, [
      sessionIdOf(client),
    ]);
    expect(await signedIn(client)).toBe(true);
    await sql(t, `update session set created_at = now() - interval '12 hours 1 minute' where id = $1`, [
      sessionIdOf(client),
    ]);
    expect(await signedIn(client)).toBe(false);
  });

  it('counts a request as use, writing lastSeenAt at most once a minute', async () => {
    const client = await t.as('julie.rochat@morges.demo');
    const id = sessionIdOf(client);
    const lastSeen = async () =>
      (await sql<{ at: Date }>(t, 'select last_seen_at as at from session where id = $1', [id]))[0]!.at;
    await sql(t, `update session set last_seen_at = now() - interval '20 minutes' where id = $1`, [id]);
    expect(await signedIn(client)).toBe(true);
    const touched = await lastSeen();
    expect(Date.now() - touched.getTime()).toBeLessThan(30_000);
    // Twenty minutes later by the clock of the row, the session would have lived 40 idle minutes without it.
    await sql(t, `update session set last_seen_at = now() - interval '30 seconds' where id = $1`, [id]);
    const before = await lastSeen();
    expect(await signedIn(client)).toBe(true);
    expect((await lastSeen()).getTime()).toBe(before.getTime());
  });

  it('ends an open live stream when its session reaches its absolute lifetime', async () => {
    const client = await t.as('marc.favre@morges.demo');
    // The session has a few seconds left; the streams are opened within them and must end by themselves.
    await sql(
      t,
      `update session set created_at = now() - interval '12 hours' + interval '4 seconds' where id = $1`,
      [sessionIdOf(client)],
    );
    const query = 'subscription { notificationAdded { kind } }';
    const sse = subscribeSse(t.url, client, query);
    const ws = subscribeWs(t.url, client, query);
    open.push(sse, ws);
    for (const stream of [sse, ws]) {
      const errors = await stream.ended(15_000);
      // UNAUTHENTICATED comes from the running stream; a subscription refused at its start says NOT_AUTHORISED.
      expect(JSON.stringify(errors)).toContain('UNAUTHENTICATED');
    }
  });
});

describe('a live stream of a session left idle (SESSION_IDLE_MINUTES=1)', () => {
  let short: TestApp;
  beforeAll(async () => {
    short = await startTestApp({ SESSION_IDLE_MINUTES: '1' });
  });
  afterAll(async () => short?.stop());

  it('ends when the idle timeout passes, the stream itself not counting as use', async () => {
    const client = await short.as('lucie.blanc@morges.demo');
    // Last used 56 s ago: the subscribing request is within the once-a-minute step, so it does not push the
    // idle end back, and the session goes idle about four seconds from now.
    await sql(short, `update session set last_seen_at = now() - interval '56 seconds' where id = $1`, [
      sessionIdOf(client),
    ]);
    const query = 'subscription { notificationAdded { kind } }';
    const streams = [subscribeSse(short.url, client, query), subscribeWs(short.url, client, query)];
    open.push(...streams);
    for (const stream of streams)
      expect(JSON.stringify(await stream.ended(15_000))).toContain('UNAUTHENTICATED');
    expect(await signedIn(client)).toBe(false);
  });
});

const SIGN_IN = `mutation($input: SignInInput!) { signIn(input: $input) { __typename ... on Error { code message } } }`;

/** One sign-in from a chosen local source address (127.0.0.x all reach the loopback server), with extra headers. */
function signInFrom(
  app: TestApp,
  email: string,
  password: string,
  from: { localAddress?: string; forwardedFor?: string } = {},
): Promise<{ __typename: string; code?: string; message?: string }> {
  const url = new URL('/graphql', app.url.replace('localhost', '127.0.0.1'));
  const body = JSON.stringify({ query: SIGN_IN, variables: { input: { email, password } } });
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        localAddress: from.localAddress,
        headers: {
          'content-type': 'application/json',
          [CSRF_HEADER]: '1',
          ...(from.forwardedFor ? { 'x-forwarded-for': from.forwardedFor } : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => {
          text += chunk;
        });
        res.on('end', () => {
          try {
            resolve(JSON.parse(text).data.signIn);
          } catch (error) {
            reject(new Error(`unexpected answer ${res.statusCode}: ${text} (${error})`));
          }
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function fail(app: TestApp, email: string, times: number, from: Parameters<typeof signInFrom>[3]) {
  for (let i = 0; i < times; i++)
    expect((await signInFrom(app, email, 'not the password', from)).code).toBe('INVALID_CREDENTIALS');
}

describe('sign-in throttling without TRUST_PROXY (the default)', () => {
  const account = 'sophie.martin@lumiere.demo';

  it('locks the address that failed out of the account, while another address still signs in', async () => {
    const attacker = { localAddress: '127.0.0.2' };
    await fail(t, account, 5, attacker);
    const locked = await signInFrom(t, account, DEMO_PASSWORD, attacker);
    expect(locked).toMatchObject({ __typename: 'RateLimitedError', code: 'RATE_LIMITED' });
    expect((await signInFrom(t, account, DEMO_PASSWORD, { localAddress: '127.0.0.3' })).__typename).toBe(
      'MutationSignInSuccess',
    );
  });

  it('ignores a forged X-Forwarded-For: the locked address stays locked whatever it claims', async () => {
    const forged = await signInFrom(t, account, DEMO_PASSWORD, {
      localAddress: '127.0.0.2',
      forwardedFor: '198.51.100.77',
    });
    expect(forged.code).toBe('RATE_LIMITED');
  });

  it('limits one address across many accounts (credential stuffing)', async () => {
    const stuffer = { localAddress: '127.0.0.4' };
    for (let i = 0; i < 30; i++)
      expect((await signInFrom(t, `nobody${i}@stuffing.demo`, 'guess', stuffer)).code).toBe(
        'INVALID_CREDENTIALS',
      );
    expect((await signInFrom(t, 'lea.dubois@exemple.demo', DEMO_PASSWORD, stuffer)).code).toBe(
      'RATE_LIMITED',
    );
    expect((await signInFrom(t, 'lea.dubois@exemple.demo', DEMO_PASSWORD)).__typename).toBe(
      'MutationSignInSuccess',
    );
  });
});

describe('sign-in throttling with TRUST_PROXY=1 (one reverse proxy in front)', () => {
  let proxied: TestApp;
  beforeAll(async () => {
    proxied = await startTestApp({ TRUST_PROXY: '1' });
  });
  afterAll(async () => proxied?.stop());
  const account = 'paul.girard@lumiere.demo';

  it('keys the lock on the forwarded client address: A is locked out, B signs in', async () => {
    await fail(proxied, account, 5, { forwardedFor: '203.0.113.10' });
    expect((await signInFrom(proxied, account, DEMO_PASSWORD, { forwardedFor: '203.0.113.10' })).code).toBe(
      'RATE_LIMITED',
    );
    expect(
      (await signInFrom(proxied, account, DEMO_PASSWORD, { forwardedFor: '203.0.113.11' })).__typename,
    ).toBe('MutationSignInSuccess');
    // Only the address nearest the proxy counts: a client cannot prepend its way out of the lock.
    expect(
      (await signInFrom(proxied, account, DEMO_PASSWORD, { forwardedFor: '203.0.113.99, 203.0.113.10' }))
        .code,
    ).toBe('RATE_LIMITED');
  });

  it('slows, never locks, an account attacked from many addresses: at most a short wait for its owner', async () => {
    const target = 'hugo.lefevre@lumiere.demo';
    // 20 failures from five addresses, none of which reaches its own lock.
    for (let address = 1; address <= 5; address++)
      await fail(proxied, target, 4, { forwardedFor: `198.51.100.${address}` });
    const owner = await signInFrom(proxied, target, DEMO_PASSWORD, { forwardedFor: '192.0.2.50' });
    expect(owner.code).toBe('RATE_LIMITED');
    const wait = Number(/in (\d+) seconds/.exec(owner.message ?? '')?.[1]);
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(30);
    // The wait is over once the slot passes: move the account's slow-down into the past rather than sleep.
    await sql(proxied, `update rate_limit set locked_until = now() - interval '1 second' where key = $1`, [
      `sign-in:account:${target}`,
    ]);
    expect(
      (await signInFrom(proxied, target, DEMO_PASSWORD, { forwardedFor: '192.0.2.50' })).__typename,
    ).toBe('MutationSignInSuccess');
  });
});
