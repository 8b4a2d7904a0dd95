import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../src/graphql/limits.js';
import { CSRF_HEADER } from '../src/http/web-surface.js';
import { MEMBER_PAGE_MAX } from '../src/modules/members/member-list.js';
import { startTestApp, type TestApp, type TestClient } from './app.js';
import { subscribeWs } from './live.js';
import { actingOrganisationId, gid } from './tenants.js';

let t: TestApp;
let claire: TestClient;
let orgId: string;
const statements: string[] = [];

interface RawResponse {
  status: number;
  body: { data?: unknown; errors?: { message: string; extensions?: { code?: string; field?: string } }[] };
}

/** Posts a body as it is (no JSON client in the way) with the client's session cookie. */
async function post(client: TestClient, body: string | Blob): Promise<RawResponse> {
  const response = await fetch(`${t.url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      [CSRF_HEADER]: '1',
      ...(client.cookie ? { cookie: client.cookie } : {}),
    },
    body,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : {} };
}

/** The error codes of a request, and how many SQL statements the API ran for it. */
async function attempt(client: TestClient, query: string, variables: Record<string, unknown> = {}) {
  statements.length = 0;
  const response = await post(client, JSON.stringify({ query, variables }));
  return {
    status: response.status,
    codes: (response.body.errors ?? []).map((error) => error.extensions?.code),
    errors: response.body.errors ?? [],
    data: response.body.data,
    sql: statements.length,
  };
}

function nested(depth: number): string {
  let selection = 'id';
  for (let level = 0; level < depth; level++)
    selection = level % 2 === 0 ? `children { ${selection} }` : `parent { ${selection} }`;
  return selection;
}

beforeAll(async () => {
  t = await startTestApp({ BACKGROUND_SCHEDULE: 'off' });
  claire = await t.as('claire.morel@morges.demo');
  orgId = await actingOrganisationId(claire);
  const knex = t.app.services.orm.em.getConnection().getKnex();
  knex.on('query', (query: { sql: string }) => statements.push(query.sql));
});
afterAll(async () => t?.stop());

describe('limits refuse an operation before it runs: a typed error and no SQL statement', () => {
  it('counts the statements of a normal query (so zero below means none ran)', async () => {
    const result = await attempt(
      claire,
      `query($org: ID!) { units(organisationId: $org, first: 5) { edges { node { id } } } }`,
      {
        org: orgId,
      },
    );
    expect(result.codes).toEqual([]);
    expect(result.sql).toBeGreaterThan(0);
  });

  it('refuses the unit tree nested 50 deep with MAX_DEPTH', async () => {
    const result = await attempt(
      claire,
      `query($org: ID!) { units(organisationId: $org, first: 5) { edges { node { ${nested(50)} } } } }`,
      { org: orgId },
    );
    expect(result.codes).toContain('MAX_DEPTH');
    expect(result.status).toBeLessThan(500);
    expect(result.sql).toBe(0);
  });

  it('refuses a tree within the depth limit whose fan-out is over budget with COST_LIMIT', async () => {
    const result = await attempt(
      claire,
      `query($org: ID!) { units(organisationId: $org, first: 200) { edges { node { ${nested(LIMITS.depth - 4)} } } } }`,
      { org: orgId },
    );
    expect(result.codes).toEqual(['COST_LIMIT']);
    expect(result.sql).toBe(0);
  });

  it(`refuses more than ${LIMITS.aliases} aliases with MAX_ALIASES`, async () => {
    const aliases = Array.from({ length: LIMITS.aliases + 1 }, (_, i) => `a${i}: viewer { acting { kind } }`);
    const result = await attempt(claire, `{ ${aliases.join(' ')} }`);
    expect(result.codes).toEqual(['MAX_ALIASES']);
    expect(result.sql).toBe(0);
  });

  it('refuses 10,000 aliases of members(first: 200) while still parsing, with MAX_TOKENS', async () => {
    const aliases = Array.from(
      { length: 10_000 },
      (_, i) => `m${i}: members(organisationId: $org, first: 200) { edges { node { id } } }`,
    );
    const result = await attempt(claire, `query($org: ID!) { ${aliases.join(' ')} }`, { org: orgId });
    expect(result.codes).toEqual(['MAX_TOKENS']);
    expect(result.sql).toBe(0);
  });

  it(`refuses more than ${LIMITS.tokens} tokens with MAX_TOKENS`, async () => {
    const fields = Array.from({ length: LIMITS.tokens }, () => '__typename').join(' ');
    const result = await attempt(claire, `{ ${fields} }`);
    expect(result.codes).toEqual(['MAX_TOKENS']);
    expect(result.sql).toBe(0);
  });

  it(`refuses more than ${LIMITS.directives} directives with MAX_DIRECTIVES`, async () => {
    const fields = Array.from({ length: LIMITS.directives + 1 }, () => '__typename @include(if: true)');
    const result = await attempt(claire, `{ ${fields.join(' ')} }`);
    expect(result.codes).toContain('MAX_DIRECTIVES');
    expect(result.sql).toBe(0);
  });

  it('refuses aliases of large pages that add up beyond the budget with COST_LIMIT', async () => {
    const aliases = Array.from(
      { length: 10 },
      (_, i) =>
        `m${i}: members(organisationId: $org, first: 200) { edges { node { id groups { group { name } } directGrants { serviceRole { name } } } } }`,
    );
    const result = await attempt(claire, `query($org: ID!) { ${aliases.join(' ')} }`, { org: orgId });
    expect(result.codes).toEqual(['COST_LIMIT']);
    expect(result.sql).toBe(0);
  });

  it(`refuses first or last above ${LIMITS.pageSize} on every connection with PAGE_TOO_LARGE, as a literal or a variable`, async () => {
    const literal = await attempt(
      claire,
      `query($org: ID!) { units(organisationId: $org, first: ${LIMITS.pageSize + 1}) { edges { node { id } } } }`,
      { org: orgId },
    );
    expect(literal.codes).toEqual(['PAGE_TOO_LARGE']);
    expect(literal.errors[0]?.extensions?.field).toBe('first');
    expect(literal.sql).toBe(0);

    const variable = await attempt(
      claire,
      `query($org: ID!, $n: Int) { members(organisationId: $org, first: $n) { edges { node { id } } } }`,
      { org: orgId, n: 100_000 },
    );
    expect(variable.codes).toEqual(['PAGE_TOO_LARGE']);
    expect(variable.sql).toBe(0);

    const nestedPage = await attempt(
      claire,
      `query($org: ID!) { groups(organisationId: $org, first: 1) { edges { node { members(last: 1000) { edges { node { id } } } } } } }`,
      { org: orgId },
    );
    expect(nestedPage.codes).toEqual(['PAGE_TOO_LARGE']);
    expect(nestedPage.errors[0]?.extensions?.field).toBe('last');
    expect(nestedPage.sql).toBe(0);
  });

  it(`refuses list arguments longer than ${LIMITS.listLength} with LIST_TOO_LONG (nodes, id lists in inputs)`, async () => {
    const ids = Array.from({ length: LIMITS.listLength + 1 }, () => orgId);
    const nodes = await attempt(claire, `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids });
    expect(nodes.codes).toEqual(['LIST_TOO_LONG']);
    expect(nodes.errors[0]?.extensions?.field).toBe('ids');
    expect(nodes.sql).toBe(0);

    const notifications = Array.from({ length: LIMITS.listLength + 1 }, () =>
      gid('Notification', crypto.randomUUID()),
    );
    const marked = await attempt(
      claire,
      `mutation($input: MarkNotificationsReadInput!) { markNotificationsRead(input: $input) { __typename } }`,
      { input: { ids: notifications } },
    );
    expect(marked.codes).toEqual(['LIST_TOO_LONG']);
    expect(marked.errors[0]?.extensions?.field).toBe('input.ids');
    expect(marked.sql).toBe(0);
  });

  it('refuses nodes with 100,000 ids: the body is over its limit, answered 413 before parsing', async () => {
    const ids = Array.from({ length: 100_000 }, () => orgId);
    const result = await attempt(claire, `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids });
    expect(result.status).toBe(413);
    expect(result.codes).toEqual(['REQUEST_ENTITY_TOO_LARGE']);
    expect(result.sql).toBe(0);
  });

  it(`refuses a body over ${LIMITS.bodyBytes} bytes with 413, even without a Content-Length`, async () => {
    const huge = JSON.stringify({
      query: '{ __typename }',
      variables: { padding: 'x'.repeat(LIMITS.bodyBytes) },
    });
    statements.length = 0;
    const sized = await post(claire, huge);
    expect(sized.status).toBe(413);
    expect(sized.body.errors?.[0]?.extensions?.code).toBe('REQUEST_ENTITY_TOO_LARGE');

    const chunks = new TextEncoder().encode(huge);
    const streamed = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [CSRF_HEADER]: '1' },
      body: new ReadableStream({
        start(controller) {
          for (let at = 0; at < chunks.length; at += 65_536)
            controller.enqueue(chunks.slice(at, at + 65_536));
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(statements.length).toBe(0);
  });

  it(`refuses strings longer than ${LIMITS.stringLength} characters with STRING_TOO_LONG`, async () => {
    const result = await attempt(
      claire,
      `query($org: ID!, $search: String) { members(organisationId: $org, search: $search) { edges { node { id } } } }`,
      { org: orgId, search: 'a'.repeat(LIMITS.stringLength + 1) },
    );
    expect(result.codes).toEqual(['STRING_TOO_LONG']);
    expect(result.errors[0]?.extensions?.field).toBe('search');
    expect(result.sql).toBe(0);
  });

  it('refuses the same limits over WebSocket (graphql-ws), before the session is read', async () => {
    const fields = Array.from({ length: LIMITS.aliases + 1 }, (_, i) => `a${i}: notificationAdded { id }`);
    statements.length = 0;
    const live = subscribeWs(t.url, claire, `subscription { ${fields.join(' ')} }`);
    const failure = (await live.failure()) as { extensions?: { code?: string } }[];
    await live.close();
    expect(failure.map((error) => error.extensions?.code)).toContain('MAX_ALIASES');
    expect(statements.length).toBe(0);

    const tokens = subscribeWs(t.url, claire, `subscription { ${'__typename '.repeat(LIMITS.tokens)} }`);
    const tokenFailure = (await tokens.failure()) as { extensions?: { code?: string } }[];
    await tokens.close();
    expect(tokenFailure.map((error) => error.extensions?.code)).toEqual(['MAX_TOKENS']);
  });

  it(`closes a WebSocket whose message is over ${LIMITS.bodyBytes} bytes (1009, message too big), before any SQL`, async () => {
    statements.length = 0;
    const live = subscribeWs(t.url, claire, 'subscription { notificationAdded { id } }', {
      padding: 'x'.repeat(LIMITS.bodyBytes),
    });
    const failure = (await live.failure()) as { code?: number };
    await live.close();
    expect(failure.code).toBe(1009);
    expect(statements.length).toBe(0);
  });

  it('still answers a normal query within all limits', async () => {
    // The members list has its own, smaller page (MEMBER_PAGE_MAX, issue 18); other connections take the maximum.
    const result = await attempt(
      claire,
      `query($org: ID!) { members(organisationId: $org, first: ${MEMBER_PAGE_MAX}) { edges { node { id groups { group { name } } } } } }`,
      { org: orgId },
    );
    expect(result.codes).toEqual([]);
    const largest = await attempt(
      claire,
      `query($org: ID!) { groups(organisationId: $org, first: ${LIMITS.pageSize}) { edges { node { id members(first: 1) { edges { node { id } } } } } } }`,
      { org: orgId },
    );
    expect(largest.codes).toEqual([]);
  });
});

describe('in production', () => {
  let production: TestApp;
  beforeAll(async () => {
    production = await startTestApp(
      {
        NODE_ENV: 'production',
        BACKGROUND_SCHEDULE: 'off',
        PUBLIC_URL: 'https://tessera.example.org',
        SESSION_SECRET: 'a-production-secret-of-at-least-32-characters',
      },
      { databaseUrl: t.databaseUrl },
    );
  });
  afterAll(async () => production?.app.stop());

  it('refuses introspection with INTROSPECTION_DISABLED, which development allows', async () => {
    const query = '{ __schema { queryType { name } } }';
    const response = await fetch(`${production.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [CSRF_HEADER]: '1' },
      body: JSON.stringify({ query }),
    });
    const body = (await response.json()) as RawResponse['body'];
    const codes = body.errors?.map((error) => error.extensions?.code) ?? [];
    expect(codes.length).toBeGreaterThan(0);
    expect(new Set(codes)).toEqual(new Set(['INTROSPECTION_DISABLED']));
    expect(body.data).toBeUndefined();
    expect(await t.client().ok(query)).toEqual({ __schema: { queryType: { name: 'Query' } } });
  });

  it('serves no GraphiQL page', async () => {
    const html = { accept: 'text/html' };
    const inProduction = await fetch(`${production.url}/graphql`, { headers: html });
    expect(await inProduction.text()).not.toMatch(/graphiql/i);
    const inTest = await fetch(`${t.url}/graphql`, { headers: html });
    expect(await inTest.text()).toMatch(/graphiql/i);
  });
});
