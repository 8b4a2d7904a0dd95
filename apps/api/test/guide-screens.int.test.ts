import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupId, type Json, memberId, mutate, roleId, success } from './access-fixtures.js';
import { startTestApp, type TestApp, type TestClient } from './app.js';
import { sql } from './tenants.js';

/**
 * The permission fields behind the guide screens (issue 15): each answers what its mutation then does, for
 * the principal admin, a lower admin, a group manager, a plain member, another organisation and the operator.
 */
let t: TestApp;
let claire: TestClient;
let marc: TestClient;
let nadia: TestClient;
let lucie: TestClient;
let paul: TestClient;
let operator: TestClient;
let lucieId: string;
let claireId: string;
let accounting: string;
const roles: Record<string, string> = {};

const MEMBER = `query($id: ID!) { node(id: $id) { ... on Member {
  viewerCan { manageGrants forcePasswordChange help }
  grantableRoles { id service { code } code }
  directGrants { serviceRole { id } }
} } }`;

async function memberView(client: TestClient, id: string): Promise<Json> {
  const result = await client.gql(MEMBER, { id });
  return (result.data as Json)?.node ?? null;
}

const codesOf = (member: Json) =>
  (member.grantableRoles as { code: string; service: { code: string } }[])
    .map((role) => `${role.service.code}/${role.code}`)
    .sort();

async function groupRows(client: TestClient, id: string): Promise<Json[]> {
  const data = await client.ok(
    `query($id: ID!) { node(id: $id) { ... on Group { members(first: 50) { edges { blocked viewerCanManage node { id } } } } } }`,
    { id },
  );
  return data.node.members.edges;
}

beforeAll(async () => {
  t = await startTestApp();
  [claire, marc, nadia, lucie, paul, operator] = await Promise.all([
    t.as('claire.morel@morges.demo'),
    t.as('marc.favre@morges.demo'),
    t.as('nadia.keller@morges.demo'),
    t.as('lucie.blanc@morges.demo'),
    t.as('paul.girard@lumiere.demo'),
    t.as('operateur@tessera.demo'),
  ]);
  lucieId = await memberId(t, 'lucie.blanc@morges.demo');
  claireId = await memberId(t, 'claire.morel@morges.demo');
  accounting = await groupId(t, 'Comptabilité');
  for (const [service, role] of [
    ['FACTURE', 'consultation'],
    ['FACTURE', 'validation'],
    ['CHAMAN', 'gestion'],
    ['CDAP', 'saisie'],
  ])
    roles[`${service}/${role}`] = await roleId(t, service!, role!);
});
afterAll(async () => t?.stop());

describe('giving a service role directly from the member page', () => {
  it('offers the principal admin the agreement’s roles the member does not hold yet, and grantToMember gives one', async () => {
    const before = await memberView(claire, lucieId);
    expect(before.viewerCan.manageGrants).toBe(true);
    expect(codesOf(before)).toEqual(['CHAMAN/gestion', 'FACTURE/consultation', 'FACTURE/validation']);

    const granted = await mutate(
      claire,
      'grantToMember',
      'MemberGrantInput',
      { memberId: lucieId, serviceRoleId: roles['FACTURE/consultation'] },
      'id',
    );
    success(granted);
    const after = await memberView(claire, lucieId);
    expect(codesOf(after)).toEqual(['CHAMAN/gestion', 'FACTURE/validation']);
    expect(after.directGrants.map((g: Json) => g.serviceRole.id)).toEqual([roles['FACTURE/consultation']]);

    success(
      await mutate(
        claire,
        'revokeMemberGrant',
        'MemberGrantInput',
        { memberId: lucieId, serviceRoleId: roles['FACTURE/consultation'] },
        'id',
      ),
    );
    expect(codesOf(await memberView(claire, lucieId))).toHaveLength(3);
  });

  it('never offers a role outside the agreement, which grantToMember refuses', async () => {
    const offered = (await memberView(claire, lucieId)).grantableRoles.map((r: Json) => r.id);
    expect(offered).not.toContain(roles['CDAP/saisie']);
    const refused = await mutate(
      claire,
      'grantToMember',
      'MemberGrantInput',
      { memberId: lucieId, serviceRoleId: roles['CDAP/saisie'] },
      'id',
    );
    expect(refused.code).toBe('OUTSIDE_AGREEMENT');
  });

  it('answers manageGrants exactly as grantToMember decides, for each viewer', async () => {
    const cases: [string, TestClient, string][] = [
      ['principal on a member', claire, lucieId],
      ['principal on itself', claire, claireId],
      ['referent on a member', marc, lucieId],
      ['unit admin on a member of its unit', nadia, lucieId],
      ['plain member on itself', lucie, lucieId],
    ];
    const seen = new Set<boolean>();
    for (const [label, client, target] of cases) {
      const view = await memberView(client, target);
      if (view === null) continue;
      const payload = await mutate(
        client,
        'grantToMember',
        'MemberGrantInput',
        { memberId: target, serviceRoleId: roles['CHAMAN/gestion'] },
        'id',
      );
      const worked = payload.__typename === 'MutationGrantToMemberSuccess';
      expect(view.viewerCan.manageGrants, label).toBe(worked);
      expect(view.grantableRoles.length > 0, label).toBe(worked);
      seen.add(worked);
      if (worked)
        success(
          await mutate(
            client,
            'revokeMemberGrant',
            'MemberGrantInput',
            { memberId: target, serviceRoleId: roles['CHAMAN/gestion'] },
            'id',
          ),
        );
    }
    expect([...seen].sort()).toEqual([false, true]);
  });

  it('shows another organisation’s admin nothing of the member', async () => {
    expect(await memberView(paul, lucieId)).toBeNull();
    const refused = await mutate(
      paul,
      'grantToMember',
      'MemberGrantInput',
      { memberId: lucieId, serviceRoleId: roles['CHAMAN/gestion'] },
      'id',
    );
    expect(refused.code).toBe('NOT_FOUND');
  });
});

