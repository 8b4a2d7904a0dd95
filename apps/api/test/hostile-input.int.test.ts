import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSRF_HEADER } from '../src/http/web-surface.js';
import { startTestApp, type TestApp, type TestClient } from './app.js';
import { actingOrganisationId, gid, idOf } from './tenants.js';

/**
 * A corpus of hostile requests, sent as a signed-in principal admin and anonymously. Whatever they hold, the answer
 * is a typed refusal (or a plain answer): never INTERNAL, never a 5xx, never a stack trace or SQL text, and the
 * server is healthy afterwards.
 */

let t: TestApp;
let claire: TestClient;
let anonymous: TestClient;
const ids: Record<string, string> = {};

interface Request {
  name: string;
  /** a GraphQL request, sent as JSON */
  query?: string;
  variables?: unknown;
  /** or a raw body */
  body?: string | Blob;
  contentType?: string;
  method?: 'GET';
  search?: string;
}

const cursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

const BAD_STRINGS: Record<string, string> = {
  'a NUL byte': 'Dupont\u0000; drop table person',
  'a lone surrogate': 'Du\ud800pont',
  'a reversed lone surrogate': '\udc00Dupont',
  '20,000 characters': 'x'.repeat(20_000),
  'SQL text': "'); delete from person; --",
  'control characters': '\u0001\u0002\u001b[31m',
};

const BAD_IDS: Record<string, unknown> = {
  '!!!': '!!!',
  'an empty id': '',
  'an unknown type name': gid('Nope', randomUUID()),
  'a non-UUID member id': gid('Member', 'not-a-uuid'),
  'a member id with a NUL': gid('Member', `${randomUUID()}\u0000`),
  'base64 without a colon': Buffer.from('Member').toString('base64'),
  'an audit event id beyond bigint': gid('AuditEvent', '99999999999999999999999'),
  'a number': 12345,
  'an object': { id: 1 },
};

const BAD_CURSORS: Record<string, string> = {
  garbage: 'garbage!!',
  'a non-UUID key': cursor(['dupont', 'not-a-uuid']),
  'a key too long': cursor([1, 2, 3, 4, 5]),
  'an object': cursor({ a: 1 }),
  'a NUL in the key': cursor(['a\u0000', randomUUID()]),
  'a nested array': cursor([['x'], ['y']]),
};

const BAD_DATES = ['2026-02-30', '2026-13-01', '0000-01-01', 'yesterday', '2026-1-1', 20260101];
const BAD_DATE_TIMES = [
  '2026-02-30T00:00:00Z',
  'now',
  '2026-01-01',
  '2026-01-01T25:00:00Z',
  1767225600000,
  // Written in year 1, but in year 0 once its offset is applied; and past year 9999 the other way.
  '0001-01-01T00:00:00+23:59',
  '9999-12-31T23:59:59-23:59',
];

