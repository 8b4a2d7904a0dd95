import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestClient } from './app.js';
import { type BuiltMember, type BuiltOrganisation, testData } from './builders.js';
import { type StatementLog, statementLog } from './statements.js';
import { sql } from './tenants.js';
import { webDocument } from './web-documents.js';

/**
 * What the SPA's pages cost in SQL statements (issue 13), counted on the wire (BEGIN and COMMIT included) for a
 * signed-in principal administrator, in organisations whose page holds 10, 50 and 100 members with units, groups
 * (one nested, some memberships blocked) and direct grants. Each document runs once warm first: the
 * topology is cached in process once read and the session's lastSeenAt is written at most once a minute.
 */
const SIZES = [10, 50, 100] as const;
type Size = (typeof SIZES)[number];

interface Organisation {
  organisation: BuiltOrganisation;
  admin: TestClient;
  /** a member with units, groups (one blocked) and a direct grant */
  subject: BuiltMember;
  roles: Record<string, string>;
}

let t: TestApp;
let log: StatementLog;
const organisations = new Map<Size, Organisation>();
/** What each document cost, by page size: printed at the end so the note can quote it. */
const measured: Record<string, Partial<Record<Size, number>>> = {};

const MEMBERS = webDocument('Members');
const MEMBER_DETAIL = webDocument('MemberDetail');
const MEMBER_ACCESS = webDocument('MemberAccess');
const SUBMIT = webDocument('SubmitServiceAccessRequest');
/** The members list as the SPA asks it, with each member's groups and effective access (within the cost budget at 100). */
const MEMBERS_WITH_ACCESS = MEMBERS.replace(
  /units \{\s*id\s*name\s*\}/,
  `units { id name }
          groups { blocked group { name } }
          effectiveAccess {
            services { service { name } roles { serviceRole { name } } }
            suspended { serviceRole { name } }
          }`,
);

beforeAll(async () => {
  t = await startTestApp({ BACKGROUND_SCHEDULE: 'off' });
  log = statementLog(t);
  const data = testData(t);
  const agreement = ['COMMANDE/commande', 'FACTURE/consultation', 'FACTURE/validation', 'CDAP/saisie'];
  for (const size of SIZES) {
    const organisation = await data.organisation({ agreement });
    const north = await data.unit(organisation, { name: 'Nord' });
    const south = await data.unit(organisation, { name: 'Sud', parent: north });
    const adminMember = await data.member(organisation, {
      firstName: 'Aline',
      lastName: 'Admin',
      units: [north],
    });
    await data.adminRole(adminMember, 'PRINCIPAL_ADMIN');
    // a second administrator, so that a submitted request notifies someone (in the app and by e-mail)
    const coAdmin = await data.member(organisation, {
      firstName: 'Bruno',
      lastName: 'Admin',
      units: [south],
    });
    await data.adminRole(coAdmin, 'CO_ADMIN');
    const reception = await data.group(organisation, { name: 'Accueil', unit: north });
    const desk = await data.group(organisation, { name: 'Guichet', parent: reception });
    await data.grant('COMMANDE/commande', { group: reception });
    await data.grant('FACTURE/consultation', { group: desk });
    const members: BuiltMember[] = [];
    for (let i = 0; i < size; i++) {
      const member = await data.member(organisation, {
        firstName: 'Agent',
        lastName: `Page${String(i).padStart(3, '0')}`,
        units: [i % 2 ? north : south],
      });
      members.push(member);
      if (i % 3 === 0) await data.grant('FACTURE/validation', { member });
    }
    await data.addToGroup(
      reception,
      members.filter((_, i) => i % 2 === 0),
    );
    await data.addToGroup(
      desk,
      members.filter((_, i) => i % 4 === 0 && i % 8 !== 0),
      { blocked: false },
    );
    await data.addToGroup(
      desk,
      members.filter((_, i) => i % 8 === 0),
      { blocked: true },
    );
    const roles: Record<string, string> = {};
    for (const code of agreement) roles[code] = (await data.serviceRole(code)).gid;
    organisations.set(size, {
      organisation,
      admin: await data.signIn(adminMember),
      subject: members[0]!,
      roles,
    });
  }
}, 120_000);
afterAll(async () => {
  if (Object.keys(measured).length) console.info('statements per document', JSON.stringify(measured));
  await t?.stop();
});

function record(label: string, size: Size, statements: number) {
  measured[label] = { ...measured[label], [size]: statements };
}

/** Runs `query` once warm, then counts the statements of a second identical run. */
async function count(size: Size, label: string, query: string, variables: Record<string, unknown>) {
  const { admin } = organisations.get(size)!;
  const warm = await log.gql(admin, query, variables);
  expect(warm.errors).toBeUndefined();
  const run = await log.gql(admin, query, variables);
  expect(run.errors).toBeUndefined();
  record(label, size, run.sql.length);
  if (process.env.PRINT_SQL) console.info(label, size, run.sql);
  return run;
}

