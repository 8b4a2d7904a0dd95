import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  accessLines,
  groupId,
  type Json,
  memberId,
  mutate,
  rawId,
  roleId,
  success,
} from './access-fixtures.js';
import { startTestApp, type TestApp, type TestClient } from './app.js';
import { actingOrganisationId, sql } from './tenants.js';

let t: TestApp;
let paul: TestClient;
let claire: TestClient;
let nadia: TestClient;
let operator: TestClient;
let lumiereId: string;
let morgesId: string;
let accueil: string;
let hugo: string;
let consultation: string;
let commande: string;

const FREE = ['CONTACTDATA/consultation <- FREE', 'PORTAIL/usager <- FREE'];

beforeAll(async () => {
  t = await startTestApp();
  [paul, claire, nadia, operator] = await Promise.all([
    t.as('paul.girard@lumiere.demo'),
    t.as('claire.morel@morges.demo'),
    t.as('nadia.keller@morges.demo'),
    t.as('operateur@tessera.demo'),
  ]);
  [lumiereId, morgesId] = await Promise.all([actingOrganisationId(paul), actingOrganisationId(claire)]);
  accueil = await groupId(t, 'Accueil');
  hugo = await memberId(t, 'hugo.lefevre@lumiere.demo');
  consultation = await roleId(t, 'CDAP', 'consultation');
  commande = await roleId(t, 'COMMANDE', 'commande');
});
afterAll(async () => t?.stop());

const sorted = (lines: string[]) => [...lines].sort();

async function memberCall(client: TestClient, name: string, input: Record<string, unknown>) {
  return success(
    await mutate(client, name, name.includes('InGroup') ? 'MemberGroupInput' : 'MemberIdInput', input, 'id'),
  );
}

describe('effective access of a member (rule 3), with where each role comes from', () => {
  it('gives the free services and the grants of its groups', async () => {
    const access = await accessLines(paul, hugo);
    expect(sorted(access.granted)).toEqual(sorted([...FREE, 'CDAP/consultation <- GROUP:Accueil']));
    expect(access.suspended).toEqual([]);
  });

  it('adds a direct grant as a second source of the same role, and a new role', async () => {
    success(
      await mutate(
        paul,
        'grantToMember',
        'MemberGrantInput',
        { memberId: hugo, serviceRoleId: consultation },
        'id',
      ),
    );
    success(
      await mutate(
        paul,
        'grantToMember',
        'MemberGrantInput',
        { memberId: hugo, serviceRoleId: commande },
        'id',
      ),
    );
    const access = await accessLines(paul, hugo);
    expect(sorted(access.granted)).toEqual(
      sorted([
        ...FREE,
        'CDAP/consultation <- GROUP:Accueil',
        'CDAP/consultation <- DIRECT',
        'COMMANDE/commande <- DIRECT',
      ]),
    );
  });

  it('drops a group’s grants while the member is blocked in that group, and brings them back', async () => {
    await memberCall(paul, 'blockMemberInGroup', { memberId: hugo, groupId: accueil });
    const blocked = await accessLines(paul, hugo);
    expect(sorted(blocked.granted)).toEqual(
      sorted([...FREE, 'CDAP/consultation <- DIRECT', 'COMMANDE/commande <- DIRECT']),
    );
    const groups = await paul.ok(
      `query($id: ID!) { node(id: $id) { ... on Member { groups { blocked group { name } } } } }`,
      { id: hugo },
    );
    expect(groups.node.groups).toEqual([{ blocked: true, group: { name: 'Accueil' } }]);
    await memberCall(paul, 'unblockMemberInGroup', { memberId: hugo, groupId: accueil });
    expect((await accessLines(paul, hugo)).granted).toContain('CDAP/consultation <- GROUP:Accueil');
  });

  it('is empty while the member is blocked everywhere or archived', async () => {
    await memberCall(paul, 'blockMember', { memberId: hugo });
    expect(await accessLines(paul, hugo)).toEqual({ granted: [], suspended: [] });
    await memberCall(paul, 'unblockMember', { memberId: hugo });
    await memberCall(paul, 'archiveMember', { memberId: hugo });
    expect(await accessLines(paul, hugo)).toEqual({ granted: [], suspended: [] });
    await memberCall(paul, 'restoreMember', { memberId: hugo });
    expect((await accessLines(paul, hugo)).granted).toContain('COMMANDE/commande <- DIRECT');
  });

  it('is empty while the organisation is suspended', async () => {
    success(
      await mutate(
        operator,
        'suspendOrganisation',
        'OrganisationIdInput',
        { organisationId: lumiereId },
        'status',
      ),
    );
    expect(await accessLines(operator, hugo)).toEqual({ granted: [], suspended: [] });
    success(
      await mutate(
        operator,
        'reactivateOrganisation',
        'OrganisationIdInput',
        { organisationId: lumiereId },
        'status',
      ),
    );
    expect((await accessLines(operator, hugo)).granted).toContain('COMMANDE/commande <- DIRECT');
  });
});

