import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestClient } from './app.js';
import { type Built, type BuiltMember, testData } from './builders.js';
import { ERROR_FIELDS, gid, sql } from './tenants.js';

/**
 * Issue 18 (lists) and guide 003 (archive the accounts no longer used): the members list sorted and filtered by
 * last sign-in, its total count, its page size, and archiving a selection member by member.
 */
let t: TestApp;
let rita: TestClient; // referent of the whole organisation
let ulysse: TestClient; // referent of unit U1 only
let gaston: TestClient; // manager of a group: reads its members, archives nobody
let organisation: Built;
let u1: Built;
let u2: Built;
let admins: BuiltMember[];
const m: Record<string, BuiltMember> = {};
let outsider: BuiltMember; // a member of another organisation
const statements: string[] = [];
let counting = false;

const TIE = '2026-01-10T08:00:00.123456Z'; // microseconds: the copy keeps milliseconds, the cursor's precision

async function setLastSignIn(member: BuiltMember, at: string | null) {
  await sql(t, 'update member set last_sign_in_at = $1 where id = $2', [at, member.id]);
}

beforeAll(async () => {
  t = await startTestApp({ BACKGROUND_SCHEDULE: 'off' });
  const data = testData(t);
  organisation = await data.organisation();
  u1 = await data.unit(organisation, { name: 'U1' });
  u2 = await data.unit(organisation, { name: 'U2' });
  const referent = await data.member(organisation, { firstName: 'Rita', lastName: 'Référente' });
  await data.adminRole(referent, 'REFERENT');
  const unitReferent = await data.member(organisation, {
    firstName: 'Ulysse',
    lastName: 'Unité',
    units: [u1],
  });
  await data.adminRole(unitReferent, 'REFERENT', { unit: u1 });
  const manager = await data.member(organisation, { firstName: 'Gaston', lastName: 'Groupe' });
  const build = (key: string, units: Built[], status?: 'BLOCKED' | 'ARCHIVED') =>
    data.member(organisation, { firstName: key, lastName: `Membre ${key}`, units, status }).then((member) => {
      m[key] = member;
      return member;
    });
  await build('never1', [u1]);
  await build('never2', [u1]);
  await build('never3', [u2]);
  await build('tie1', [u1]);
  await build('tie2', [u1]);
  await build('tie3', [u2]);
  await build('old', [u2]);
  await build('recent', [u1]);
  await build('blocked', [u1], 'BLOCKED');
  await build('archived', [u1], 'ARCHIVED');
  const team = await data.group(organisation, { name: 'Équipe', manager, members: [m.tie1!, m.old!] });
  await data.adminRole(manager, 'GROUP_MANAGER', { group: team });
  for (const key of ['tie1', 'tie2', 'tie3']) await setLastSignIn(m[key]!, TIE);
  await setLastSignIn(m.old!, '2025-06-01T10:00:00Z');
  await setLastSignIn(m.recent!, '2026-11-30T10:00:00Z');
  await setLastSignIn(m.blocked!, '2025-01-01T10:00:00Z');
  await setLastSignIn(m.archived!, '2025-01-01T10:00:00Z');
  admins = [referent, unitReferent, manager];
  rita = await data.signIn(referent);
  ulysse = await data.signIn(unitReferent);
  gaston = await data.signIn(manager);
  const other = await data.organisation();
  outsider = await data.member(other, { firstName: 'Otto', lastName: 'Ailleurs' });
  await setLastSignIn(outsider, null);
  const knex = t.app.services.orm.em.getConnection().getKnex();
  knex.on('query', (query: { sql: string }) => {
    if (counting && !/^update "session" set "last_seen_at"/.test(query.sql)) statements.push(query.sql);
  });
});
afterAll(async () => t?.stop());

