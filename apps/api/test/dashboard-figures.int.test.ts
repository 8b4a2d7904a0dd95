import { lastWeeks } from '@tessera/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestClient } from './app.js';
import { type Built, type BuiltMember, type BuiltOrganisation, testData } from './builders.js';
import { graphql, nodeAs, type ResultOf } from './graphql.js';
import { type StatementLog, statementLog } from './statements.js';

/**
 * The dashboard's figures (issue 14) on data this file builds: exact counts, what a unit admin and a plain member
 * see, another organisation sealed off, the weeks argument bounded, and one SQL statement per figure.
 */
const FIGURES = graphql(`query Figures($id: ID!, $weeks: Int) {
  node(id: $id) { __typename ... on Organisation {
    figures {
      membersByStatus { status count }
      requestsByWeek(weeks: $weeks) { weekStart submitted accepted refused pending cancelled }
    }
  } }
}`);

const DAY = 86_400_000;
let t: TestApp;
let log: StatementLog;
let acme: BuiltOrganisation;
let other: BuiltOrganisation;
let principal: TestClient;
let unitAdmin: TestClient;
let plain: TestClient;
let otherAdmin: TestClient;
/** Monday 00:00 UTC of the current week, `ago` weeks back (plus `days`). */
let weekAgo: (ago: number, days?: number) => Date;

beforeAll(async () => {
  t = await startTestApp({ BACKGROUND_SCHEDULE: 'off' });
  log = statementLog(t);
  const data = testData(t);
  const current = lastWeeks(new Date(), 1)[0]!.getTime();
  weekAgo = (ago, days = 0) => new Date(current - ago * 7 * DAY + days * DAY);

  acme = await data.organisation();
  const north = await data.unit(acme, { name: 'Nord' });
  const south = await data.unit(acme, { name: 'Sud' });
  const southEast = await data.unit(acme, { name: 'Sud-Est', parent: south });
  const admin = await data.member(acme, { units: [north] });
  await data.adminRole(admin, 'PRINCIPAL_ADMIN');
  const southAdmin = await data.member(acme, { units: [south] });
  await data.adminRole(southAdmin, 'UNIT_ADMIN', { unit: south });
  const nobody = await data.member(acme, { units: [north] });

  const members = async (units: Built[], status: 'ACTIVE' | 'BLOCKED' | 'ARCHIVED', count: number) => {
    const built: BuiltMember[] = [];
    for (let i = 0; i < count; i++) built.push(await data.member(acme, { units, status }));
    return built;
  };
  // Nord: 2 admins/members above + 3 active, 1 blocked, 2 archived. Sud subtree: the unit admin + 2 active
  // (one in Sud-Est), 1 blocked. Attached nowhere: 1 archived (only the organisation sees it).
  const [northActive] = await members([north], 'ACTIVE', 3);
  await members([north], 'BLOCKED', 1);
  await members([north], 'ARCHIVED', 2);
  const [southActive] = await members([south], 'ACTIVE', 1);
  const [southEastActive] = await members([southEast], 'ACTIVE', 1);
  await members([south], 'BLOCKED', 1);
  await members([], 'ARCHIVED', 1);

  // Requests: this week, 1 and 3 weeks ago, and 12 weeks ago (outside the default 12 weeks, inside 13).
  const r = (subject: BuiltMember, state: Parameters<typeof data.request>[1], at: Date) =>
    data.request(subject, { ...state, createdAt: at });
  await r(northActive!, { state: 'SUBMITTED' }, weekAgo(0));
  await r(northActive!, { state: 'APPROVED' }, weekAgo(0));
  await r(southActive!, { state: 'SUBMITTED' }, weekAgo(0));
  await r(southActive!, { state: 'REFUSED' }, weekAgo(1, 2));
  await r(northActive!, { state: 'CLOSED', decision: 'APPROVED' }, weekAgo(1, 6));
  await r(southEastActive!, { state: 'CLOSED', decision: 'APPROVED' }, weekAgo(3, 1));
  await r(northActive!, { state: 'CANCELLED' }, weekAgo(3, 4));
  await r(northActive!, { state: 'CLOSED', decision: null }, weekAgo(3, 4));
  await r(southActive!, { state: 'APPROVED' }, weekAgo(12, 3));

  // Another organisation, with its own members and requests, and its principal admin.
  other = await data.organisation();
  const otherMember = await data.member(other);
  await data.adminRole(otherMember, 'PRINCIPAL_ADMIN');
  await data.member(other, { status: 'BLOCKED' });
  await r(otherMember, { state: 'SUBMITTED' }, weekAgo(0));

  [principal, unitAdmin, plain, otherAdmin] = await Promise.all([
    data.signIn(admin),
    data.signIn(southAdmin),
    data.signIn(nobody),
    data.signIn(otherMember),
  ]);
});
afterAll(async () => t?.stop());

const day = (date: Date) => date.toISOString().slice(0, 10);
const figuresOf = (data: ResultOf<typeof FIGURES>) => nodeAs(data.node, 'Organisation').figures;
/** The weeks that hold a request, as `weekStart: submitted accepted refused pending cancelled`. */
const nonEmpty = (weeks: NonNullable<ReturnType<typeof figuresOf>['requestsByWeek']>) =>
  weeks
    .filter((week) => week.submitted > 0)
    .map((w) => `${w.weekStart}: ${w.submitted} ${w.accepted} ${w.refused} ${w.pending} ${w.cancelled}`);