describe('when the operator removes a service role from the agreement', () => {
  async function agreementItemId(role: string) {
    const [row] = await sql<{ id: string }>(
      t,
      `select id from agreement_item where organisation_id = $1 and service_role_id = $2`,
      [rawId(lumiereId), rawId(role)],
    );
    return row ? encodeGlobalID('AgreementItem', row.id) : null;
  }

  it('takes the role out of effective access at once and shows its grants as suspended, never deleting them', async () => {
    const item = await agreementItemId(consultation);
    const agreement = await sql<{ agreement_id: string }>(
      t,
      `select agreement_id from agreement_item where id = $1`,
      [rawId(item!)],
    );
    success(
      await mutate(
        operator,
        'removeAgreementItem',
        'RemoveAgreementItemInput',
        { agreementItemId: item },
        'id',
      ),
    );

    const access = await accessLines(paul, hugo);
    expect(access.granted.filter((line) => line.startsWith('CDAP/'))).toEqual([]);
    expect(sorted(access.suspended)).toEqual([
      'CDAP/consultation <- DIRECT',
      'CDAP/consultation <- GROUP:Accueil',
    ]);

    const group = await paul.ok(
      `query($id: ID!) { node(id: $id) { ... on Group { grants { suspended serviceRole { code } } grantableRoles { code } } } }`,
      { id: accueil },
    );
    expect(group.node.grants).toEqual([{ suspended: true, serviceRole: { code: 'consultation' } }]);
    expect(group.node.grantableRoles.map((r: { code: string }) => r.code)).not.toContain('consultation');
    const member = await paul.ok(
      `query($id: ID!) { node(id: $id) { ... on Member { directGrants { suspended serviceRole { code } } } } }`,
      { id: hugo },
    );
    expect(member.node.directGrants).toContainEqual({
      suspended: true,
      serviceRole: { code: 'consultation' },
    });
    // the rows are still there
    expect(
      await sql(t, `select 1 from service_grant where service_role_id = $1`, [rawId(consultation)]),
    ).toHaveLength(2);
    // and no new grant of it is possible
    const refused = await mutate(
      paul,
      'grantToMember',
      'MemberGrantInput',
      { memberId: await memberId(t, 'sophie.martin@lumiere.demo'), serviceRoleId: consultation },
      'id',
    );
    expect(refused).toMatchObject({ code: 'OUTSIDE_AGREEMENT', field: 'serviceRoleId' });

    // Put back in the agreement, the suspended grants count again.
    success(
      await mutate(
        operator,
        'addAgreementItem',
        'AddAgreementItemInput',
        { agreementId: encodeGlobalID('Agreement', agreement[0]!.agreement_id), serviceRoleId: consultation },
        'id',
      ),
    );
    const restored = await accessLines(paul, hugo);
    expect(restored.suspended).toEqual([]);
    expect(restored.granted).toEqual(
      expect.arrayContaining(['CDAP/consultation <- GROUP:Accueil', 'CDAP/consultation <- DIRECT']),
    );
  });
});

