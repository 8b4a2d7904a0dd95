import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { continuityOfOrganisations } from '../src/modules/reviews/continuity.repository.js';
import { rawId } from './access-fixtures.js';
import { startTestApp, type TestApp, type TestClient } from './app.js';
import { graphql, type ResultOf } from './graphql.js';
import { actingOrganisationId, sql } from './tenants.js';

let t: TestApp;
let operator: TestClient;
let claire: TestClient;
let nadia: TestClient;
let paul: TestClient;
let lucie: TestClient;
let morgesId: string;

beforeAll(async () => {
  t = await startTestApp({ BACKGROUND_SCHEDULE: 'off' });
  [operator, claire, nadia, paul, lucie] = await Promise.all([
    t.as('operateur@tessera.demo'),
    t.as('claire.morel@morges.demo'),
    t.as('nadia.keller@morges.demo'),
    t.as('paul.girard@lumiere.demo'),
    t.as('lucie.blanc@morges.demo'),
  ]);
  morgesId = await actingOrganisationId(claire);
});
afterAll(async () => t?.stop());

const CONTINUITY = graphql(`query Continuity($id: ID!, $kind: FindingKind, $first: Int, $after: String) {
  node(id: $id) { ... on Organisation {
    referentShortage
    continuity {
      inactiveAfterDays viewerCanSetThreshold total counts { kind count } membersByStatus { status count }
      findings(kind: $kind, first: $first, after: $after) {
        edges { node { kind key referentCount organisationWide unit { name referentShortage } member { person { email } } adminRole { kind } serviceRole { id } group { name } } }
        pageInfo { hasNextPage endCursor }
      }
    }
  } }
}`);

const ROLES = graphql(`query RolesWithFindings($id: ID!) {
  administrators(organisationId: $id, first: 50) {
    edges { node { id kind member { person { email } } removalCreatesFindings { kind referentCount organisationWide unit { name } } } }
  }
}`);

const SET_THRESHOLD = graphql(`mutation SetThreshold($input: SetInactivityThresholdInput!) {
  setInactivityThreshold(input: $input) {
    __typename ... on Error { code message } ... on InvalidInputError { field } ... on ConflictError { field }
    ... on MutationSetInactivityThresholdSuccess { data { id version } }
  }
}`);

const REMOVE = graphql(`mutation RemoveReferent($input: RemoveAdministratorInput!) {
  removeAdministrator(input: $input) { __typename ... on Error { code message } ... on MutationRemoveAdministratorSuccess { data } }
}`);

type ContinuityData = ResultOf<typeof CONTINUITY>;
type Finding = ReturnType<typeof nodes>[number];

/** The organisation of a continuity answer (the node is an Organisation, or the test fails). */
function orgOf(data: ContinuityData) {
  const node = data.node;
  if (!node || !('continuity' in node)) throw new Error(`not an organisation: ${JSON.stringify(data)}`);
  return node;
}
const countOf = (data: ContinuityData, kind: string) =>
  orgOf(data).continuity!.counts.find((c) => c.kind === kind)!.count;
const nodes = (data: ContinuityData) => orgOf(data).continuity!.findings.edges.map((e) => e.node);
const unitNames = (data: ContinuityData) =>
  nodes(data)
    .filter((f) => f.kind === 'FEWER_THAN_TWO_REFERENTS' && f.unit)
    .map((f) => `${f.unit!.name}:${f.referentCount}`)
    .sort();