describe('dashboard figures (issue 14)', () => {
  it('counts every member of the organisation by status for its principal admin', async () => {
    const figures = figuresOf(await principal.ok(FIGURES, { id: acme.gid }));
    expect(figures.membersByStatus).toEqual([
      { status: 'ACTIVE', count: 8 },
      { status: 'BLOCKED', count: 2 },
      { status: 'ARCHIVED', count: 3 },
    ]);
  });

  it('counts the requests of the last twelve weeks by week and outcome, oldest first, zero-filled', async () => {
    const figures = figuresOf(await principal.ok(FIGURES, { id: acme.gid }));
    const weeks = figures.requestsByWeek!;
    expect(weeks.map((week) => week.weekStart)).toEqual(lastWeeks(new Date(), 12).map(day));
    expect(nonEmpty(weeks)).toEqual([
      `${day(weekAgo(3))}: 3 1 0 0 2`,
      `${day(weekAgo(1))}: 2 1 1 0 0`,
      `${day(weekAgo(0))}: 3 1 0 2 0`,
    ]);
    const longer = figuresOf(await principal.ok(FIGURES, { id: acme.gid, weeks: 13 })).requestsByWeek!;
    expect(longer).toHaveLength(13);
    expect(nonEmpty(longer)[0]).toBe(`${day(weekAgo(12))}: 1 1 0 0 0`);
  });

  it('gives a unit admin the figures of its unit subtree only', async () => {
    const figures = figuresOf(await unitAdmin.ok(FIGURES, { id: acme.gid, weeks: 13 }));
    expect(figures.membersByStatus).toEqual([
      { status: 'ACTIVE', count: 3 },
      { status: 'BLOCKED', count: 1 },
      { status: 'ARCHIVED', count: 0 },
    ]);
    expect(nonEmpty(figures.requestsByWeek!)).toEqual([
      `${day(weekAgo(12))}: 1 1 0 0 0`,
      `${day(weekAgo(3))}: 1 1 0 0 0`,
      `${day(weekAgo(1))}: 1 0 1 0 0`,
      `${day(weekAgo(0))}: 1 0 0 1 0`,
    ]);
  });

  it('gives a plain member no figure at all', async () => {
    const figures = figuresOf(await plain.ok(FIGURES, { id: acme.gid }));
    expect(figures).toEqual({ membersByStatus: null, requestsByWeek: null });
  });

  it('seals the figures from another organisation’s admin, which sees only its own', async () => {
    const sealed = await otherAdmin.gql(FIGURES, { id: acme.gid });
    expect(sealed.data?.node ?? null).toBeNull();
    expect(JSON.stringify(sealed)).not.toMatch(/"count":[1-9]|"submitted":[1-9]/);
    const own = figuresOf(await otherAdmin.ok(FIGURES, { id: other.gid }));
    expect(own.membersByStatus).toEqual([
      { status: 'ACTIVE', count: 1 },
      { status: 'BLOCKED', count: 1 },
      { status: 'ARCHIVED', count: 0 },
    ]);
    expect(nonEmpty(own.requestsByWeek!)).toEqual([`${day(weekAgo(0))}: 1 0 0 1 0`]);
    const anonymous = await t.client().gql(FIGURES, { id: acme.gid });
    expect(anonymous.data?.node ?? null).toBeNull();
  });

  it('refuses a range outside 1 to 53 weeks with a typed error naming the argument', async () => {
    for (const weeks of [0, 54, -3]) {
      const result = await principal.gql(FIGURES, { id: acme.gid, weeks });
      expect(JSON.stringify(result.errors)).toMatch(/weeks/);
      expect(JSON.stringify(result.errors)).toMatch(/INVALID_INPUT/);
      expect(JSON.stringify(result.errors)).not.toMatch(/INTERNAL/);
    }
  });

  it('costs one grouped statement per figure', async () => {
    const base = `query Base($id: ID!) { node(id: $id) { ... on Organisation { id figures { __typename } } } }`;
    const one = `query One($id: ID!) { node(id: $id) { ... on Organisation { id figures { membersByStatus { status count } } } } }`;
    const both = `query Both($id: ID!) { node(id: $id) { ... on Organisation { id figures {
      membersByStatus { status count } requestsByWeek(weeks: 53) { weekStart submitted }
    } } } }`;
    const run = async (query: string) => {
      await log.gql(principal, query, { id: acme.gid }); // warm: topology cached, session touched
      const result = await log.gql(principal, query, { id: acme.gid });
      expect(result.errors).toBeUndefined();
      return result.sql;
    };
    const [baseSql, oneSql, bothSql] = [await run(base), await run(one), await run(both)];
    expect(oneSql.length - baseSql.length).toBe(1);
    expect(bothSql.length - baseSql.length).toBe(2);
    const figures = bothSql.filter((text) => /group by/i.test(text));
    expect(figures).toHaveLength(2);
    expect(figures.filter((text) => /from member m/.test(text))).toHaveLength(1);
    expect(figures.filter((text) => /from access_request r/.test(text))).toHaveLength(1);
  });
});