describe('services held, with the members who may use them (Orange “services détenus”)', () => {
  const HELD = `query($org: ID!) { node(id: $org) { ... on Organisation { servicesHeld {
    service { code } free
    members { edges { node { person { lastName } } } }
    roles { serviceRole { code } inAgreement inForce members { edges { node { person { lastName } } } } }
  } } } }`;
  const names = (connection: { edges: { node: { person: { lastName: string } } }[] }) =>
    connection.edges.map((e) => e.node.person.lastName);

  it('lists the free services and the agreement’s services, each role with who has access now', async () => {
    const data = await paul.ok(HELD, { org: lumiereId });
    const held = Object.fromEntries(data.node.servicesHeld.map((s: Json) => [s.service.code, s]));
    expect(Object.keys(held).sort()).toEqual(['CDAP', 'COMMANDE', 'CONTACTDATA', 'PORTAIL']);
    expect(held.PORTAIL.free).toBe(true);
    expect(names(held.PORTAIL.members)).toEqual(['Girard', 'Lefèvre', 'Martin']);
    const cdap = Object.fromEntries(held.CDAP.roles.map((r: Json) => [r.serviceRole.code, r]));
    expect(Object.keys(cdap).sort()).toEqual(['consultation', 'saisie']);
    expect(names(cdap.consultation.members)).toEqual(['Lefèvre', 'Martin']);
    expect(names(cdap.saisie.members)).toEqual([]);
    expect(names(held.COMMANDE.members)).toEqual(['Lefèvre']);
  });

  it('follows effective access: a member blocked in the group disappears from the group’s roles only', async () => {
    const sophie = await memberId(t, 'sophie.martin@lumiere.demo');
    await memberCall(paul, 'blockMemberInGroup', { memberId: sophie, groupId: accueil });
    const data = await paul.ok(HELD, { org: lumiereId });
    const held = Object.fromEntries(data.node.servicesHeld.map((s: Json) => [s.service.code, s]));
    expect(names(held.CDAP.members)).toEqual(['Lefèvre']);
    expect(names(held.PORTAIL.members)).toEqual(['Girard', 'Lefèvre', 'Martin']);
    await memberCall(paul, 'unblockMemberInGroup', { memberId: sophie, groupId: accueil });
  });

  it('answers Service.members and ServiceRole.members for one organisation, paged by name', async () => {
    const cdap = (await sql<{ id: string }>(t, `select id from service where code = 'CDAP'`))[0]!.id;
    const data = await paul.ok(
      `query($service: ID!, $role: ID!, $org: ID!) {
        service: node(id: $service) { ... on Service { members(organisationId: $org, first: 1) { edges { node { person { lastName } } } pageInfo { hasNextPage endCursor } } } }
        role: node(id: $role) { ... on ServiceRole { members(organisationId: $org) { edges { node { person { lastName } } } } } }
      }`,
      { service: encodeGlobalID('Service', cdap), role: consultation, org: lumiereId },
    );
    expect(names(data.service.members)).toEqual(['Lefèvre']);
    expect(data.service.members.pageInfo.hasNextPage).toBe(true);
    expect(names(data.role.members)).toEqual(['Lefèvre', 'Martin']);
    const next = await paul.ok(
      `query($service: ID!, $org: ID!, $after: String) { node(id: $service) { ... on Service { members(organisationId: $org, first: 5, after: $after) { edges { node { person { lastName } } } } } } }`,
      {
        service: encodeGlobalID('Service', cdap),
        org: lumiereId,
        after: data.service.members.pageInfo.endCursor,
      },
    );
    expect(names(next.node.members)).toEqual(['Martin']);
  });

  it('is refused to another organisation and to admins who do not read the whole organisation', async () => {
    const other = await claire.gql(HELD, { org: lumiereId });
    expect(other.data?.node ?? null).toBeNull();
    const cdap = (await sql<{ id: string }>(t, `select id from service where code = 'CDAP'`))[0]!.id;
    const viaService = await claire.gql(
      `query($service: ID!, $org: ID!) { node(id: $service) { ... on Service { name members(organisationId: $org) { edges { node { id } } } } } }`,
      { service: encodeGlobalID('Service', cdap), org: lumiereId },
    );
    expect(viaService.errors?.length).toBeGreaterThan(0);
    expect(viaService.data?.node?.members ?? null).toBeNull();
    const viaRole = await claire.gql(
      `query($role: ID!, $org: ID!) { node(id: $role) { ... on ServiceRole { name members(organisationId: $org) { edges { node { id } } } } } }`,
      { role: consultation, org: lumiereId },
    );
    expect(viaRole.errors?.length).toBeGreaterThan(0);
    expect(viaRole.data?.node?.members ?? null).toBeNull();
    const unitAdmin = await nadia.gql(HELD, { org: morgesId });
    expect(unitAdmin.errors?.length).toBeGreaterThan(0);
    const own = await claire.ok(HELD, { org: morgesId });
    expect(own.node.servicesHeld.map((s: Json) => s.service.code).sort()).toEqual([
      'CHAMAN',
      'CONTACTDATA',
      'FACTURE',
      'PORTAIL',
    ]);
  });

  it('keeps A’s members’ effective access from B', async () => {
    const result = await claire.gql(
      `query($id: ID!) { node(id: $id) { ... on Member { effectiveAccess { services { free } } groups { blocked } } } }`,
      { id: hugo },
    );
    expect(result.data?.node ?? null).toBeNull();
  });
});
