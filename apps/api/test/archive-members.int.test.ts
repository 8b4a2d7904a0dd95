import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestClient } from './app.js';
import { type BuiltMember, testData } from './builders.js';
import { ERROR_FIELDS } from './tenants.js';

/** archiveMembers under attack (review of the member-list change): refusals before locks, cost, duplicates, rule 6. */
let t: TestApp;
let principal: TestClient;
let plain: TestClient;
const members: BuiltMember[] = [];
let p1: BuiltMember;
let p2: BuiltMember;
const statements: string[] = [];
let counting = false;

const ARCHIVE = `mutation($ids: [ID!]!) {
  archiveMembers(input: { memberIds: $ids }) {
    ${ERROR_FIELDS}
    ... on MutationArchiveMembersSuccess { data { outcomes { index archived refusal { code message } } } }
  }
}`;

interface Payload {
  __typename: string;
  code?: string;
  field?: string;
  data?: { outcomes: { index: number; archived: boolean; refusal: { code: string } | null }[] };
}

beforeAll(async () => {
  t = await startTestApp({ BACKGROUND_SCHEDULE: 'off' });
  const data = testData(t);
  const org = await data.organisation();
  p1 = await data.member(org, { firstName: 'Paula', lastName: 'Principale' });
  await data.adminRole(p1, 'PRINCIPAL_ADMIN');
  p2 = await data.member(org, { firstName: 'Pierre', lastName: 'Principal' });
  await data.adminRole(p2, 'PRINCIPAL_ADMIN');
  const nobody = await data.member(org, { firstName: 'Nina', lastName: 'Simple' });
  for (let i = 0; i < 100; i++)
    members.push(await data.member(org, { firstName: `M${i}`, lastName: `Membre ${i}` }));
  principal = await data.signIn(p1);
  plain = await data.signIn(nobody);
  const knex = t.app.services.orm.em.getConnection().getKnex();
  knex.on('query', (query: { sql: string }) => {
    if (counting) statements.push(query.sql);
  });
}, 120_000);
afterAll(async () => t?.stop());

describe('archiveMembers (attacks)', () => {
  it('refuses a member who may archive nobody before locking anything', async () => {
    statements.length = 0;
    counting = true;
    const result = await plain.ok(ARCHIVE, { ids: members.map((m) => m.gid) });
    counting = false;
    expect(result.archiveMembers as Payload).toMatchObject({ __typename: 'NotAuthorisedError' });
    expect(statements.filter((s) => /for update/i.test(s))).toEqual([]);
    expect(statements.filter((s) => /^\s*(begin|start transaction)/i.test(s))).toEqual([]);
  });

  it('counts a member named in two letter cases once: the call is refused as naming it twice', async () => {
    const target = members[0]!;
    const upper = Buffer.from(`Member:${target.id.toUpperCase()}`).toString('base64');
    const result = await principal.ok(ARCHIVE, { ids: [target.gid, upper] });
    expect(result.archiveMembers as Payload).toMatchObject({ code: 'INVALID_INPUT', field: 'memberIds' });
  });

  it('prices a batch by its length: aliases cannot multiply it, while one full batch passes', async () => {
    const ids = members.slice(1, 101).map((m) => m.gid);
    const fields = Array.from(
      { length: 30 },
      (_, i) => `a${i}: archiveMembers(input: { memberIds: $ids }) { __typename }`,
    );
    const refused = await principal.gql(`mutation($ids: [ID!]!) { ${fields.join('\n')} }`, { ids });
    expect(refused.errors?.[0]?.extensions?.code).toBe('COST_LIMIT');
    expect(refused.data ?? null).toBeNull();
    const one = await principal.ok(ARCHIVE, { ids: members.slice(1, 11).map((m) => m.gid) });
    const outcomes = (one.archiveMembers as Payload).data!.outcomes;
    expect(outcomes.map((o) => o.archived)).toEqual(Array(10).fill(true));
  });

  it('keeps an active principal admin when two operator sessions archive the two principals at once (rule 6)', async () => {
    const op1 = await t.as('operateur@tessera.demo');
    const op2 = await t.as('operateur@tessera.demo');
    const [a, b] = await Promise.all([
      op1.ok(ARCHIVE, { ids: [p2.gid] }),
      op2.ok(ARCHIVE, { ids: [p1.gid] }),
    ]);
    const outcomes = [a, b].map((r) => (r.archiveMembers as Payload).data!.outcomes[0]!);
    expect(outcomes.filter((o) => o.archived)).toHaveLength(1);
    expect(outcomes.find((o) => !o.archived)!.refusal!.code).toBe('LAST_PRINCIPAL_ADMIN');
  });
});