describe('forcing a password change', () => {
  it('hides it from the principal admin, whom forcePasswordChange refuses', async () => {
    expect((await memberView(claire, lucieId)).viewerCan.forcePasswordChange).toBe(false);
    const refused = await mutate(claire, 'forcePasswordChange', 'MemberIdInput', { memberId: lucieId }, 'id');
    expect(refused.code).toBe('NOT_AUTHORISED');
  });

  it('offers it to the operator, and the person must change its password at next sign-in', async () => {
    const view = await memberView(operator, lucieId);
    expect(view.viewerCan.forcePasswordChange).toBe(true);
    success(await mutate(operator, 'forcePasswordChange', 'MemberIdInput', { memberId: lucieId }, 'id'));
    const [row] = await sql<{ must_change_password: boolean }>(
      t,
      `select p.must_change_password from person p join member m on m.person_id = p.id where p.email = $1`,
      ['lucie.blanc@morges.demo'],
    );
    expect(row?.must_change_password).toBe(true);
    const [event] = await sql<{ action: string }>(
      t,
      `select action from audit_event where action = 'member.password-change-forced' order by at desc limit 1`,
    );
    expect(event?.action).toBe('member.password-change-forced');
  });
});

describe('blocking in a group from the group’s member list', () => {
  it('lets the principal admin block and unblock a member of a group, audited', async () => {
    success(
      await mutate(
        claire,
        'addMembersToGroup',
        'AddMembersToGroupInput',
        { groupId: accounting, memberIds: [lucieId] },
        'id',
      ),
    );
    const rows = await groupRows(claire, accounting);
    expect(rows.map((row) => row.viewerCanManage)).toEqual([true, true]);
    const input = { groupId: accounting, memberId: lucieId };
    success(await mutate(claire, 'blockMemberInGroup', 'MemberGroupInput', input, 'id'));
    expect((await groupRows(claire, accounting)).find((row) => row.node.id === lucieId).blocked).toBe(true);
    success(await mutate(claire, 'unblockMemberInGroup', 'MemberGroupInput', input, 'id'));
    const events = await sql<{ action: string }>(
      t,
      `select action from audit_event where action like 'member.%-in-group' order by at, id`,
    );
    expect(events.map((e) => e.action)).toEqual(['member.blocked-in-group', 'member.unblocked-in-group']);
  });

  it('answers viewerCanManage per row as blockMemberInGroup decides: a group manager, never on itself', async () => {
    const sophie = await t.as('sophie.martin@lumiere.demo');
    const accueil = await groupId(t, 'Accueil');
    const rows = await groupRows(sophie, accueil);
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      const input = { groupId: accueil, memberId: row.node.id };
      const payload = await mutate(sophie, 'blockMemberInGroup', 'MemberGroupInput', input, 'id');
      expect(payload.__typename === 'MutationBlockMemberInGroupSuccess').toBe(row.viewerCanManage);
    }
    expect(rows.map((row) => row.viewerCanManage).sort()).toEqual([false, true]);
  });

  it('shows another organisation’s admin nothing of the group', async () => {
    const result = await paul.gql(
      `query($id: ID!) { node(id: $id) { ... on Group { members(first: 5) { edges { viewerCanManage } } } } }`,
      { id: accounting },
    );
    expect((result.data as Json)?.node ?? null).toBeNull();
  });
});

describe('creating a member from the group’s page', () => {
  it('puts the new member in the group, with the group’s services', async () => {
    const created = await mutate(
      claire,
      'createMember',
      'CreateMemberInput',
      {
        lastName: 'Vuille',
        firstName: 'Inès',
        email: 'ines.vuille@morges.demo',
        emailConfirmation: 'ines.vuille@morges.demo',
        mobility: 'DESK',
        groupIds: [accounting],
      },
      'member { id groups { group { id } } effectiveAccess { services { service { code } roles { serviceRole { code } sources { kind } } } } }',
    );
    const { member } = success(created);
    expect(member.groups.map((g: Json) => g.group.id)).toEqual([accounting]);
    const billing = member.effectiveAccess.services.find((s: Json) => s.service.code === 'FACTURE');
    expect(billing.roles.map((r: Json) => `${r.serviceRole.code}:${r.sources[0].kind}`)).toEqual([
      'validation:GROUP',
    ]);
  });
});