describe('continuity checks (guide 003)', () => {
  it('shows the principal admin every unit with fewer than two referents, with a badge on each', async () => {
    const data = await claire.ok(CONTINUITY, { id: morgesId });
    expect(orgOf(data).referentShortage).toBeNull();
    expect(orgOf(data).continuity!.inactiveAfterDays).toBe(180);
    expect(orgOf(data).continuity!.viewerCanSetThreshold).toBe(true);
    expect(unitNames(data)).toEqual([
      'Administration générale:0',
      'Service de la population:0',
      'Service financier:0',
    ]);
    expect(nodes(data).every((f: Finding) => !f.unit || f.unit.referentShortage === 'NONE')).toBe(true);
    expect(countOf(data, 'FEWER_THAN_TWO_REFERENTS')).toBe(3);
    expect(countOf(data, 'NO_PRINCIPAL_ADMIN')).toBe(0);
    expect(orgOf(data).continuity!.total).toBe(
      orgOf(data).continuity!.counts.reduce((sum, c) => sum + c.count, 0),
    );
  });

  it('pages the findings with keyset cursors and filters them by kind', async () => {
    const first = await claire.ok(CONTINUITY, { id: morgesId, kind: 'FEWER_THAN_TWO_REFERENTS', first: 2 });
    expect(nodes(first)).toHaveLength(2);
    expect(orgOf(first).continuity!.findings.pageInfo.hasNextPage).toBe(true);
    const rest = await claire.ok(CONTINUITY, {
      id: morgesId,
      kind: 'FEWER_THAN_TWO_REFERENTS',
      first: 2,
      after: orgOf(first).continuity!.findings.pageInfo.endCursor,
    });
    expect(nodes(rest)).toHaveLength(1);
    expect(orgOf(rest).continuity!.findings.pageInfo.hasNextPage).toBe(false);
    const keys = [...nodes(first), ...nodes(rest)].map((f: Finding) => f.key);
    expect(new Set(keys).size).toBe(3);
    const forged = await claire.gql(CONTINUITY, { id: morgesId, after: 'bm90LWEtY3Vyc29y' });
    expect(forged.errors?.[0]?.extensions?.code).toBe('INVALID_INPUT');
  });

  it('shows a unit admin only the findings within its unit', async () => {
    const data = await nadia.ok(CONTINUITY, { id: morgesId });
    expect(unitNames(data)).toEqual(['Service de la population:0']);
    expect(orgOf(data).continuity!.viewerCanSetThreshold).toBe(false);
    // Nadia and Lucie sit in the Population service.
    expect(orgOf(data).continuity!.membersByStatus).toEqual([
      { status: 'ACTIVE', count: 2 },
      { status: 'BLOCKED', count: 0 },
      { status: 'ARCHIVED', count: 0 },
    ]);
    expect(orgOf(data).referentShortage).toBeNull(); // it may not read the organisation's members as a whole
    for (const finding of nodes(data)) expect(finding.kind).not.toBe('ATTACHED_NOWHERE');
  });

  it('records the last sign-in and flags accounts unused for longer than the organisation threshold', async () => {
    // Lucie signed in acting for Morges (its only organisation): the session's trigger recorded it on her member.
    const [lucieRow] = await sql<{ last_sign_in_at: Date | null }>(
      t,
      `select m.last_sign_in_at from member m join person p on p.id = m.person_id
        where p.email = 'lucie.blanc@morges.demo'`,
    );
    expect(lucieRow!.last_sign_in_at).not.toBeNull();
    expect(Date.now() - lucieRow!.last_sign_in_at!.getTime()).toBeLessThan(10 * 60_000);

    await sql(
      t,
      `update member set last_sign_in_at = now() - interval '200 days'
        where person_id = (select id from person where email = 'lucie.blanc@morges.demo')`,
    );
    let data = await claire.ok(CONTINUITY, { id: morgesId, kind: 'INACTIVE_ACCOUNT' });
    expect(nodes(data).map((f: Finding) => f.member!.person.email)).toContain('lucie.blanc@morges.demo');
    // Lucie sits in Nadia's unit: Nadia sees it too.
    const nadiaData = await nadia.ok(CONTINUITY, { id: morgesId, kind: 'INACTIVE_ACCOUNT' });
    expect(nodes(nadiaData).map((f: Finding) => f.member!.person.email)).toEqual(['lucie.blanc@morges.demo']);

    const set = await claire.ok(SET_THRESHOLD, {
      input: { organisationId: morgesId, inactiveAfterDays: 365 },
    });
    expect(set.setInactivityThreshold.__typename).toBe('MutationSetInactivityThresholdSuccess');
    data = await claire.ok(CONTINUITY, { id: morgesId, kind: 'INACTIVE_ACCOUNT' });
    expect(orgOf(data).continuity!.inactiveAfterDays).toBe(365);
    expect(nodes(data).map((f: Finding) => f.member!.person.email)).not.toContain('lucie.blanc@morges.demo');
    const [event] = await sql<{ before: unknown; after: unknown }>(
      t,
      `select before, after from audit_event where action = 'organisation.inactivity-threshold-set' order by id desc limit 1`,
    );
    expect(event).toMatchObject({ before: { inactiveAfterDays: 180 }, after: { inactiveAfterDays: 365 } });
  });

  it('refuses a threshold out of bounds with a typed error, and a stale version', async () => {
    for (const inactiveAfterDays of [0, 6, 3651, -5]) {
      const data = await claire.ok(SET_THRESHOLD, { input: { organisationId: morgesId, inactiveAfterDays } });
      expect(data.setInactivityThreshold).toMatchObject({
        code: 'INVALID_INPUT',
        field: 'inactiveAfterDays',
      });
    }
    const stale = await claire.ok(SET_THRESHOLD, {
      input: { organisationId: morgesId, inactiveAfterDays: 90, expectedVersion: 0 },
    });
    expect(stale.setInactivityThreshold).toMatchObject({ code: 'CONFLICT', field: 'expectedVersion' });
  });

  it('flags roles still held by archived or blocked members, expired delegations and suspended grants', async () => {
    await sql(
      t,
      `update member set status = 'BLOCKED' where person_id = (select id from person where email = 'nadia.keller@morges.demo')`,
    );
    await sql(
      t,
      `update admin_role set valid_until = now() - interval '1 day'
        where member_id = (select m.id from member m join person p on p.id = m.person_id where p.email = 'marc.favre@morges.demo')`,
    );
    // The agreement no longer lists the role Comptabilité holds (seed): its grant is suspended.
    await sql(t, `delete from agreement_item where organisation_id = $1`, [rawId(morgesId)]);
    const data = await claire.ok(CONTINUITY, { id: morgesId });
    const held = nodes(data).filter((f: Finding) => f.kind === 'ROLE_HELD_BY_INACTIVE_MEMBER');
    expect(held.map((f: Finding) => `${f.member!.person.email}:${f.adminRole!.kind}`)).toEqual([
      'nadia.keller@morges.demo:UNIT_ADMIN',
    ]);
    const expired = nodes(data).filter((f: Finding) => f.kind === 'DELEGATION_EXPIRED');
    expect(expired.map((f: Finding) => `${f.member!.person.email}:${f.adminRole!.kind}`)).toEqual([
      'marc.favre@morges.demo:REFERENT',
    ]);
    // Marc's referent role no longer counts: the organisation has one referent left.
    expect(orgOf(data).referentShortage).toBe('ONE');
    const suspended = nodes(data).filter((f: Finding) => f.kind === 'GRANT_SUSPENDED');
    expect(suspended.map((f: Finding) => [f.group?.name, Boolean(f.serviceRole)])).toEqual([
      ['Comptabilité', true],
    ]);
    await sql(
      t,
      `update member set status = 'ACTIVE' where person_id = (select id from person where email = 'nadia.keller@morges.demo')`,
    );
    await sql(
      t,
      `update admin_role set valid_until = null
        where member_id = (select m.id from member m join person p on p.id = m.person_id where p.email = 'marc.favre@morges.demo')`,
    );
  });

  it('loads its inputs in a constant number of statements, whatever the organisation size', async () => {
    const statements: string[] = [];
    const knex = t.app.services.orm.em.getConnection().getKnex();
    const listener = (query: { sql: string }) => statements.push(query.sql);
    knex.on('query', listener);
    try {
      const em = t.app.services.orm.em.fork();
      statements.length = 0;
      await continuityOfOrganisations(em, [rawId(morgesId)], new Date());
      const small = statements.length;
      await sql(
        t,
        `insert into person (id, created_at, first_name, last_name, email, must_change_password, is_operator_admin)
           select gen_random_uuid(), now(), 'Agent', 'Cc' || i, 'cc.' || i || '@morges.demo', false, false from generate_series(1, 60) i;
         insert into member (id, created_at, organisation_id, person_id, status, opening_date, sort_name)
           select gen_random_uuid(), now(), $1, p.id, 'ACTIVE', current_date, lower(p.last_name) from person p where p.email like 'cc.%@morges.demo';`.replace(
          '$1',
          `'${rawId(morgesId)}'`,
        ),
      );
      statements.length = 0;
      const all = await continuityOfOrganisations(em, [rawId(morgesId)], new Date());
      expect(statements.length).toBe(small);
      expect(small).toBeLessThanOrEqual(6);
      expect(all.get(rawId(morgesId))!.findings.filter((f) => f.kind === 'ATTACHED_NOWHERE').length).toBe(60);
    } finally {
      knex.off('query', listener);
    }
  });
});

