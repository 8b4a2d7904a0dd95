import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import WebSocket from 'ws';
import { prepareDatabase } from '../src/db/roles.js';
import { CSRF_HEADER } from '../src/http/web-surface.js';
import { SIGN_IN_PER_PAIR } from '../src/modules/people/rate-limit.service.js';
import { startTestApp, type TestApp, type TestClient } from './app.js';
import { actingOrganisationId } from './tenants.js';

const REQUEST_EVENTS = `subscription RequestFeed($org: ID!) { requestEvents(organisationId: $org) { kind } }`;

async function metricsText(url: string): Promise<string> {
  const response = await fetch(`${url}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/plain');
  return response.text();
}

/** The value of one sample (`name{labels} value`), 0 when absent; labels given must all match. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]),
    );
    if (Object.entries(labels).every(([key, value]) => present[key] === value)) return Number(match[3]);
  }
  return 0;
}

async function untilMetric(url: string, check: (text: string) => boolean, what: string): Promise<string> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const text = await metricsText(url);
    if (check(text)) return text;
    if (Date.now() > deadline) throw new Error(`${what} not seen in /metrics within 10 s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** An SSE subscription that records every event name, and whether the stream ended. */
function openSse(url: string, client: TestClient, variables: Record<string, unknown>) {
  const events: string[] = [];
  const done = (async () => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [CSRF_HEADER]: '1',
        accept: 'text/event-stream',
        cookie: client.cookie,
      },
      body: JSON.stringify({ query: REQUEST_EVENTS, variables }),
    });
    const decoder = new TextDecoder();
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      for (const match of decoder.decode(chunk, { stream: true }).matchAll(/^event: (\w+)$/gm))
        events.push(match[1]!);
    }
    return events;
  })();
  return { events, done };
}

/** A raw graphql-ws client; resolves `closed` with the close code. */
function openWs(url: string, client: TestClient, variables: Record<string, unknown>) {
  const messages: string[] = [];
  const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws', {
    headers: { cookie: client.cookie, 'x-request-id': 'ws-upgrade-1' },
  });
  const upgradeRequestId = new Promise<string | undefined>((resolve) =>
    socket.on('upgrade', (response) => resolve(response.headers['x-request-id'] as string | undefined)),
  );
  socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init' })));
  socket.on('message', (raw) => {
    const message = JSON.parse(String(raw)) as { type: string };
    messages.push(message.type);
    if (message.type === 'connection_ack')
      socket.send(
        JSON.stringify({ id: '1', type: 'subscribe', payload: { query: REQUEST_EVENTS, variables } }),
      );
  });
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  return { messages, closed, upgradeRequestId };
}

