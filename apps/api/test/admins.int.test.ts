import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestClient } from './app.js';
import { graphql, type ResultOf } from './graphql.js';
import { actingOrganisationId, ERROR_FIELDS, idOf, memberIdOf, siren, sql } from './tenants.js';

let t: TestApp;
let operator: TestClient;
let claire: TestClient;
let marc: TestClient;
let nadia: TestClient;
let paul: TestClient;
let sophie: TestClient;
let morgesId: string;
let lumiereId: string;
let populationId: string;

beforeAll(async () => {
  t = await startTestApp();
  [operator, claire, marc, nadia, paul, sophie] = await Promise.all([
    t.as('operateur@tessera.demo'),
    t.as('claire.morel@morges.demo'),
    t.as('marc.favre@morges.demo'),
    t.as('nadia.keller@morges.demo'),
    t.as('paul.girard@lumiere.demo'),
    t.as('sophie.martin@lumiere.demo'),
  ]);
  [morgesId, lumiereId] = await Promise.all([actingOrganisationId(claire), actingOrganisationId(paul)]);
  populationId = await idOf(t, 'Unit', `select id from unit where name = 'Service de la population'`);
});
afterAll(async () => t?.stop());

const ADMINISTRATORS =
  graphql(`query Administrators($id: ID!, $first: Int, $after: String, $kind: AdminRoleKind) {
  administrators(organisationId: $id, first: $first, after: $after, kind: $kind) {
    edges { node { id kind scopeKind unit { name } member { person { email } } namedByOperator validUntil } }
    pageInfo { hasNextPage endCursor }
  }
}`);

const NAME = `mutation($input: NameAdministratorInput!) {
  nameAdministrator(input: $input) {
    ${ERROR_FIELDS}
    ... on MutationNameAdministratorSuccess { data { id kind scopeKind unit { name } member { person { email } } namedBy { person { email } } } }
  }
}`;

const REMOVE = `mutation($input: RemoveAdministratorInput!) {
  removeAdministrator(input: $input) { ${ERROR_FIELDS} ... on MutationRemoveAdministratorSuccess { data } }
}`;

const emails = (data: ResultOf<typeof ADMINISTRATORS>) =>
  data.administrators.edges.map((e) => `${e.node.member.person.email}:${e.node.kind}`).sort();
const roleCount = async () => (await sql(t, 'select count(*)::int as n from admin_role'))[0]!.n as number;

describe('listing administrators', () => {
  it('shows every role to organisation-wide admins', async () => {
    const expected = [
      'claire.morel@morges.demo:PRINCIPAL_ADMIN',
      'julie.rochat@morges.demo:SUBSTITUTE_REFERENT',
      'marc.favre@morges.demo:REFERENT',
      'nadia.keller@morges.demo:UNIT_ADMIN',
    ];
    expect(emails(await claire.ok(ADMINISTRATORS, { id: morgesId }))).toEqual(expected);
    expect(emails(await marc.ok(ADMINISTRATORS, { id: morgesId }))).toEqual(expected);
    expect(emails(await operator.ok(ADMINISTRATORS, { id: morgesId }))).toEqual(expected);
  });

  it('shows a unit admin only the roles of its unit subtree', async () => {
    expect(emails(await nadia.ok(ADMINISTRATORS, { id: morgesId }))).toEqual([
      'nadia.keller@morges.demo:UNIT_ADMIN',
    ]);
  });

  it('pages and filters by kind', async () => {
    const first = await claire.ok(ADMINISTRATORS, { id: morgesId, first: 3 });
    expect(first.administrators.edges).toHaveLength(3);
    expect(first.administrators.pageInfo.hasNextPage).toBe(true);
    const rest = await claire.ok(ADMINISTRATORS, {
      id: morgesId,
      first: 3,
      after: first.administrators.pageInfo.endCursor,
    });
    const ids = [...first.administrators.edges, ...rest.administrators.edges].map((e) => e.node.id);
    expect(new Set(ids).size).toBe(4);
    const referents = await claire.ok(ADMINISTRATORS, { id: morgesId, kind: 'REFERENT' });
    expect(emails(referents)).toEqual(['marc.favre@morges.demo:REFERENT']);
  });

  it('refuses another organisation’s admin', async () => {
    const result = await paul.gql(ADMINISTRATORS, { id: morgesId });
    expect(result.errors?.[0]?.extensions?.code).toBe('NOT_AUTHORISED');
    expect(JSON.stringify(result)).not.toContain('morges.demo');
  });
});