describe('the warning before removing a referent', () => {
  it('says removing the substitute referent leaves the organisation with one, then the checks show it', async () => {
    const roles = (await claire.ok(ROLES, { id: morgesId })).administrators.edges.map((e) => e.node);
    const julie = roles.find((r) => r.member.person.email === 'julie.rochat@morges.demo')!;
    expect(julie.removalCreatesFindings).toEqual([
      { kind: 'FEWER_THAN_TWO_REFERENTS', referentCount: 1, organisationWide: true, unit: null },
    ]);
    const nadiaRole = roles.find((r) => r.member.person.email === 'nadia.keller@morges.demo')!;
    expect(nadiaRole.removalCreatesFindings).toEqual([]);

    const removed = await claire.ok(REMOVE, { input: { adminRoleId: julie.id } });
    expect(removed.removeAdministrator.__typename).toBe('MutationRemoveAdministratorSuccess');
    const data = await claire.ok(CONTINUITY, { id: morgesId, kind: 'FEWER_THAN_TWO_REFERENTS' });
    expect(orgOf(data).referentShortage).toBe('ONE');
    expect(nodes(data).filter((f: Finding) => f.organisationWide)).toEqual([
      expect.objectContaining({ kind: 'FEWER_THAN_TWO_REFERENTS', referentCount: 1, unit: null }),
    ]);
  });
});

