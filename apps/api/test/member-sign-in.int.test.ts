import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestClient } from './app.js';
import { type BuiltMember, type BuiltOrganisation, testData } from './builders.js';
import { graphql } from './graphql.js';

/**
 * A member's last sign-in is its organisation's own fact (rule 2): when its person began acting for that
 * organisation. A person who works for two organisations does not tell the first when it signs in for the second.
 */
let t: TestApp;
let first: BuiltOrganisation;
let second: BuiltOrganisation;
let inFirst: BuiltMember;
let inSecond: BuiltMember;
let admin: TestClient;

const MEMBER = graphql(`query MemberSignIn($id: ID!) {
  node(id: $id) { ... on Member { lastSignInAt person { id lastSignInAt } } }
}`);
const MEMBER_ONLY = graphql(`query MemberOnlySignIn($id: ID!) {
  node(id: $id) { ... on Member { lastSignInAt } }
}`);
const CHOOSE = graphql(`mutation ChooseForSignIn($org: ID!) {
  chooseActingContext(input: { organisationId: $org }) { __typename }
}`);
const OWN = graphql(`query OwnSignIn { viewer { person { lastSignInAt } } }`);

beforeAll(async () => {
  t = await startTestApp();
  const data = testData(t);
  [first, second] = await Promise.all([data.organisation(), data.organisation()]);
  inFirst = await data.member(first);
  inSecond = await data.member(second, { person: inFirst.person });
  const principal = await data.member(first);
  await data.adminRole(principal, 'PRINCIPAL_ADMIN');
  admin = await t.as(principal.email);
});
afterAll(async () => t?.stop());

describe('a member’s last sign-in (rule 2)', () => {
  it('records a sign-in only on the organisation the session acts for', async () => {
    const person = await t.as(inFirst.email); // two organisations: the session acts for none yet
    expect((await admin.ok(MEMBER_ONLY, { id: inFirst.gid })).node).toEqual({ lastSignInAt: null });

    expect((await person.ok(CHOOSE, { org: second.gid })).chooseActingContext.__typename).toBe(
      'MutationChooseActingContextSuccess',
    );
    // The first organisation's administrator learns nothing of the work done for the second.
    expect((await admin.ok(MEMBER_ONLY, { id: inFirst.gid })).node).toEqual({ lastSignInAt: null });

    expect((await person.ok(CHOOSE, { org: first.gid })).chooseActingContext.__typename).toBe(
      'MutationChooseActingContextSuccess',
    );
    const seen = (await admin.ok(MEMBER_ONLY, { id: inFirst.gid })).node as { lastSignInAt: string | null };
    expect(seen.lastSignInAt).not.toBeNull();
    expect(Math.abs(Date.parse(seen.lastSignInAt!) - Date.now())).toBeLessThan(10 * 60_000);
  });

  it('keeps the person’s own last sign-in for the person and the operator', async () => {
    const result = await admin.gql(MEMBER, { id: inFirst.gid });
    expect(result.errors?.[0]?.extensions?.code).toBe('NOT_AUTHORISED');
    expect(result.errors?.[0]?.path).toEqual(['node', 'person', 'lastSignInAt']);

    const person = await t.as(inFirst.email);
    expect((await person.ok(OWN)).viewer?.person.lastSignInAt).toEqual(expect.any(String));
    const operator = await t.as('operateur@tessera.demo');
    const seen = await operator.ok(MEMBER, { id: inSecond.gid });
    expect(seen.node).toMatchObject({ person: { lastSignInAt: expect.any(String) } });
  });
});