describe('naming administrators (rule 1: only below one’s own level)', () => {
  it('lets the principal admin name a co-admin, recording who named', async () => {
    const result = await claire.ok(NAME, {
      input: { memberId: await memberIdOf(t, 'julie.rochat@morges.demo'), kind: 'CO_ADMIN' },
    });
    expect(result.nameAdministrator.data).toMatchObject({
      kind: 'CO_ADMIN',
      scopeKind: 'ORGANISATION',
      member: { person: { email: 'julie.rochat@morges.demo' } },
      namedBy: { person: { email: 'claire.morel@morges.demo' } },
    });
    const [event] = await sql(
      t,
      `select acting_as, after from audit_event where action = 'admin-role.named' order by id desc limit 1`,
    );
    expect(event).toMatchObject({ acting_as: 'MEMBER', after: { kind: 'CO_ADMIN' } });
  });

  it('tells each viewer which roles it may remove (viewerCanRemove, rule 1)', async () => {
    const CAN_REMOVE = graphql(
      `query CanRemove($id: ID!) { administrators(organisationId: $id) { edges { node { viewerCanRemove member { person { email } } kind } } } }`,
    );
    const seen = async (client: TestClient) =>
      Object.fromEntries(
        (await client.ok(CAN_REMOVE, { id: morgesId })).administrators.edges.map((e) => [
          `${e.node.member.person.email}:${e.node.kind}`,
          e.node.viewerCanRemove,
        ]),
      );
    expect(await seen(claire)).toMatchObject({
      'claire.morel@morges.demo:PRINCIPAL_ADMIN': false, // the only principal admin (rule 6)
      'julie.rochat@morges.demo:CO_ADMIN': true,
      'marc.favre@morges.demo:REFERENT': true,
    });
    expect(await seen(marc)).toMatchObject({
      'claire.morel@morges.demo:PRINCIPAL_ADMIN': false,
      'julie.rochat@morges.demo:CO_ADMIN': false, // a referent is below a co-admin
      'marc.favre@morges.demo:REFERENT': false, // nor its own level
      'nadia.keller@morges.demo:UNIT_ADMIN': true,
    });
    expect(await seen(nadia)).toEqual({ 'nadia.keller@morges.demo:UNIT_ADMIN': false });
  });

  it('answers what the viewer may name and manage, with the policy of the mutations (viewerCan)', async () => {
    const PERMISSIONS = graphql(`query Permissions($id: ID!) {
      organisation: node(id: $id) { ... on Organisation { viewerCan { activate manageUnits nameAdministrators } } }
      units(organisationId: $id) { edges { node { name viewerCan { manage nameAdministrators } } } }
    }`);
    const seen = async (client: TestClient) => {
      const data = await client.ok(PERMISSIONS, { id: morgesId });
      return {
        organisation:
          data.organisation && 'viewerCan' in data.organisation ? data.organisation.viewerCan : null,
        units: Object.fromEntries(data.units.edges.map((e) => [e.node.name, e.node.viewerCan])),
      };
    };
    const asClaire = await seen(claire);
    expect(asClaire.organisation).toMatchObject({ activate: true, manageUnits: true });
    // Only below its own level (rule 1): principal admins are named by the operator.
    expect(asClaire.organisation!.nameAdministrators).toEqual(
      expect.arrayContaining(['CO_ADMIN', 'REFERENT', 'SUBSTITUTE_REFERENT']),
    );
    expect(asClaire.organisation!.nameAdministrators).not.toContain('PRINCIPAL_ADMIN');
    const asMarc = await seen(marc);
    expect(asMarc.organisation!.activate).toBe(false);
    expect(asMarc.organisation!.nameAdministrators).not.toContain('CO_ADMIN');
    expect(asMarc.organisation!.nameAdministrators).not.toContain('REFERENT');
    const asNadia = await seen(nadia);
    expect(asNadia.organisation).toEqual({ activate: false, manageUnits: false, nameAdministrators: [] });
    // A unit admin manages members and groups, not units, and names no one at a unit's level or above.
    for (const permissions of Object.values(asNadia.units))
      expect(permissions).toEqual({ manage: false, nameAdministrators: [] });
    // A referent names a substitute referent anywhere, a unit admin on a unit; the principal manages units.
    expect(asMarc.organisation!.nameAdministrators).toEqual(['SUBSTITUTE_REFERENT']);
    expect(asMarc.units['Service de la population']).toEqual({
      manage: false,
      nameAdministrators: ['SUBSTITUTE_REFERENT', 'UNIT_ADMIN'],
    });
    expect(asClaire.units['Service de la population']!.manage).toBe(true);
    // Another organisation's admin learns nothing: the node is not found, as for an unknown id.
    const foreign = await paul.gql(
      `query($id: ID!) {
      organisation: node(id: $id) { ... on Organisation { viewerCan { activate manageUnits nameAdministrators } } }
    }`,
      { id: morgesId },
    );
    expect(foreign.data?.organisation ?? null).toBeNull();
    expect(foreign.errors?.map((error) => error.extensions?.code)).toEqual(['NOT_FOUND']);
  });

  it('refuses a referent naming a principal admin or a co-admin', async () => {
    const before = await roleCount();
    for (const kind of ['PRINCIPAL_ADMIN', 'CO_ADMIN']) {
      const refused = await marc.ok(NAME, {
        input: { memberId: await memberIdOf(t, 'yves.perret@morges.demo'), kind },
      });
      expect(refused.nameAdministrator.__typename).toBe('NotAuthorisedError');
    }
    expect(await roleCount()).toBe(before);
  });

  it('refuses a principal admin naming another principal admin; the operator names it', async () => {
    const before = await roleCount();
    const input = { memberId: await memberIdOf(t, 'marc.favre@morges.demo'), kind: 'PRINCIPAL_ADMIN' };
    const refused = await claire.ok(NAME, { input });
    expect(refused.nameAdministrator).toMatchObject({
      __typename: 'NotAuthorisedError',
      code: 'NOT_AUTHORISED',
    });
    expect(await roleCount()).toBe(before);
    const byOperator = await operator.ok(NAME, { input });
    expect(byOperator.nameAdministrator.data.kind).toBe('PRINCIPAL_ADMIN');
  });

  it('refuses a unit admin naming a co-admin, and naming its own level', async () => {
    const before = await roleCount();
    const coAdmin = await nadia.ok(NAME, {
      input: { memberId: await memberIdOf(t, 'lucie.blanc@morges.demo'), kind: 'CO_ADMIN' },
    });
    expect(coAdmin.nameAdministrator).toMatchObject({
      __typename: 'NotAuthorisedError',
      code: 'NOT_AUTHORISED',
    });
    const sameLevel = await nadia.ok(NAME, {
      input: {
        memberId: await memberIdOf(t, 'lucie.blanc@morges.demo'),
        kind: 'UNIT_ADMIN',
        unitId: populationId,
      },
    });
    expect(sameLevel.nameAdministrator.__typename).toBe('NotAuthorisedError');
    expect(await roleCount()).toBe(before);
  });

  it('lets an admin above unit level name a unit admin on a unit, once', async () => {
    const julie = await t.as('julie.rochat@morges.demo');
    const result = await julie.ok(NAME, {
      input: {
        memberId: await memberIdOf(t, 'lucie.blanc@morges.demo'),
        kind: 'UNIT_ADMIN',
        unitId: populationId,
      },
    });
    expect(result.nameAdministrator.data).toMatchObject({
      kind: 'UNIT_ADMIN',
      scopeKind: 'UNIT',
      unit: { name: 'Service de la population' },
    });
    const twice = await julie.ok(NAME, {
      input: {
        memberId: await memberIdOf(t, 'lucie.blanc@morges.demo'),
        kind: 'UNIT_ADMIN',
        unitId: populationId,
      },
    });
    expect(twice.nameAdministrator).toMatchObject({ __typename: 'ConflictError' });
  });

  it('names the field of a role that does not suit its scope, or of a past end date', async () => {
    const noUnit = await claire.ok(NAME, {
      input: { memberId: await memberIdOf(t, 'yves.perret@morges.demo'), kind: 'UNIT_ADMIN' },
    });
    expect(noUnit.nameAdministrator).toMatchObject({ __typename: 'InvalidInputError', field: 'scope' });
    const past = await claire.ok(NAME, {
      input: {
        memberId: await memberIdOf(t, 'yves.perret@morges.demo'),
        kind: 'REFERENT',
        validUntil: '2020-01-01T00:00:00Z',
      },
    });
    expect(past.nameAdministrator).toMatchObject({ __typename: 'InvalidInputError', field: 'validUntil' });
    const badId = await claire.ok(NAME, { input: { memberId: 'nope', kind: 'REFERENT' } });
    expect(badId.nameAdministrator).toMatchObject({ __typename: 'InvalidInputError', field: 'memberId' });
  });

  it('gives a time-limited delegation that shows its end', async () => {
    const until = new Date(Date.now() + 14 * 86_400_000).toISOString();
    const result = await claire.ok(NAME, {
      input: {
        memberId: await memberIdOf(t, 'yves.perret@morges.demo'),
        kind: 'SUBSTITUTE_REFERENT',
        validUntil: until,
      },
    });
    expect(result.nameAdministrator.__typename).toBe('MutationNameAdministratorSuccess');
    const list = await claire.ok(ADMINISTRATORS, { id: morgesId, kind: 'SUBSTITUTE_REFERENT' });
    const yves = list.administrators.edges.find(
      (e) => e.node.member.person.email === 'yves.perret@morges.demo',
    );
    expect(yves!.node.validUntil).toBe(until);
  });

  it('lets a group manager name the manager of a sub-group only, never of its own group', async () => {
    const accueil = await idOf(t, 'Group', `select id from member_group where name = 'Accueil'`);
    const own = await sophie.ok(NAME, {
      input: {
        memberId: await memberIdOf(t, 'hugo.lefevre@lumiere.demo'),
        kind: 'GROUP_MANAGER',
        groupId: accueil,
      },
    });
    expect(own.nameAdministrator.__typename).toBe('NotAuthorisedError');
    const byPartnerAdmin = await paul.ok(NAME, {
      input: {
        memberId: await memberIdOf(t, 'hugo.lefevre@lumiere.demo'),
        kind: 'GROUP_MANAGER',
        groupId: accueil,
      },
    });
    expect(byPartnerAdmin.nameAdministrator.data).toMatchObject({
      kind: 'GROUP_MANAGER',
      scopeKind: 'GROUP',
    });
  });

  it('finds nothing of another organisation: its members, units and groups', async () => {
    const before = await roleCount();
    const member = await paul.ok(NAME, {
      input: { memberId: await memberIdOf(t, 'yves.perret@morges.demo'), kind: 'CO_ADMIN' },
    });
    expect(member.nameAdministrator.__typename).toBe('NotFoundError');
    const unit = await paul.ok(NAME, {
      input: {
        memberId: await memberIdOf(t, 'hugo.lefevre@lumiere.demo'),
        kind: 'UNIT_ADMIN',
        unitId: populationId,
      },
    });
    expect(unit.nameAdministrator.__typename).toBe('NotFoundError');
    expect(JSON.stringify([member, unit])).not.toMatch(/Morges|population/i);
    expect(await roleCount()).toBe(before);
  });
});