function corpus(): Request[] {
  const org = ids.org!;
  const unit = ids.unit!;
  const member = ids.member!;
  const requests: Request[] = [];

  for (const [what, value] of Object.entries(BAD_STRINGS)) {
    requests.push(
      {
        name: `members search with ${what}`,
        query: `query($org: ID!, $s: String) { members(organisationId: $org, search: $s) { edges { node { id } } } }`,
        variables: { org, s: value },
      },
      {
        name: `groups search with ${what} as a literal`,
        query: `{ groups(organisationId: ${JSON.stringify(org)}, search: ${JSON.stringify(value)}) { edges { node { id } } } }`,
      },
      {
        name: `renameUnit to ${what}`,
        query: `mutation($input: RenameUnitInput!) { renameUnit(input: $input) { __typename ... on Error { code } } }`,
        variables: { input: { unitId: unit, name: value } },
      },
      {
        name: `createMember named with ${what}`,
        query: `mutation($input: CreateMemberInput!) { createMember(input: $input) { __typename ... on Error { code } } }`,
        variables: {
          input: {
            email: 'x.y@morges.demo',
            emailConfirmation: 'x.y@morges.demo',
            firstName: value,
            lastName: 'Test',
            mobility: 'DESK',
          },
        },
      },
      {
        name: `signIn with ${what}`,
        query: `mutation($input: SignInInput!) { signIn(input: $input) { __typename } }`,
        variables: { input: { email: value, password: value } },
      },
    );
  }

  for (const [what, value] of Object.entries(BAD_IDS)) {
    requests.push(
      { name: `node(${what})`, query: `query($id: ID!) { node(id: $id) { id } }`, variables: { id: value } },
      {
        name: `nodes([${what}])`,
        query: `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`,
        variables: { ids: [value] },
      },
      {
        name: `members of organisation ${what}`,
        query: `query($org: ID!) { members(organisationId: $org) { edges { node { id } } } }`,
        variables: { org: value },
      },
      {
        name: `markNotificationsRead([${what}])`,
        query: `mutation($input: MarkNotificationsReadInput!) { markNotificationsRead(input: $input) { __typename } }`,
        variables: { input: { ids: [value] } },
      },
      {
        name: `setGroupGrants with role ${what}`,
        query: `mutation($input: SetGroupGrantsInput!) { setGroupGrants(input: $input) { __typename ... on Error { code } } }`,
        variables: { input: { groupId: value, serviceRoleIds: [value] } },
      },
    );
  }
  requests.push(
    { name: 'node("!!!") as a literal', query: '{ node(id: "!!!") { id } }' },
    {
      name: 'node of a valid but unknown member',
      query: `{ node(id: "${gid('Member', randomUUID())}") { id } }`,
    },
    {
      name: 'audit events of a non-UUID actor',
      query: `query($a: ID) { auditEvents(actorId: $a) { edges { node { id } } } }`,
      variables: { a: gid('Person', 'nope') },
    },
  );

  for (const [what, value] of Object.entries(BAD_CURSORS)) {
    requests.push({
      name: `members after ${what}`,
      query: `query($org: ID!, $after: String) { members(organisationId: $org, after: $after) { edges { node { id } } } }`,
      variables: { org, after: value },
    });
  }

  for (const value of BAD_DATES) {
    requests.push({
      name: `createMember opening on ${value}`,
      query: `mutation($input: CreateMemberInput!) { createMember(input: $input) { __typename ... on Error { code } } }`,
      variables: {
        input: {
          email: 'x.y@morges.demo',
          emailConfirmation: 'x.y@morges.demo',
          firstName: 'X',
          lastName: 'Y',
          mobility: 'DESK',
          openingDate: value,
        },
      },
    });
  }
  requests.push({
    name: 'a Date literal 2026-02-30',
    query: `mutation { createMember(input: { email: "x.y@morges.demo", emailConfirmation: "x.y@morges.demo", firstName: "X", lastName: "Y", mobility: DESK, openingDate: "2026-02-30" }) { __typename } }`,
  });
  for (const value of BAD_DATE_TIMES) {
    requests.push({
      name: `audit events from ${value}`,
      query: `query($from: DateTime) { auditEvents(from: $from) { edges { node { id } } } }`,
      variables: { from: value },
    });
    requests.push({
      name: `members not signed in since ${value}, sorted by last sign-in, with its count`,
      query: `query($org: ID!, $since: DateTime) { members(organisationId: $org, notSignedInSince: $since, sort: LAST_SIGN_IN_DESC, first: 1) { totalCount edges { node { id } } } }`,
      variables: { org, since: value },
    });
    requests.push({
      name: `nameAdministrator until ${value}`,
      query: `mutation($input: NameAdministratorInput!) { nameAdministrator(input: $input) { __typename ... on Error { code } } }`,
      variables: { input: { kind: 'CO_ADMIN', memberId: member, validUntil: value } },
    });
  }

  requests.push(
    {
      name: 'an unknown enum value in a variable (mobility SEDENTARY)',
      query: `mutation($input: CreateMemberInput!) { createMember(input: $input) { __typename } }`,
      variables: {
        input: {
          email: 'x.y@morges.demo',
          emailConfirmation: 'x.y@morges.demo',
          firstName: 'X',
          lastName: 'Y',
          mobility: 'SEDENTARY',
        },
      },
    },
    {
      name: 'an unknown enum value as a literal string',
      query: `mutation { createMember(input: { email: "x", emailConfirmation: "x", firstName: "X", lastName: "Y", mobility: "SEDENTARY" }) { __typename } }`,
    },
    {
      name: 'an unknown enum value as a literal',
      query: `query($org: ID!) { administrators(organisationId: $org, kind: EMPEROR) { edges { node { id } } } }`,
      variables: { org },
    },
    ...[-1, 1.5, '10', 2 ** 31, null].map((first) => ({
      name: `members(first: ${JSON.stringify(first)})`,
      query: `query($org: ID!, $first: Int) { members(organisationId: $org, first: $first) { edges { node { id } } } }`,
      variables: { org, first },
    })),
    {
      name: 'members(last: 5)',
      query: `{ members(organisationId: "${org}", last: 5) { edges { node { id } } } }`,
    },
    {
      name: 'a missing required variable',
      query: `query($org: ID!) { members(organisationId: $org) { edges { node { id } } } }`,
    },
    {
      name: 'an input object where a string goes',
      query: `query($org: ID!) { members(organisationId: $org) { edges { node { id } } } }`,
      variables: { org: { nested: [1, 2] } },
    },
    {
      name: 'an unknown input field',
      query: `mutation($input: RenameUnitInput!) { renameUnit(input: $input) { __typename } }`,
      variables: { input: { unitId: unit, name: 'X', evil: true } },
    },
    { name: 'variables as a string', query: '{ __typename }', variables: 'not an object' },
    { name: 'variables as an array', query: '{ __typename }', variables: [1, 2] },
    { name: 'a syntax error', query: '{ members(' },
    { name: 'an empty query', query: '' },
    { name: 'an unknown field', query: '{ passwords { hash } }' },
    { name: 'a fragment cycle', query: 'fragment A on Query { ...B } fragment B on Query { ...A } { ...A }' },
    { name: 'an unknown operation name', query: 'query A { __typename }', variables: {} },
    { name: 'two operations without a name', query: 'query A { __typename } query B { __typename }' },
    { name: 'a subscription over plain HTTP', query: 'subscription { notificationAdded { id } }' },
    {
      name: 'the unit tree nested 50 deep',
      query: `query($org: ID!) { units(organisationId: $org, first: 5) { edges { node { ${'children { parent { '.repeat(25)}id${' } }'.repeat(25)} } } } }`,
      variables: { org },
    },
    {
      name: '10,000 aliases of members(first: 200)',
      query: `query($org: ID!) { ${Array.from({ length: 10_000 }, (_, i) => `m${i}: members(organisationId: $org, first: 200) { edges { node { id } } }`).join(' ')} }`,
      variables: { org },
    },
    {
      name: 'nodes with 100,000 ids',
      query: 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }',
      variables: { ids: Array.from({ length: 100_000 }, () => org) },
    },
    {
      name: 'markNotificationsRead with 100,000 ids',
      query:
        'mutation($input: MarkNotificationsReadInput!) { markNotificationsRead(input: $input) { __typename } }',
      variables: { input: { ids: Array.from({ length: 100_000 }, () => gid('Notification', randomUUID())) } },
    },
    {
      name: 'a 5 MB body',
      body: JSON.stringify({ query: '{ __typename }', variables: { x: 'x'.repeat(5_000_000) } }),
    },
    { name: 'invalid JSON', body: '{"query": "{ __typename }"' },
    { name: 'JSON null', body: 'null' },
    { name: 'an empty batch', body: '[]' },
    { name: 'a number as the query', body: '{"query": 5}' },
    {
      name: 'deeply nested JSON',
      body: `{"query":"{ __typename }","variables":{"x":${'['.repeat(5000)}${']'.repeat(5000)}}}`,
    },
    {
      name: 'invalid UTF-8 in a string',
      body: new Blob([
        '{"query":"query($s: String) { members(organisationId: \\"',
        org,
        '\\", search: $s) { edges { node { id } } } }","variables":{"s":"',
        new Uint8Array([0xc3, 0x28, 0xff, 0xfe]),
        '"}}',
      ]),
    },
    { name: 'a JSON NUL escape in the query text', body: '{"query":"{ __typename \\u0000 }"}' },
    { name: 'plain text', body: '{ __typename }', contentType: 'text/plain' },
    { name: 'an unknown content type', body: '<xml/>', contentType: 'application/xml' },
    {
      name: 'a mutation over GET',
      method: 'GET',
      search: `?query=${encodeURIComponent('mutation { signOut }')}`,
    },
    { name: 'GET without a query', method: 'GET', search: '?variables=%7B' },
  );
  return requests;
}

