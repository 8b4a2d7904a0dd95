import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../src/auth/tokens.js';
import { CSRF_HEADER } from '../src/http/web-surface.js';
import { startTestApp, type TestApp } from './app.js';
import { testData } from './builders.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.stop());

const SIGN_IN = `mutation($input: SignInInput!) {
  signIn(input: $input) {
    __typename
    ... on MutationSignInSuccess { data { person { email } acting { kind organisation { name } } } }
    ... on Error { code message }
    ... on RateLimitedError { retryAfterSeconds }
  }
}`;
const VIEWER =
  '{ viewer { person { email } acting { kind organisation { name } } memberships { organisation { name } } } }';

describe('signing in', () => {
  it('opens a session in an httpOnly cookie and acts for the only organisation of the person', async () => {
    const client = t.client();
    const result = await client.ok(SIGN_IN, {
      input: { email: 'Claire.Morel@morges.demo ', password: 'Tessera-Demo-2026' },
    });
    expect(result.signIn.data.acting).toEqual({
      kind: 'ORGANISATION',
      organisation: { name: 'Commune de Morges' },
    });
    const viewer = await client.ok(VIEWER);
    expect(viewer.viewer.person.email).toBe('claire.morel@morges.demo');
  });

  it('sets the cookie httpOnly and SameSite', async () => {
    const response = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [CSRF_HEADER]: '1' },
      body: JSON.stringify({
        query: SIGN_IN,
        variables: { input: { email: 'paul.girard@lumiere.demo', password: 'Tessera-Demo-2026' } },
      }),
    });
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^tessera_session=[^;]{20,};/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
  });

  it('answers the same typed error for a wrong password and for an unknown account', async () => {
    const wrong = await t
      .client()
      .ok(SIGN_IN, { input: { email: 'marc.favre@morges.demo', password: 'nope-nope-nope' } });
    const unknown = await t
      .client()
      .ok(SIGN_IN, { input: { email: 'nobody@nowhere.demo', password: 'nope-nope-nope' } });
    expect(wrong.signIn).toEqual({
      __typename: 'InvalidCredentialsError',
      code: 'INVALID_CREDENTIALS',
      message: 'Wrong e-mail or password.',
    });
    expect(unknown.signIn).toEqual(wrong.signIn);
  });

  it('names the field of malformed input', async () => {
    const result = await t
      .client()
      .gql(
        `mutation { signIn(input: { email: "not-an-email", password: "x" }) { __typename ... on InvalidInputError { field code } } }`,
      );
    expect(result.data?.signIn).toEqual({
      __typename: 'InvalidInputError',
      field: 'email',
      code: 'INVALID_INPUT',
    });
  });

  it('slows down repeated failures on one account, known or not, even with the right password afterwards', async () => {
    for (const email of ['lucie.blanc@morges.demo', 'ghost@nowhere.demo']) {
      const client = t.client();
      for (let i = 0; i < 5; i++) {
        const result = await client.ok(SIGN_IN, { input: { email, password: `wrong-${i}-password` } });
        expect(result.signIn.__typename).toBe('InvalidCredentialsError');
      }
      const locked = await client.ok(SIGN_IN, { input: { email, password: 'Tessera-Demo-2026' } });
      expect(locked.signIn.__typename).toBe('RateLimitedError');
      expect(locked.signIn.retryAfterSeconds).toBeGreaterThan(0);
    }
  });

  it('chooses among memberships only: another organisation looks like no organisation at all', async () => {
    const client = await t.as('claire.morel@morges.demo');
    const lumiere = await (await t.as('paul.girard@lumiere.demo')).ok(VIEWER.replace('name }', 'id name }'));
    const lumiereId = lumiere.viewer.acting.organisation.id;
    const result = await client.ok(
      `mutation($input: ChooseActingContextInput!) { chooseActingContext(input: $input) { __typename ... on Error { code } } }`,
      { input: { organisationId: lumiereId } },
    );
    expect(result.chooseActingContext).toEqual({ __typename: 'NotFoundError', code: 'NOT_FOUND' });
    const asOperator = await client.ok(
      `mutation { chooseActingContext(input: { asOperator: true }) { __typename ... on Error { code } } }`,
    );
    expect(asOperator.chooseActingContext).toEqual({
      __typename: 'NotAuthorisedError',
      code: 'NOT_AUTHORISED',
    });
  });

  it('gives each of many concurrent sign-ins of one person its own session, acting for its organisation', async () => {
    const clients = Array.from({ length: 8 }, () => t.client());
    const answers = await Promise.all(
      clients.map((client) =>
        client.ok(SIGN_IN, { input: { email: 'claire.morel@morges.demo', password: 'Tessera-Demo-2026' } }),
      ),
    );
    for (const answer of answers)
      expect(answer.signIn.data.acting).toEqual({
        kind: 'ORGANISATION',
        organisation: { name: 'Commune de Morges' },
      });
    // Each cookie names its own session row (the id is the hash of the cookie's secret), each acting for Morges.
    const sessionIds = clients.map((client) => hashToken(decodeURIComponent(client.cookie.split('=')[1]!)));
    expect(new Set(sessionIds).size).toBe(clients.length);
    const db = new pg.Client({ connectionString: t.databaseUrl });
    await db.connect();
    try {
      const rows = await db.query<{ id: string; revoked: boolean; name: string | null }>(
        `select s.id, s.revoked_at is not null as revoked, o.name from session s
           left join organisation o on o.id = s.acting_organisation where s.id = any($1)`,
        [sessionIds],
      );
      expect(rows.rows.map((row) => row.id).sort()).toEqual([...sessionIds].sort());
      expect(rows.rows.every((row) => row.name === 'Commune de Morges' && !row.revoked)).toBe(true);
      for (const client of clients) {
        const viewer = await client.ok(VIEWER);
        expect(viewer.viewer.acting).toEqual({
          kind: 'ORGANISATION',
          organisation: { name: 'Commune de Morges' },
        });
      }
      // Signing one out ends that one only: its own row is revoked, every other session still answers.
      await clients[0]!.ok('mutation { signOut }');
      expect((await clients[0]!.ok(VIEWER)).viewer).toBeNull();
      for (const client of clients.slice(1))
        expect((await client.ok(VIEWER)).viewer.person.email).toBe('claire.morel@morges.demo');
      const revoked = await db.query<{ id: string }>(
        'select id from session where id = any($1) and revoked_at is not null',
        [sessionIds],
      );
      expect(revoked.rows.map((row) => row.id)).toEqual([sessionIds[0]]);
    } finally {
      await db.end();
    }
  });

  it('lets an operator administrator act as operator', async () => {
    const client = await t.as('operateur@tessera.demo');
    const viewer = await client.ok('{ viewer { isOperatorAdmin acting { kind } } }');
    expect(viewer.viewer).toEqual({ isOperatorAdmin: true, acting: { kind: 'OPERATOR' } });
  });

  it('ends the session on sign-out: the old cookie no longer works', async () => {
    const client = await t.as('julie.rochat@morges.demo');
    const cookie = client.cookie;
    await client.ok('mutation { signOut }');
    const stale = t.client();
    stale.cookie = cookie;
    expect((await stale.ok(VIEWER)).viewer).toBeNull();
  });

  it('answers a malformed id with no data and no internal error', async () => {
    const client = await t.as('claire.morel@morges.demo');
    const result = await client.gql('{ node(id: "T3JnYW5pc2F0aW9uOjE=") { id } }');
    // Refused before execution (Organisation:1 is no UUID): a request error, so no data at all.
    expect(result.data ?? null).toBeNull();
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    expect(JSON.stringify(result)).not.toMatch(/INTERNAL|uuid|select/i);
  });
});