describe('removing administrators', () => {
  it('keeps the last principal admin (rule 6), for the organisation and for the operator', async () => {
    const anne = await t.as('anne.dupuis@leman.demo');
    const lemanId = await actingOrganisationId(anne);
    const list = await anne.ok(ADMINISTRATORS, { id: lemanId });
    const roleId = list.administrators.edges[0]!.node.id;
    const self = await anne.ok(REMOVE, { input: { adminRoleId: roleId } });
    expect(self.removeAdministrator).toMatchObject({
      __typename: 'RuleViolationError',
      code: 'LAST_PRINCIPAL_ADMIN',
    });
    const byOperator = await operator.ok(REMOVE, { input: { adminRoleId: roleId } });
    expect(byOperator.removeAdministrator).toMatchObject({ code: 'LAST_PRINCIPAL_ADMIN' });
    expect((await anne.ok(ADMINISTRATORS, { id: lemanId })).administrators.edges).toHaveLength(1);
    const CAN_REMOVE = graphql(
      `query CanRemoveOnly($id: ID!) { administrators(organisationId: $id) { edges { node { viewerCanRemove } } } }`,
    );
    for (const client of [anne, operator]) {
      const list = await client.ok(CAN_REMOVE, { id: lemanId });
      expect(list.administrators.edges.map((e) => e.node.viewerCanRemove)).toEqual([false]);
    }
  });

  it('lets the operator take a delegation back, audited as an operator crossing', async () => {
    const list = await operator.ok(ADMINISTRATORS, { id: lumiereId, kind: 'GROUP_MANAGER' });
    const sophieRole = list.administrators.edges.find(
      (e) => e.node.member.person.email === 'sophie.martin@lumiere.demo',
    );
    const result = await operator.ok(REMOVE, { input: { adminRoleId: sophieRole!.node.id } });
    expect(result.removeAdministrator.data).toBe(sophieRole!.node.id);
    const [event] = await sql(
      t,
      `select acting_as, before from audit_event where action = 'admin-role.removed' order by id desc limit 1`,
    );
    expect(event).toMatchObject({ acting_as: 'OPERATOR', before: { kind: 'GROUP_MANAGER' } });
    // Sophie no longer manages: her next request sees no admin holding.
    const after = await sophie.gql(ADMINISTRATORS, { id: lumiereId });
    expect(after.errors?.[0]?.extensions?.code).toBe('NOT_AUTHORISED');
  });

  it('refuses a unit admin removing a referent, and another organisation finds nothing', async () => {
    const list = await claire.ok(ADMINISTRATORS, { id: morgesId, kind: 'REFERENT' });
    const roleId = list.administrators.edges[0]!.node.id;
    expect((await nadia.ok(REMOVE, { input: { adminRoleId: roleId } })).removeAdministrator.__typename).toBe(
      'NotAuthorisedError',
    );
    expect((await paul.ok(REMOVE, { input: { adminRoleId: roleId } })).removeAdministrator.__typename).toBe(
      'NotFoundError',
    );
    expect(emails(await claire.ok(ADMINISTRATORS, { id: morgesId, kind: 'REFERENT' }))).toEqual([
      'marc.favre@morges.demo:REFERENT',
    ]);
  });

  it('lets one of two principal admins step down', async () => {
    const list = await claire.ok(ADMINISTRATORS, { id: morgesId, kind: 'PRINCIPAL_ADMIN' });
    expect(list.administrators.edges).toHaveLength(2);
    const claireRole = list.administrators.edges.find(
      (e) => e.node.member.person.email === 'claire.morel@morges.demo',
    );
    const marcRole = list.administrators.edges.find(
      (e) => e.node.member.person.email === 'marc.favre@morges.demo',
    );
    // Principal admins are peers: neither removes the other, each may step down.
    expect(
      (await claire.ok(REMOVE, { input: { adminRoleId: marcRole!.node.id } })).removeAdministrator,
    ).toMatchObject({ __typename: 'NotAuthorisedError', code: 'NOT_AUTHORISED' });
    expect(
      (await claire.ok(REMOVE, { input: { adminRoleId: claireRole!.node.id } })).removeAdministrator
        .__typename,
    ).toBe('MutationRemoveAdministratorSuccess');
    const marcList = await marc.ok(ADMINISTRATORS, { id: morgesId, kind: 'PRINCIPAL_ADMIN' });
    expect(emails(marcList)).toEqual(['marc.favre@morges.demo:PRINCIPAL_ADMIN']);
    const lastRole = marcList.administrators.edges[0]!.node.id;
    expect((await marc.ok(REMOVE, { input: { adminRoleId: lastRole } })).removeAdministrator.code).toBe(
      'LAST_PRINCIPAL_ADMIN',
    );
  });
});