async function send(client: TestClient, request: Request) {
  // With the CSRF header, as the web client sends it: without it every request stops at the CSRF check and the
  // corpus would test nothing else.
  const headers: Record<string, string> = {
    [CSRF_HEADER]: '1',
    ...(client.cookie ? { cookie: client.cookie } : {}),
  };
  if (request.method === 'GET') {
    const response = await fetch(`${t.url}/graphql${request.search ?? ''}`, {
      headers: { ...headers, accept: 'application/json' },
    });
    return { status: response.status, text: await response.text() };
  }
  const body = request.body ?? JSON.stringify({ query: request.query, variables: request.variables });
  const response = await fetch(`${t.url}/graphql`, {
    method: 'POST',
    // Without it a subscription would be streamed (SSE) and stay open: this corpus wants one answer per request.
    headers: {
      ...headers,
      accept: 'application/json',
      'content-type': request.contentType ?? 'application/json',
    },
    body,
  });
  return { status: response.status, text: await response.text() };
}

const SQL_TEXT =
  /\bselect\b[\s\S]*\bfrom\b|insert into|delete from|\bupdate\s+"?\w+"?\s+set\b|syntax error at or near|invalid input syntax|violates|relation "|column "|postgres/i;
const STACK_TRACE = /\n\s+at\s|"stack"|\.ts:\d+|node_modules/;