describe('health, metrics and request ids', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('/livez answers while the process runs; /readyz and /healthz once migrated and the database answers', async () => {
    const live = await fetch(`${t.url}/livez`);
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ status: 'ok' });
    for (const path of ['/readyz', '/healthz']) {
      const ready = await fetch(`${t.url}${path}`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({
        status: 'ok',
        database: 'ok',
        migrations: 'applied',
        jobs: 'running',
      });
    }
  });

  it('answers with the caller’s x-request-id, or a new one', async () => {
    const given = await fetch(`${t.url}/livez`, { headers: { 'x-request-id': 'edge-1234.abc' } });
    expect(given.headers.get('x-request-id')).toBe('edge-1234.abc');
    const fresh = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [CSRF_HEADER]: '1',
        'x-request-id': 'not valid <script>',
      },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(fresh.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('counts a GraphQL operation by name: its duration, its SQL statements, and every statement in total', async () => {
    const claire = await t.as('claire.morel@morges.demo');
    const before = await metricsText(t.url);
    const labels = { operationName: 'ObservedViewer' };
    await claire.ok('query ObservedViewer { viewer { __typename person { id } } }');
    const after = await metricsText(t.url);

    expect(sample(after, 'graphql_envelop_phase_execute_count', labels)).toBe(
      sample(before, 'graphql_envelop_phase_execute_count', labels) + 1,
    );
    expect(sample(after, 'graphql_yoga_http_duration_count', labels)).toBe(
      sample(before, 'graphql_yoga_http_duration_count', labels) + 1,
    );
    expect(sample(after, 'tessera_graphql_sql_statements_count', labels)).toBe(
      sample(before, 'tessera_graphql_sql_statements_count', labels) + 1,
    );
    // viewer loads the person at least: the operation's statements are counted, and the total moves with them.
    const statements = sample(after, 'tessera_graphql_sql_statements_sum', labels);
    expect(statements).toBeGreaterThan(0);
    expect(sample(after, 'tessera_sql_statements_total')).toBeGreaterThanOrEqual(
      sample(before, 'tessera_sql_statements_total') + statements,
    );
    expect(
      sample(after, 'tessera_http_request_duration_seconds_count', { route: 'graphql', status: '200' }),
    ).toBeGreaterThan(sample(before, 'tessera_http_request_duration_seconds_count', { route: 'graphql' }));

    expect(sample(after, 'tessera_db_pool_connections', { state: 'max' })).toBe(10);
    expect(after).toMatch(/^tessera_db_pool_connections\{state="used"\} \d+$/m);
    expect(after).toMatch(/^tessera_outbox_lag_seconds [\d.e+-]+$/m);
    expect(after).toMatch(/^tessera_outbox_pending_messages \d+$/m);
    expect(after).toMatch(/^tessera_process_resident_memory_bytes \d+$/m);
  });

  it('counts sign-in failures and the lock that follows too many', async () => {
    const before = await metricsText(t.url);
    const stranger = t.client();
    for (let attempt = 0; attempt < SIGN_IN_PER_PAIR.maxFailures; attempt++) {
      const result = await stranger.ok(
        `mutation($input: SignInInput!) { signIn(input: $input) { __typename } }`,
        { input: { email: 'marc.favre@morges.demo', password: `wrong-${attempt}` } },
      );
      expect(result.signIn.__typename).not.toBe('MutationSignInSuccess');
    }
    const after = await metricsText(t.url);
    expect(sample(after, 'tessera_sign_in_failures_total')).toBe(
      sample(before, 'tessera_sign_in_failures_total') + SIGN_IN_PER_PAIR.maxFailures,
    );
    const rule = { rule: 'sign-in:pair' };
    expect(sample(after, 'tessera_rate_limit_locks_total', rule)).toBe(
      sample(before, 'tessera_rate_limit_locks_total', rule) + 1,
    );
    expect(after).not.toContain('marc.favre');
  });

  it('counts live subscriptions while they are open', async () => {
    const claire = await t.as('claire.morel@morges.demo');
    const org = await actingOrganisationId(claire);
    const base = sample(await metricsText(t.url), 'tessera_live_subscriptions');
    const abort = new AbortController();
    const response = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [CSRF_HEADER]: '1',
        accept: 'text/event-stream',
        cookie: claire.cookie,
      },
      body: JSON.stringify({ query: REQUEST_EVENTS, variables: { org } }),
      signal: abort.signal,
    });
    expect(response.status).toBe(200);
    await untilMetric(t.url, (text) => sample(text, 'tessera_live_subscriptions') === base + 1, 'one more');
    abort.abort();
    await untilMetric(t.url, (text) => sample(text, 'tessera_live_subscriptions') === base, 'back to before');
  });
});