describe('naming the principal administrator of a new organisation (Caf)', () => {
  const NAME_PRINCIPAL = `mutation($input: NamePrincipalAdministratorInput!) {
    namePrincipalAdministrator(input: $input) {
      ${ERROR_FIELDS}
      ... on MutationNamePrincipalAdministratorSuccess { data { kind namedByOperator member { person { email } organisation { name } } } }
    }
  }`;
  let partnerId: string;

  beforeAll(async () => {
    const created = await operator.ok(
      `mutation($input: CreateOrganisationInput!) { createOrganisation(input: $input) { ... on MutationCreateOrganisationSuccess { data { id } } } }`,
      {
        input: { name: 'Association Les Tilleuls', registryKind: 'SIREN', registryNumber: siren('31415926') },
      },
    );
    partnerId = created.createOrganisation.data.id;
  });

  it('creates the person, the member and the role, and e-mails a welcome link', async () => {
    const result = await operator.ok(NAME_PRINCIPAL, {
      input: {
        organisationId: partnerId,
        newPerson: { firstName: 'Inès', lastName: 'Moreau', email: 'Ines.Moreau@tilleuls.example' },
      },
    });
    expect(result.namePrincipalAdministrator.data).toEqual({
      kind: 'PRINCIPAL_ADMIN',
      namedByOperator: true,
      member: {
        person: { email: 'ines.moreau@tilleuls.example' },
        organisation: { name: 'Association Les Tilleuls' },
      },
    });
    const mail = await t.smtp.waitFor((m) => m.to.includes('ines.moreau@tilleuls.example'));
    expect(mail.text).toContain('Association Les Tilleuls');
    // French élision: never "de Association", whatever the organisation is called.
    expect(mail.text).toContain('de l’organisation Association Les Tilleuls');
    expect(mail.text).not.toMatch(/\bde Association/);
    expect(mail.text).toMatch(/\/reset-password\?token=[^\s&]+&welcome=1/);
    const actions = await sql<{ action: string; acting_as: string }>(
      t,
      `select action, acting_as from audit_event where organisation = (select id from organisation where name = 'Association Les Tilleuls') order by id`,
    );
    expect(actions.map((a) => a.action)).toEqual([
      'organisation.created',
      'person.created',
      'member.created',
      'admin-role.named',
    ]);
    expect(actions.every((a) => a.acting_as === 'OPERATOR')).toBe(true);
    const only = await operator.ok(
      `query($id: ID!) { administrators(organisationId: $id) { edges { node { viewerCanRemove } } } }`,
      { id: partnerId },
    );
    expect(only.administrators.edges).toEqual([{ node: { viewerCanRemove: false } }]); // rule 6
  });

  const INVITE = `mutation($input: InviteMemberInput!) {
    inviteMember(input: $input) { ${ERROR_FIELDS} ... on MutationInviteMemberSuccess { data { invitationId email expiresAt } } }
  }`;
  const MY_INVITATIONS = '{ myInvitations { id organisationName asPrincipalAdmin } }';
  const ANSWER = (name: string) =>
    `mutation($id: ID!) { ${name}(input: { invitationId: $id }) { ${ERROR_FIELDS} } }`;

  it('never attaches an existing person as principal admin: the operator invites it, and it accepts (rule 7)', async () => {
    const lea = await idOf(t, 'Person', `select id from person where email = 'lea.dubois@exemple.demo'`);
    const before = await roleCount();
    const refused = await operator.ok(NAME_PRINCIPAL, {
      input: { organisationId: partnerId, personId: lea },
    });
    expect(refused.namePrincipalAdministrator).toMatchObject({
      __typename: 'RuleViolationError',
      code: 'PERSON_EXISTS',
      field: 'personId',
    });
    expect(await roleCount()).toBe(before);
    const invited = await operator.ok(INVITE, {
      input: { organisationId: partnerId, email: 'lea.dubois@exemple.demo', asPrincipalAdmin: true },
    });
    expect(invited.inviteMember.data.email).toBe('lea.dubois@exemple.demo');
    const mail = await t.smtp.waitFor(
      (m) => m.to.includes('lea.dubois@exemple.demo') && m.subject.includes('Association Les Tilleuls'),
    );
    expect(mail.text).toContain('administrateur principal');
    const twice = await operator.ok(INVITE, {
      input: { organisationId: partnerId, email: 'lea.dubois@exemple.demo', asPrincipalAdmin: true },
    });
    expect(twice.inviteMember).toMatchObject({ __typename: 'ConflictError', field: 'email' });
    const leaClient = await t.as('lea.dubois@exemple.demo');
    const mine = (await leaClient.ok(MY_INVITATIONS)).myInvitations;
    expect(mine).toEqual([
      {
        id: invited.inviteMember.data.invitationId,
        organisationName: 'Association Les Tilleuls',
        asPrincipalAdmin: true,
      },
    ]);
    // Nobody else can answer it: for them it does not exist.
    const stranger = await t.as('hugo.lefevre@lumiere.demo');
    const foreign = await stranger.ok(ANSWER('acceptInvitation'), { id: mine[0].id });
    expect(foreign.acceptInvitation).toMatchObject({ __typename: 'NotFoundError' });
    expect(await roleCount()).toBe(before);
    const accepted = await leaClient.ok(ANSWER('acceptInvitation'), { id: mine[0].id });
    expect(accepted.acceptInvitation.__typename).toBe('MutationAcceptInvitationSuccess');
    expect((await leaClient.ok(MY_INVITATIONS)).myInvitations).toEqual([]);
    const again = await leaClient.ok(ANSWER('acceptInvitation'), { id: mine[0].id });
    expect(again.acceptInvitation).toMatchObject({ __typename: 'ConflictError' });
    const [request] = await sql<{ type: string; state: string; steps: string }>(
      t,
      `select r.type, r.state, (select string_agg(s.to_state, ',' order by s.at, s.id) from request_step s where s.request_id = r.id) as steps
         from access_request r join person p on p.id = r.subject_person_id
        where p.email = 'lea.dubois@exemple.demo' and r.organisation_id = (select id from organisation where name = 'Association Les Tilleuls')`,
    );
    expect(request).toEqual({ type: 'ATTACHMENT', state: 'CLOSED', steps: 'SUBMITTED,APPROVED,CLOSED' });
    const named = await operator.ok(NAME_PRINCIPAL, { input: { organisationId: partnerId, personId: lea } });
    expect(named.namePrincipalAdministrator).toMatchObject({ __typename: 'ConflictError' });
  });

  it('refuses an existing person named by e-mail (PERSON_EXISTS), names the field of an unknown address, and a declined invitation attaches nothing', async () => {
    const other = await operator.ok(
      `mutation($input: CreateOrganisationInput!) { createOrganisation(input: $input) { ... on MutationCreateOrganisationSuccess { data { id } } } }`,
      {
        input: { name: 'Association Les Érables', registryKind: 'SIREN', registryNumber: siren('27182818') },
      },
    );
    const organisationId = other.createOrganisation.data.id;
    const before = await roleCount();
    for (const existingPersonEmail of ['nobody@nowhere.example', 'not an address']) {
      const unknown = await operator.ok(NAME_PRINCIPAL, { input: { organisationId, existingPersonEmail } });
      expect(unknown.namePrincipalAdministrator).toMatchObject({
        __typename: 'InvalidInputError',
        field: 'existingPersonEmail',
      });
    }
    const both = await operator.ok(NAME_PRINCIPAL, {
      input: {
        organisationId,
        existingPersonEmail: 'lea.dubois@exemple.demo',
        newPerson: { firstName: 'A', lastName: 'B', email: 'a.b@erables.example' },
      },
    });
    expect(both.namePrincipalAdministrator).toMatchObject({ field: 'person' });
    const existing = await operator.ok(NAME_PRINCIPAL, {
      input: { organisationId, existingPersonEmail: '  Lea.Dubois@Exemple.demo ' },
    });
    expect(existing.namePrincipalAdministrator).toMatchObject({
      __typename: 'RuleViolationError',
      code: 'PERSON_EXISTS',
      field: 'existingPersonEmail',
    });
    expect(await roleCount()).toBe(before);
    await operator.ok(INVITE, {
      input: { organisationId, email: 'lea.dubois@exemple.demo', asPrincipalAdmin: true },
    });
    const leaClient = await t.as('lea.dubois@exemple.demo');
    const invitation = (await leaClient.ok(MY_INVITATIONS)).myInvitations.find(
      (row: { organisationName: string }) => row.organisationName === 'Association Les Érables',
    );
    const declined = await leaClient.ok(ANSWER('declineInvitation'), { id: invitation.id });
    expect(declined.declineInvitation.__typename).toBe('MutationDeclineInvitationSuccess');
    const [members] = await sql<{ n: number }>(
      t,
      `select count(*)::int as n from member where organisation_id = (select id from organisation where name = 'Association Les Érables')`,
    );
    expect(members!.n).toBe(0);
    expect(await roleCount()).toBe(before);
  });

  it('lets either of two principal admins be removed, never the only one (viewerCanRemove)', async () => {
    const CAN_REMOVE = graphql(
      `query CanRemovePrincipal($id: ID!) { administrators(organisationId: $id, kind: PRINCIPAL_ADMIN) { edges { node { viewerCanRemove member { person { email } } } } } }`,
    );
    const seen = async () =>
      (await operator.ok(CAN_REMOVE, { id: partnerId })).administrators.edges.map(
        (e) => `${e.node.member.person.email}:${e.node.viewerCanRemove}`,
      );
    // Inès and Léa were both named by the tests above.
    expect(await seen()).toEqual(['ines.moreau@tilleuls.example:true', 'lea.dubois@exemple.demo:true']);
  });

  it('refuses a shared mailbox, a taken address, and an ambiguous choice, naming the field', async () => {
    const before = (await sql(t, 'select count(*)::int as n from person'))[0]!.n;
    const byEmail = [
      ['contact@tilleuls.example', { __typename: 'RuleViolationError', code: 'SHARED_MAILBOX' }],
      ['a.b@', { __typename: 'InvalidInputError' }],
      ['paul.girard@lumiere.demo', { __typename: 'RuleViolationError', code: 'PERSON_EXISTS' }],
    ] as const;
    for (const [email, expected] of byEmail) {
      const result = await operator.ok(NAME_PRINCIPAL, {
        input: { organisationId: partnerId, newPerson: { firstName: 'A', lastName: 'B', email } },
      });
      expect(result.namePrincipalAdministrator, email).toMatchObject({ ...expected, field: 'email' });
    }
    const neither = await operator.ok(NAME_PRINCIPAL, { input: { organisationId: partnerId } });
    expect(neither.namePrincipalAdministrator).toMatchObject({
      __typename: 'InvalidInputError',
      field: 'person',
    });
    expect((await sql(t, 'select count(*)::int as n from person'))[0]!.n).toBe(before);
  });

  it('is the operator’s only', async () => {
    const result = await claire.ok(NAME_PRINCIPAL, {
      input: {
        organisationId: morgesId,
        newPerson: { firstName: 'A', lastName: 'B', email: 'a.b@morges.demo' },
      },
    });
    expect(result.namePrincipalAdministrator.__typename).toBe('NotAuthorisedError');
  });
});