beforeAll(async () => {
  t = await startTestApp({ BACKGROUND_SCHEDULE: 'off' });
  claire = await t.as('claire.morel@morges.demo');
  anonymous = t.client();
  ids.org = await actingOrganisationId(claire);
  ids.unit = await idOf(t, 'Unit', `select id from unit where name = 'Service de la population'`);
  ids.member = await idOf(
    t,
    'Member',
    `select m.id from member m join person p on p.id = m.person_id where p.email = 'marc.favre@morges.demo'`,
  );
});
afterAll(async () => t?.stop());

describe('a corpus of hostile input', () => {
  it('holds at least 80 requests, each sent as an admin and anonymously', () => {
    expect(corpus().length * 2).toBeGreaterThanOrEqual(80);
  });

  for (const who of ['a signed-in admin', 'anonymous'] as const) {
    it(`answers every one, sent by ${who}, with a typed refusal: no INTERNAL, no 5xx, no stack trace, no SQL`, async () => {
      const client = who === 'anonymous' ? anonymous : claire;
      const failures: string[] = [];
      for (const request of corpus()) {
        const { status, text } = await send(client, request);
        const problems = [
          status >= 500 && `status ${status}`,
          /"code":"INTERNAL/.test(text) && 'INTERNAL',
          /Unexpected error/.test(text) && 'Unexpected error',
          STACK_TRACE.test(text) && 'a stack trace',
          SQL_TEXT.test(text) && 'SQL text',
          // A request stopped at the CSRF check tests nothing of what it carries.
          /CSRF_HEADER_REQUIRED/.test(text) && 'stopped at the CSRF check',
        ].filter(Boolean);
        // Every error the client gets carries a code it can act on.
        if (/^\s*\{/.test(text)) {
          const parsed = JSON.parse(text) as { errors?: { extensions?: { code?: string } }[] };
          if (parsed.errors?.some((error) => !error.extensions?.code))
            problems.push('an error without a code');
        }
        if (problems.length) failures.push(`${request.name}: ${problems.join(', ')}: ${text.slice(0, 300)}`);
      }
      expect(failures).toEqual([]);
    }, 120_000);
  }

  it('leaves the server healthy: /healthz and a normal query answer as before', async () => {
    const health = await fetch(`${t.url}/healthz`);
    expect(health.status).toBe(200);
    const data = await claire.ok(
      `query($org: ID!) { members(organisationId: $org, first: 5) { edges { node { id } } } }`,
      {
        org: ids.org,
      },
    );
    expect(data.members.edges.length).toBeGreaterThan(0);
  });
});