describe('who may read /metrics', () => {
  it('without METRICS_TOKEN, a loopback client only, and never a request that came through a proxy', async () => {
    const untrusted = await startTestApp();
    const behindProxy = await startTestApp({ TRUST_PROXY: 'loopback' });
    try {
      const direct = await fetch(`${untrusted.url}/metrics`);
      expect(direct.status).toBe(200);
      expect(await direct.text()).toContain('tessera_sql_statements_total');
      // A reverse proxy on the same host connects from loopback for every internet client: its headers say so.
      for (const headers of <Record<string, string>[]>[
        { 'x-forwarded-for': '203.0.113.9' },
        { forwarded: 'for=203.0.113.9' },
        { 'x-real-ip': '203.0.113.9' },
      ]) {
        const proxied = await fetch(`${untrusted.url}/metrics`, { headers });
        expect(proxied.status, JSON.stringify(headers)).toBe(403);
        expect(await proxied.text()).not.toContain('tessera_');
      }
      const remote = await fetch(`${behindProxy.url}/metrics`, {
        headers: { 'x-forwarded-for': '203.0.113.9' },
      });
      expect(remote.status).toBe(403);
      const text = await remote.text();
      expect(text).toContain('METRICS_TOKEN');
      expect(text).not.toContain('tessera_');
      const local = await fetch(`${behindProxy.url}/metrics`);
      expect(local.status).toBe(200);
      expect(await local.text()).toContain('tessera_sql_statements_total');
    } finally {
      await untrusted.stop();
      await behindProxy.stop();
    }
  });

  it('with METRICS_TOKEN, the bearer token and nothing else, even from loopback', async () => {
    const token = 'scrape-token-0123456789abcdef';
    const t = await startTestApp({ METRICS_TOKEN: token });
    try {
      const anonymous = await fetch(`${t.url}/metrics`);
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('www-authenticate')).toContain('Bearer');
      expect(await anonymous.text()).not.toContain('tessera_');
      const wrong = await fetch(`${t.url}/metrics`, { headers: { authorization: `Bearer ${token}x` } });
      expect(wrong.status).toBe(401);
      const right = await fetch(`${t.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
      expect(right.status).toBe(200);
      expect(await right.text()).toContain('tessera_sql_statements_total');
    } finally {
      await t.stop();
    }
  });
});

describe('graceful shutdown', () => {
  it('turns /readyz to 503 while still serving, then ends SSE and WebSocket subscriptions and stops', async () => {
    const t = await startTestApp({ SHUTDOWN_DELAY_MS: '3000' });
    try {
      const claire = await t.as('claire.morel@morges.demo');
      const org = await actingOrganisationId(claire);
      const sse = openSse(t.url, claire, { org });
      const ws = openWs(t.url, claire, { org });
      await untilMetric(
        t.url,
        (text) => sample(text, 'tessera_live_subscriptions') === 2,
        'both subscriptions',
      );

      const stopped = t.app.stop();
      const ready = await fetch(`${t.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({ status: 'shutting down' });
      expect((await fetch(`${t.url}/livez`)).status).toBe(200);

      // The SSE stream ends with its `complete` event; the WebSocket gets `complete`, then a 1001 close.
      expect(await sse.done).toContain('complete');
      expect(await ws.upgradeRequestId).toBe('ws-upgrade-1');
      expect(await ws.closed).toBe(1001);
      expect(ws.messages).toContain('complete');
      await stopped;
      await expect(fetch(`${t.url}/livez`)).rejects.toThrow();
    } finally {
      // Also drops the database; stopping twice waits for the same stop.
      await t.stop();
    }
  });
});

describe('migrations as their own step (MIGRATE=off)', () => {
  it('is not ready on a database with pending migrations, and becomes ready once they are applied', async () => {
    const adminUrl = inject('adminDatabaseUrl');
    const name = `tessera_unmigrated_${process.pid}_${Date.now()}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const t = await startTestApp({ MIGRATE: 'off' }, { databaseUrl: url.toString() });
    try {
      const before = await fetch(`${t.url}/readyz`);
      expect(before.status).toBe(503);
      expect(await before.json()).toMatchObject({
        database: 'ok',
        migrations: expect.stringMatching(/pending$/),
      });
      expect((await fetch(`${t.url}/livez`)).status).toBe(200);

      // What `pnpm migrate` does (src/migrate.ts), from another process's point of view.
      await prepareDatabase({
        databaseUrl: t.runtimeDatabaseUrl,
        migrationDatabaseUrl: url.toString(),
        embedded: false,
        production: false,
        warn: () => {},
      });
      const after = await fetch(`${t.url}/readyz`);
      expect(after.status).toBe(200);
      expect(await after.json()).toEqual({
        status: 'ok',
        database: 'ok',
        migrations: 'applied',
        jobs: 'running',
      });
    } finally {
      await t.stop();
      await admin.query(`drop database ${name} with (force)`);
      await admin.end();
    }
  });
});