describe('who may see the checks (attacks)', () => {
  it('hides them from another organisation’s admin, a plain member and anonymous', async () => {
    const other = await paul.gql(CONTINUITY, { id: morgesId });
    expect(other.data?.node ?? null).toBeNull();
    expect(other.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

    const plain = await lucie.gql(CONTINUITY, { id: morgesId });
    const plainNode = plain.data?.node;
    const plainOrg = plainNode && 'continuity' in plainNode ? plainNode : null;
    expect(plainOrg?.continuity ?? null).toBeNull();
    expect(plainOrg?.referentShortage ?? null).toBeNull();
    expect(plain.errors?.[0]?.extensions?.code).toBe('NOT_AUTHORISED');

    const anonymous = await t.client().gql(CONTINUITY, { id: morgesId });
    expect(anonymous.data?.node ?? null).toBeNull();
    expect(anonymous.errors?.length).toBeGreaterThan(0);
  });

  it('lets the operator see them, and refuses the threshold to everyone but organisation-wide reviewers', async () => {
    const seen = await operator.ok(CONTINUITY, { id: morgesId });
    expect(orgOf(seen).continuity!.total).toBeGreaterThan(0);

    const input = { organisationId: morgesId, inactiveAfterDays: 30 };
    expect((await paul.ok(SET_THRESHOLD, { input })).setInactivityThreshold).toMatchObject({
      code: 'NOT_FOUND',
    });
    expect((await nadia.ok(SET_THRESHOLD, { input })).setInactivityThreshold).toMatchObject({
      code: 'NOT_AUTHORISED',
    });
    expect((await lucie.ok(SET_THRESHOLD, { input })).setInactivityThreshold).toMatchObject({
      code: 'NOT_AUTHORISED',
    });
    const anonymous = await t.client().gql(SET_THRESHOLD, { input });
    const refused = anonymous.data?.setInactivityThreshold;
    expect(
      anonymous.errors?.[0]?.extensions?.code ?? (refused && 'code' in refused ? refused.code : null),
    ).toBe('NOT_AUTHORISED');
    const [row] = await sql<{ inactive_after_days: number }>(
      t,
      `select inactive_after_days from organisation where id = $1`,
      [rawId(morgesId)],
    );
    expect(row!.inactive_after_days).toBe(365);
  });

  it('does not answer the removal warning for another organisation’s role', async () => {
    const [role] = await sql<{ id: string }>(
      t,
      `select id from admin_role where organisation_id = $1 limit 1`,
      [rawId(morgesId)],
    );
    const probe = await paul.gql(
      `query($id: ID!) { node(id: $id) { ... on AdminRole { removalCreatesFindings { kind } } } }`,
      {
        id: Buffer.from(`AdminRole:${role!.id}`).toString('base64'),
      },
    );
    expect(probe.data?.node ?? null).toBeNull();
  });
});