describe.each(SIZES)('statements per document, %i members on the page', (size) => {
  const variables = () => ({ organisationId: organisations.get(size)!.organisation.gid, first: size });

  it("the SPA's member list", async () => {
    const run = await count(size, 'Members', MEMBERS, variables());
    const edges = (run.data!.members as { edges: { node: { units: unknown[] } }[] }).edges;
    // the page really holds `size` members (of the organisation's size + 2, its two administrators included)
    expect(edges).toHaveLength(size);
    expect(edges.every((edge) => edge.node.units.length === 1)).toBe(true);
    // the acting statement, and the page with each member's bundle (person, units, groups, roles) and the
    // totalCount the SPA asks for, counted in the page's statement (3 before: the count was its own)
    expect(run.sql.length).toBeLessThanOrEqual(2);
  });

  it('the member list with groups and effective access', async () => {
    const run = await count(size, 'Members+access', MEMBERS_WITH_ACCESS, variables());
    const edges = (
      run.data!.members as {
        edges: { node: { groups: unknown[]; effectiveAccess: { services: unknown[] } } }[];
      }
    ).edges;
    expect(edges).toHaveLength(size);
    // what is counted is really carried: groups and services on the page
    expect(edges.some((edge) => edge.node.groups.length > 0)).toBe(true);
    expect(edges.some((edge) => edge.node.effectiveAccess.services.length > 0)).toBe(true);
    // Target 3 (issue 13) reached: acting, the page with bundles and its totalCount, effective-access inputs
    // (4 before the count joined the page's statement, 16 before the bundles).
    expect(run.sql.length).toBeLessThanOrEqual(3);
  });

  it('member detail', async () => {
    const { subject } = organisations.get(size)!;
    const run = await count(size, 'MemberDetail', MEMBER_DETAIL, { id: subject.gid });
    expect((run.data!.node as { id: string }).id).toBe(subject.gid);
    expect(run.sql.length).toBeLessThanOrEqual(3);
  });

  it('the access panel', async () => {
    const { subject } = organisations.get(size)!;
    const run = await count(size, 'MemberAccess', MEMBER_ACCESS, { id: subject.gid });
    const node = run.data!.node as { id: string; effectiveAccess: { services: unknown[] } };
    expect(node.id).toBe(subject.gid);
    expect(node.effectiveAccess.services.length).toBeGreaterThan(0);
    expect(run.sql.length).toBeLessThanOrEqual(3);
  });

  it('submitting a request', async () => {
    const { admin, roles } = organisations.get(size)!;
    // warm with one role, count another: a second request for the same role would be refused
    const warm = await log.gql(admin, SUBMIT, { input: { serviceRoleId: roles['CDAP/saisie'] } });
    expect((warm.data!.submitServiceAccessRequest as { __typename: string }).__typename).toBe(
      'MutationSubmitServiceAccessRequestSuccess',
    );
    const run = await log.gql(admin, SUBMIT, { input: { serviceRoleId: roles['FACTURE/validation'] } });
    expect(run.errors).toBeUndefined();
    expect((run.data!.submitServiceAccessRequest as { __typename: string }).__typename).toBe(
      'MutationSubmitServiceAccessRequestSuccess',
    );
    record('SubmitServiceAccessRequest', size, run.sql.length);
    if (process.env.PRINT_SQL) console.info('SubmitServiceAccessRequest', size, run.sql);
    // Target 6 (issue 13) met: the acting statement, BEGIN, the member's row lock (rule 8: one waiting request
    // per role, test/request-concurrency.int.test.ts), one statement reading all the submission needs (member,
    // role, agreement and effective-access inputs, waiting requests, scope, deciders, topology), one inserting
    // request, step, audit event, notifications and outbox messages, COMMIT = 6 (18 before, 22 earlier).
    expect(run.sql.length).toBeLessThanOrEqual(6);
    expect(run.sql.filter((text) => /^\s*(with|select|insert|update|delete)\b/i.test(text))).toHaveLength(4);
    // the co-administrator is told: its notification and e-mail are in that one insert
    const write = run.sql.find((text) => /insert into "access_request"/.test(text));
    expect(write).toMatch(/insert into "notification"/);
    expect(write).toMatch(/insert into "outbox_message"/);
  });
});

describe('the acting context', () => {
  it('a warm signed-in { __typename } pays at most one statement', async () => {
    const { admin } = organisations.get(10)!;
    await log.gql(admin, '{ __typename }');
    const run = await log.gql(admin, '{ __typename }');
    expect(run.data).toEqual({ __typename: 'Query' });
    expect(run.sql.length).toBeLessThanOrEqual(1);
  });
});

describe('the catalogue cache', () => {
  it('costs a warm request no statement, and a change of the catalogue is seen by the next request', async () => {
    const { admin, subject } = organisations.get(10)!;
    const names = (data: Record<string, unknown> | null | undefined) =>
      (
        data!.node as { effectiveAccess: { services: { service: { name: string } }[] } }
      ).effectiveAccess.services
        .map((entry) => entry.service.name)
        .sort();
    await log.gql(admin, MEMBER_ACCESS, { id: subject.gid });
    const warm = await log.gql(admin, MEMBER_ACCESS, { id: subject.gid });
    expect(warm.sql.filter((text) => /from service\b|"service"/.test(text))).toEqual([]);
    expect(names(warm.data)).toContain('Commande fixe');
    // a writer outside the API (as the owner, raw SQL): the trigger bumps the version all the same
    await sql(t, `update service set name = 'Commande renommée' where code = 'COMMANDE'`);
    try {
      const after = await log.gql(admin, MEMBER_ACCESS, { id: subject.gid });
      expect(names(after.data)).toContain('Commande renommée');
      expect(names(after.data)).not.toContain('Commande fixe');
    } finally {
      await sql(t, `update service set name = 'Commande fixe' where code = 'COMMANDE'`);
    }
    const back = await log.gql(admin, MEMBER_ACCESS, { id: subject.gid });
    expect(names(back.data)).toContain('Commande fixe');
  });
});