describe('the audit log', () => {
  it('is append-only: the database refuses UPDATE and DELETE', async () => {
    const client = new pg.Client({ connectionString: t.databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query('select count(*)::int as n from audit_event');
      expect(rows[0].n).toBeGreaterThan(0);
      await expect(client.query(`update audit_event set action = 'forged'`)).rejects.toThrow(/append-only/);
      await expect(client.query('delete from audit_event')).rejects.toThrow(/append-only/);
      await expect(client.query('truncate audit_event')).rejects.toThrow(/append-only/);
    } finally {
      await client.end();
    }
  });
});

describe('an operation that changes its own session', () => {
  it('checks the fields after signOut against no session: a typed refusal, not INTERNAL, and the rest stands', async () => {
    // Its own person: the sign-ins above lock some demo accounts out for a while.
    const data = testData(t);
    const client = await t.as((await data.member(await data.organisation())).email);
    const result = await client.gql(
      'mutation { a: rotatePersonalIdentifier { __typename } signOut b: rotatePersonalIdentifier { __typename } }',
    );
    expect(result.data?.a).toMatchObject({ __typename: expect.stringMatching(/Success$/) });
    expect(result.data?.signOut).toBeDefined();
    expect(result.data?.b).toEqual({ __typename: 'NotAuthorisedError' });
    expect(result.errors).toBeUndefined();
    // Signed out indeed.
    const after = await client.gql('query { viewer { person { id } } }');
    expect(after.data?.viewer ?? null).toBeNull();
  });
});
