import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mutate, rawId, roleId } from './access-fixtures.js';
import { startTestApp, type TestApp, type TestClient } from './app.js';
import { waitUntil } from './spawn.js';
import { actingOrganisationId, ERROR_FIELDS, memberIdOf, sql } from './tenants.js';

/**
 * A delegation stays temporary (rule 1): what a delegate may do under it never outlives it. It cannot name admin
 * roles (itself or an accomplice, with no end), and nobody gives itself service roles directly.
 */
let t: TestApp;
let marc: TestClient;
let yves: TestClient;
let morgesId: string;
let yvesId: string;
let lucieId: string;

const CREATE = `mutation($input: CreateDelegationInput!) {
  createDelegation(input: $input) { ${ERROR_FIELDS} ... on MutationCreateDelegationSuccess { data { id state } } } }`;
const REVOKE = `mutation($input: RevokeDelegationInput!) {
  revokeDelegation(input: $input) { ${ERROR_FIELDS} ... on MutationRevokeDelegationSuccess { data { id state } } } }`;
const NAME = `mutation($input: NameAdministratorInput!) {
  nameAdministrator(input: $input) { ${ERROR_FIELDS} ... on MutationNameAdministratorSuccess { data { id kind } } } }`;
const ADMINISTRATORS = `query($id: ID!) { administrators(organisationId: $id, first: 5) { edges { node { id } } } }`;
const mayReadAdministrators = async (client: TestClient) =>
  !(await client.gql(ADMINISTRATORS, { id: morgesId })).errors?.length;
const rolesOf = (email: string) =>
  sql<{ kind: string }>(
    t,
    `select r.kind from admin_role r join member m on m.id = r.member_id join person p on p.id = m.person_id
      where p.email = $1`,
    [email],
  );

beforeAll(async () => {
  t = await startTestApp({ BACKGROUND_SCHEDULE: 'off' });
  [marc, yves] = await Promise.all([t.as('marc.favre@morges.demo'), t.as('yves.perret@morges.demo')]);
  morgesId = await actingOrganisationId(marc);
  [yvesId, lucieId] = await Promise.all([
    memberIdOf(t, 'yves.perret@morges.demo'),
    memberIdOf(t, 'lucie.blanc@morges.demo'),
  ]);
});
afterAll(async () => t?.stop());

async function delegateReferentToYves(): Promise<string> {
  const created = await marc.ok(CREATE, {
    input: {
      kind: 'REFERENT',
      reason: 'Vacances',
      delegateId: yvesId,
      endsAt: new Date(Date.now() + 86_400_000).toISOString(),
    },
  });
  expect(created.createDelegation.data.state).toBe('ACTIVE');
  return created.createDelegation.data.id;
}

describe('a delegate cannot make its delegation permanent (rule 1)', () => {
  it('names no admin role, for itself or another, and loses everything at the revoke', async () => {
    expect(await mayReadAdministrators(yves)).toBe(false);
    const delegationId = await delegateReferentToYves();
    expect(await mayReadAdministrators(yves)).toBe(true); // the delegation works
    for (const memberId of [yvesId, lucieId]) {
      const named = await yves.ok(NAME, { input: { memberId, kind: 'SUBSTITUTE_REFERENT' } });
      expect(named.nameAdministrator).toMatchObject({ __typename: 'NotAuthorisedError' });
    }
    expect(await rolesOf('yves.perret@morges.demo')).toEqual([]);
    expect(await rolesOf('lucie.blanc@morges.demo')).toEqual([]);
    expect((await marc.ok(REVOKE, { input: { delegationId } })).revokeDelegation.data.state).toBe('REVOKED');
    expect(await mayReadAdministrators(yves)).toBe(false);
  });

  it('gives itself no service role directly, as its viewerCan says', async () => {
    const chaman = await roleId(t, 'CHAMAN', 'gestion');
    const delegationId = await delegateReferentToYves();
    const view = await yves.ok(
      `query($id: ID!) { node(id: $id) { ... on Member { viewerCan { manageGrants } grantableRoles { id } } } }`,
      { id: yvesId },
    );
    expect(view.node).toEqual({ viewerCan: { manageGrants: false }, grantableRoles: [] });
    const payload = await mutate(
      yves,
      'grantToMember',
      'MemberGrantInput',
      { memberId: yvesId, serviceRoleId: chaman },
      'id',
    );
    expect(payload).toMatchObject({ __typename: 'NotAuthorisedError' });
    // Granting another member is what the delegation is for.
    const other = await mutate(
      yves,
      'grantToMember',
      'MemberGrantInput',
      { memberId: lucieId, serviceRoleId: chaman },
      'id',
    );
    expect(other.__typename).toBe('MutationGrantToMemberSuccess');
    await marc.ok(REVOKE, { input: { delegationId } });
    const grants = await sql<{ n: number }>(
      t,
      `select count(*)::int as n from service_grant g join member m on m.id = g.member_id join person p on p.id = m.person_id
        where p.email = 'yves.perret@morges.demo' and g.group_id is null`,
    );
    expect(grants[0]!.n).toBe(0);
  });

  it('creates no member once the delegation was revoked while the creation waited for the organisation (rule 8)', async () => {
    const delegationId = await delegateReferentToYves();
    const delegationRaw = Buffer.from(delegationId, 'base64').toString().split(':')[1]!;
    const holder = new pg.Client({ connectionString: t.databaseUrl });
    await holder.connect();
    let pending: Promise<Record<string, unknown>> | undefined;
    try {
      await holder.query('begin');
      await holder.query('select id from organisation where id = $1 for update', [rawId(morgesId)]);
      pending = mutate(
        yves,
        'createMember',
        'CreateMemberInput',
        {
          lastName: 'Tardif',
          firstName: 'Cas',
          email: 'cas.tardif@morges.demo',
          emailConfirmation: 'cas.tardif@morges.demo',
          mobility: 'DESK',
        },
        'member { id }',
      );
      // The creation has decided once and now waits for the organisation's row: a signal, not a sleep.
      await waitUntil(
        async () => {
          const { rows } = await holder.query(
            `select count(*)::int as n from pg_stat_activity
            where datname = current_database() and wait_event_type = 'Lock' and pid <> pg_backend_pid()`,
          );
          return rows[0].n > 0;
        },
        10_000,
        'the creation waiting for the organisation lock',
      );
      await holder.query('update delegation set revoked_at = now() where id = $1', [delegationRaw]);
      await holder.query('commit');
    } finally {
      await holder.end();
    }
    expect(await pending).toMatchObject({ __typename: 'NotAuthorisedError' });
    const created = await sql(t, `select 1 from person where email = 'cas.tardif@morges.demo'`);
    expect(created).toEqual([]);
  });
});