describe('a unit admin’s administrators page', () => {
  it('lists the roles of its unit held by members it may read, without failing on one it may not', async () => {
    // A group of Nadia’s unit, managed by Lucie (her unit), with Yves (Service financier) also named its manager.
    const created = await operator.ok(
      `mutation($input: CreateGroupInput!) { createGroup(input: $input) { ${ERROR_FIELDS} ... on MutationCreateGroupSuccess { data { id } } } }`,
      {
        input: {
          organisationId: morgesId,
          unitId: populationId,
          name: 'Guichet',
          manager: { memberId: await memberIdOf(t, 'lucie.blanc@morges.demo') },
        },
      },
    );
    expect(created.createGroup.__typename).toBe('MutationCreateGroupSuccess');
    const groupId = created.createGroup.data.id;
    const named = await operator.ok(NAME, {
      input: { memberId: await memberIdOf(t, 'yves.perret@morges.demo'), kind: 'GROUP_MANAGER', groupId },
    });
    expect(named.nameAdministrator.__typename).toBe('MutationNameAdministratorSuccess');
    const asNadia = await nadia.gql(ADMINISTRATORS, { id: morgesId });
    expect(asNadia.errors).toBeUndefined();
    // Lucie is also unit admin of the unit since an earlier test.
    expect(emails(asNadia.data!)).toEqual([
      'lucie.blanc@morges.demo:GROUP_MANAGER',
      'lucie.blanc@morges.demo:UNIT_ADMIN',
      'nadia.keller@morges.demo:UNIT_ADMIN',
    ]);
    // Yves is not hers to read: neither listed nor reachable through the filter on him.
    const yves = await nadia.gql(`query($id: ID!) { node(id: $id) { id } }`, {
      id: await memberIdOf(t, 'yves.perret@morges.demo'),
    });
    expect(yves.errors?.map((error) => error.extensions?.code)).toEqual(['NOT_FOUND']);
    // Organisation-wide (here the operator, Claire having stepped down above), both managers of the group show.
    const whole = await operator.ok(ADMINISTRATORS, { id: morgesId, kind: 'GROUP_MANAGER' });
    expect(emails(whole)).toEqual(
      expect.arrayContaining([
        'lucie.blanc@morges.demo:GROUP_MANAGER',
        'yves.perret@morges.demo:GROUP_MANAGER',
      ]),
    );
  });
});