const LIST = `query($org: ID!, $first: Int, $after: String, $sort: MemberSort, $since: DateTime, $unitId: ID, $status: MemberStatus) {
  members(organisationId: $org, first: $first, after: $after, sort: $sort, notSignedInSince: $since, unitId: $unitId, status: $status) {
    totalCount
    edges { cursor node { id lastSignInAt person { firstName } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

type Page = {
  members: {
    totalCount: number | null;
    edges: { node: { id: string; lastSignInAt: string | null; person: { firstName: string } } }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
};

/** Every page of the list, `first` at a time, following endCursor; the totals each page reported. */
async function walk(client: TestClient, variables: Record<string, unknown>, first: number) {
  const names: string[] = [];
  const totals = new Set<number | null>();
  let after: string | null = null;
  for (let round = 0; round < 50; round++) {
    const page: Page = await client.ok(LIST, { org: organisation.gid, first, after, ...variables });
    names.push(...page.members.edges.map((edge) => edge.node.person.firstName));
    totals.add(page.members.totalCount);
    if (!page.members.pageInfo.hasNextPage) return { names, totals: [...totals] };
    after = page.members.pageInfo.endCursor;
  }
  throw new Error('the list does not end');
}

/** The expected order, computed here from what the database holds: never first, then oldest, ties by id. */
async function expectedAscending(keys: string[]) {
  const rows = await sql<{ id: string; first_name: string; at: Date | null }>(
    t,
    `select m.id, p.first_name, m.last_sign_in_at as at from member m join person p on p.id = m.person_id
      where m.organisation_id = $1 and m.status <> 'ARCHIVED'`,
    [organisation.id],
  );
  const wanted = rows.filter((row) => keys.includes(row.first_name));
  const ms = (row: { at: Date | null }) => (row.at ? row.at.getTime() : Number.NEGATIVE_INFINITY);
  return wanted
    .sort((a, b) => ms(a) - ms(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((row) => row.first_name);
}

const everyone = () => [
  ...Object.keys(m).filter((key) => key !== 'archived'),
  ...admins.map((admin) => admin.person.firstName),
];

describe('the members list by last sign-in', () => {
  it('pages never-signed-in first, then oldest, ties by member, each member once, whatever the page size', async () => {
    const expected = await expectedAscending(everyone());
    expect(expected.slice(0, 3).sort()).toEqual(['never1', 'never2', 'never3']);
    expect(expected.slice(3, 8)).toEqual(['blocked', 'old', ...expected.slice(5, 8)]);
    expect(expected.slice(5, 8).sort()).toEqual(['tie1', 'tie2', 'tie3']);
    for (const first of [1, 2, 3, 100]) {
      const { names, totals } = await walk(rita, { sort: 'LAST_SIGN_IN_ASC' }, first);
      expect(names, `pages of ${first}`).toEqual(expected);
      expect(totals).toEqual([expected.length]);
    }
  });

  it('pages the latest first and never-signed-in last: the exact reverse', async () => {
    const expected = (await expectedAscending(everyone())).reverse();
    for (const first of [2, 3]) {
      const { names } = await walk(rita, { sort: 'LAST_SIGN_IN_DESC' }, first);
      expect(names, `pages of ${first}`).toEqual(expected);
    }
  });

  it('filters "not signed in since" (never included), counts the filtered list, and combines with other filters', async () => {
    const since = '2026-01-01T00:00:00Z';
    const all = await walk(rita, { since, sort: 'LAST_SIGN_IN_ASC' }, 2);
    expect(all.names).toEqual(await expectedAscending(['never1', 'never2', 'never3', 'blocked', 'old']));
    expect(all.totals).toEqual([5]);
    const byName = await walk(rita, { since }, 2);
    expect(byName.names.sort()).toEqual(['blocked', 'never1', 'never2', 'never3', 'old']);
    const inU1 = await walk(rita, { since, unitId: u1.gid }, 10);
    expect(inU1.names.sort()).toEqual(['blocked', 'never1', 'never2']);
    expect(inU1.totals).toEqual([3]);
    const archived = await walk(rita, { since, status: 'ARCHIVED' }, 10);
    expect(archived).toEqual({ names: ['archived'], totals: [1] });
    // The tie instant itself is not "before" it.
    const atTie = await walk(rita, { since: '2026-01-10T08:00:00.123Z', sort: 'LAST_SIGN_IN_ASC' }, 10);
    expect(atTie.names).not.toContain('tie1');
    expect(atTie.totals).toEqual([5]);
  });

  it('counts only what the caller reaches: a unit referent sees its unit’s members', async () => {
    const { names, totals } = await walk(ulysse, { sort: 'LAST_SIGN_IN_ASC' }, 3);
    expect(names.sort()).toEqual(['Ulysse', 'blocked', 'never1', 'never2', 'recent', 'tie1', 'tie2'].sort());
    expect(totals).toEqual([7]);
  });

  it('follows a sign-in: the database copies it to the member at once', async () => {
    const before = await walk(rita, { since: new Date(Date.now() - 60_000).toISOString() }, 100);
    expect(before.names).toContain('never3');
    await testData(t).signIn(m.never3!);
    const after = await walk(rita, { since: new Date(Date.now() - 60_000).toISOString() }, 100);
    expect(after.names).not.toContain('never3');
    expect(after.totals).toEqual([before.names.length - 1]);
    await setLastSignIn(m.never3!, null);
    const reset = await walk(rita, { sort: 'LAST_SIGN_IN_ASC' }, 100);
    expect(reset.names.slice(0, 3).sort()).toEqual(['never1', 'never2', 'never3']);
  });

  it('caps a page at 100 members with a typed error, and refuses a cursor of another order', async () => {
    const over = await rita.gql(LIST, { org: organisation.gid, first: 101 });
    expect(over.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_INPUT', field: 'first' });
    expect(over.data?.members ?? null).toBeNull();
    const full = await rita.ok<Page>(LIST, { org: organisation.gid, first: 100 });
    expect(full.members.edges.length).toBe(everyone().length);

    // A cursor of one order is refused by another: name → last sign-in, and ascending → descending.
    const crossings = [
      [undefined, 'LAST_SIGN_IN_ASC'],
      ['LAST_SIGN_IN_ASC', 'LAST_SIGN_IN_DESC'],
    ] as const;
    for (const [from, to] of crossings) {
      const first = await rita.ok<Page>(LIST, { org: organisation.gid, first: 2, sort: from });
      const crossed = await rita.gql(LIST, {
        org: organisation.gid,
        first: 2,
        after: first.members.pageInfo.endCursor,
        sort: to,
      });
      expect(crossed.errors?.[0]?.extensions, `${from ?? 'NAME'} → ${to}`).toMatchObject({
        code: 'INVALID_INPUT',
        field: 'after',
      });
    }
    const forged = Buffer.from(JSON.stringify(['LAST_SIGN_IN_ASC', 'not a date', randomUUID()])).toString(
      'base64url',
    );
    const bad = await rita.gql(LIST, { org: organisation.gid, after: forged, sort: 'LAST_SIGN_IN_ASC' });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_INPUT', field: 'after' });
  });

  it('the count costs no statement more than the page (it is in the page’s statement), whatever the sort', async () => {
    const withCount = `query($org: ID!, $since: DateTime) { members(organisationId: $org, first: 25, sort: LAST_SIGN_IN_ASC, notSignedInSince: $since) { totalCount edges { node { id lastSignInAt } } } }`;
    const without = `query($org: ID!, $since: DateTime) { members(organisationId: $org, first: 25, sort: LAST_SIGN_IN_ASC, notSignedInSince: $since) { edges { node { id lastSignInAt } } } }`;
    const cost = async (query: string) => {
      const variables = { org: organisation.gid, since: '2026-06-01T00:00:00Z' };
      await rita.ok(query, variables); // warm: the topology is cached once read
      statements.length = 0;
      counting = true;
      await rita.ok(query, variables);
      counting = false;
      return [...statements];
    };
    const plain = await cost(without);
    const counted = await cost(withCount);
    expect(counted.length).toBe(plain.length);
    expect(counted.filter((statement) => /count\(/i.test(statement))).toHaveLength(1);
    // an empty page carries no row to hold the count: it is then counted on its own, and still right
    const none = await rita.ok(
      `query($org: ID!) { members(organisationId: $org, first: 5, search: "zzzznobody") { totalCount edges { node { id } } } }`,
      { org: organisation.gid },
    );
    expect(none.members).toEqual({ totalCount: 0, edges: [] });
  });
});

const ARCHIVE = `mutation($ids: [ID!]!) {
  archiveMembers(input: { memberIds: $ids }) {
    ${ERROR_FIELDS}
    ... on MutationArchiveMembersSuccess { data { outcomes {
      index archived member { id status }
      refusal { code message field }
    } } }
  }
}`;

type Outcome = {
  index: number;
  archived: boolean;
  member: { id: string; status: string } | null;
  refusal: { code: string; message: string; field: string | null } | null;
};

async function archive(client: TestClient, ids: string[]) {
  const result = await client.ok(ARCHIVE, { ids });
  return result.archiveMembers as {
    __typename: string;
    code?: string;
    field?: string;
    data?: { outcomes: Outcome[] };
  };
}

const statusOf = async (member: BuiltMember) =>
  (await sql<{ status: string }>(t, 'select status from member where id = $1', [member.id]))[0]!.status;

describe('archiving a selection of members', () => {
  it('archives each member in its own transaction with its own audit event, refusing others without leaking', async () => {
    const unknown = gid('Member', randomUUID());
    const ids = [m.never1!.gid, m.never2!.gid, outsider.gid, unknown, m.old!.gid];
    // Ulysse is a referent of U1: never1 and never2 are his; old (U2) and the other organisation's member are not.
    const result = await archive(ulysse, ids);
    expect(result.__typename).toBe('MutationArchiveMembersSuccess');
    const outcomes = result.data!.outcomes;
    expect(outcomes.map((outcome) => outcome.index)).toEqual([0, 1, 2, 3, 4]);
    expect(outcomes.map((outcome) => outcome.archived)).toEqual([true, true, false, false, false]);
    expect(outcomes[0]!.member).toEqual({ id: m.never1!.gid, status: 'ARCHIVED' });
    expect(outcomes[0]!.refusal).toBeNull();
    // Out of reach reads exactly as an unknown id: nothing tells another organisation or unit from nobody.
    const unknownRefusal = outcomes[3]!.refusal;
    expect(unknownRefusal).toEqual({
      code: 'NOT_FOUND',
      message: 'Nothing with this id exists within your reach.',
      field: null,
    });
    expect(outcomes[2]!.refusal).toEqual(unknownRefusal);
    expect(outcomes[4]!.refusal).toEqual(unknownRefusal);
    expect(outcomes[2]!.member).toBeNull();
    const answer = JSON.stringify(outcomes);
    for (const secret of [outsider.gid, outsider.id, m.old!.gid, m.old!.id, 'Otto', 'Ailleurs', 'Membre old'])
      expect(answer).not.toContain(secret);
    expect(await statusOf(m.old!)).toBe('ACTIVE');
    expect(await statusOf(outsider)).toBe('ACTIVE');

    const events = await sql<{
      target_id: string;
      organisation: string;
      tx: string;
      before: { status: string };
    }>(
      t,
      `select target_id, organisation, xmin::text as tx, before from audit_event
        where action = 'member.archived' and target_id = any($1::text[]) order by id`,
      [[m.never1!.id, m.never2!.id, m.old!.id, outsider.id]],
    );
    expect(events.map((event) => event.target_id)).toEqual([m.never1!.id, m.never2!.id]);
    expect(events.every((event) => event.organisation === organisation.id)).toBe(true);
    expect(events.map((event) => event.before.status)).toEqual(['ACTIVE', 'ACTIVE']);
    expect(new Set(events.map((event) => event.tx)).size).toBe(2);
    // The list moved on: the archived ones leave the default list and its count.
    const list = await walk(ulysse, {}, 100);
    expect(list.names).not.toContain('never1');
    expect(list.totals).toEqual([list.names.length]);
  });

  it('reports each refusal with its typed reason and archives the rest', async () => {
    // Gaston manages a group (tie1, old): he reads them but may archive nobody, so the call is refused whole.
    const byManager = await archive(gaston, [m.tie1!.gid]);
    expect(byManager).toMatchObject({ __typename: 'NotAuthorisedError', code: 'NOT_AUTHORISED' });
    // Rita may archive everyone here but herself, and not someone already archived.
    const [ritaMember] = admins;
    const result = await archive(rita, [m.tie2!.gid, ritaMember!.gid, m.archived!.gid, m.tie3!.gid]);
    const outcomes = result.data!.outcomes;
    expect(outcomes.map((outcome) => outcome.archived)).toEqual([true, false, false, true]);
    expect(outcomes[1]!.refusal).toMatchObject({
      code: 'NOT_AUTHORISED',
      message: 'You cannot archive yourself.',
    });
    expect(outcomes[2]!.refusal?.code).toBe('INVALID_TRANSITION');
    expect(await statusOf(m.tie1!)).toBe('ACTIVE');
    expect(await statusOf(ritaMember!)).toBe('ACTIVE');
    expect(await statusOf(m.tie3!)).toBe('ARCHIVED');
  });

  it('refuses more than 100 members, duplicates and an empty batch as a whole, archiving none', async () => {
    const many = [m.recent!.gid, ...Array.from({ length: 100 }, () => gid('Member', randomUUID()))];
    const tooMany = await archive(rita, many);
    expect(tooMany).toMatchObject({
      __typename: 'InvalidInputError',
      code: 'INVALID_INPUT',
      field: 'memberIds',
    });
    const twice = await archive(rita, [m.recent!.gid, m.recent!.gid]);
    expect(twice).toMatchObject({ __typename: 'InvalidInputError', field: 'memberIds' });
    const none = await archive(rita, []);
    expect(none).toMatchObject({ __typename: 'InvalidInputError', field: 'memberIds' });
    expect(await statusOf(m.recent!)).toBe('ACTIVE');
    const hundred = await archive(rita, many.slice(0, 100));
    expect(hundred.data!.outcomes).toHaveLength(100);
    expect(hundred.data!.outcomes.filter((outcome) => outcome.archived)).toHaveLength(1);
  });

  it('answers an anonymous caller with no outcome at all', async () => {
    const anonymous = await t.client().ok(ARCHIVE, { ids: [m.recent!.gid] });
    expect(anonymous.archiveMembers).toEqual({
      __typename: 'NotAuthorisedError',
      code: 'NOT_AUTHORISED',
      message: 'You are not allowed to do this.',
    });
  });
});
