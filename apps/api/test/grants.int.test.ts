import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupId, type Json, memberId, mutate, rawId, roleId, success } from './access-fixtures.js';
import { startTestApp, type TestApp, type TestClient } from './app.js';
import { actingOrganisationId, sql } from './tenants.js';

let t: TestApp;
let paul: TestClient;
let sophie: TestClient;
let claire: TestClient;
let operator: TestClient;
let lumiereId: string;
let accueil: string;
let soir: string;
let hugo: string;
const roles: Record<string, string> = {};

const GRANTS = 'name grants { suspended serviceRole { code } service { code } }';

function codes(group: { grants: { serviceRole: { code: string }; service: { code: string } }[] }) {
  return group.grants.map((g) => `${g.service.code}/${g.serviceRole.code}`).sort();
}

async function grantRows(group: string) {
  const rows = await sql<{ code: string }>(
    t,
    `select s.code || '/' || r.code as code from service_grant g join service_role r on r.id = g.service_role_id
       join service s on s.id = r.service_id where g.group_id = $1 order by 1`,
    [rawId(group)],
  );
  return rows.map((row) => row.code);
}

async function auditOf(target: string) {
  return sql<{ action: string; acting_as: string; before: unknown; after: unknown }>(
    t,
    `select action, acting_as, before, after from audit_event where target_id = $1 order by at, id`,
    [rawId(target)],
  );
}

beforeAll(async () => {
  t = await startTestApp();
  [paul, sophie, claire, operator] = await Promise.all([
    t.as('paul.girard@lumiere.demo'),
    t.as('sophie.martin@lumiere.demo'),
    t.as('claire.morel@morges.demo'),
    t.as('operateur@tessera.demo'),
  ]);
  lumiereId = await actingOrganisationId(paul);
  accueil = await groupId(t, 'Accueil');
  hugo = await memberId(t, 'hugo.lefevre@lumiere.demo');
  for (const [service, role] of [
    ['CDAP', 'consultation'],
    ['CDAP', 'saisie'],
    ['CDAP', 'validation'],
    ['COMMANDE', 'commande'],
    ['FACTURE', 'validation'],
  ])
    roles[`${service}/${role}`] = await roleId(t, service!, role!);
  const sub = await mutate(
    sophie,
    'createGroup',
    'CreateGroupInput',
    { organisationId: lumiereId, name: 'Accueil du soir', parentId: accueil, manager: { memberId: hugo } },
    'id',
  );
  soir = success(sub).id;
});
afterAll(async () => t?.stop());

describe('assigning service roles to a group (Caf step 4)', () => {
  it('grants a role of the agreement to a group, audited', async () => {
    const group = success(
      await mutate(
        paul,
        'grantToGroup',
        'GroupGrantInput',
        { groupId: accueil, serviceRoleId: roles['CDAP/saisie'] },
        GRANTS,
      ),
    );
    expect(codes(group)).toEqual(['CDAP/consultation', 'CDAP/saisie']);
    expect(group.grants.every((g: { suspended: boolean }) => !g.suspended)).toBe(true);
    const events = await auditOf(accueil);
    expect(events.at(-1)).toMatchObject({ action: 'group.grant_added', acting_as: 'MEMBER' });
  });

  it('refuses a role outside the agreement with OUTSIDE_AGREEMENT naming the field, and changes nothing', async () => {
    for (const role of ['CDAP/validation', 'FACTURE/validation']) {
      const payload = await mutate(
        paul,
        'grantToGroup',
        'GroupGrantInput',
        { groupId: accueil, serviceRoleId: roles[role] },
        GRANTS,
      );
      expect(payload).toMatchObject({
        __typename: 'RuleViolationError',
        code: 'OUTSIDE_AGREEMENT',
        field: 'serviceRoleId',
      });
    }
    expect(await grantRows(accueil)).toEqual(['CDAP/consultation', 'CDAP/saisie']);
  });

  it('refuses a duplicate, an unknown role and a malformed id with typed errors', async () => {
    const duplicate = await mutate(
      paul,
      'grantToGroup',
      'GroupGrantInput',
      { groupId: accueil, serviceRoleId: roles['CDAP/saisie'] },
      'id',
    );
    expect(duplicate).toMatchObject({ code: 'CONFLICT', field: 'serviceRoleId' });
    const unknown = await mutate(
      paul,
      'grantToGroup',
      'GroupGrantInput',
      {
        groupId: accueil,
        serviceRoleId: Buffer.from('ServiceRole:00000000-0000-4000-8000-000000000000').toString('base64'),
      },
      'id',
    );
    expect(unknown).toMatchObject({ code: 'INVALID_INPUT', field: 'serviceRoleId' });
    const malformed = await mutate(
      paul,
      'grantToGroup',
      'GroupGrantInput',
      { groupId: 'x', serviceRoleId: roles['CDAP/saisie'] },
      'id',
    );
    expect(malformed).toMatchObject({ code: 'INVALID_INPUT', field: 'groupId' });
  });

  it('offers a sub-group only the roles its parent holds, and refuses others with OUTSIDE_PARENT_GROUP', async () => {
    const data = await sophie.ok(
      `query($id: ID!) { node(id: $id) { ... on Group { grantableRoles { code service { code } } viewerCan { manageGrants manage manageMembers } } } }`,
      { id: soir },
    );
    expect(data.node.grantableRoles.map((r: Json) => `${r.service.code}/${r.code}`).sort()).toEqual([
      'CDAP/consultation',
      'CDAP/saisie',
    ]);
    expect(data.node.viewerCan).toEqual({ manageGrants: true, manage: true, manageMembers: true });
    const outside = await mutate(
      sophie,
      'grantToGroup',
      'GroupGrantInput',
      { groupId: soir, serviceRoleId: roles['COMMANDE/commande'] },
      'id',
    );
    expect(outside).toMatchObject({ code: 'OUTSIDE_PARENT_GROUP', field: 'serviceRoleId' });
    const inside = success(
      await mutate(
        sophie,
        'grantToGroup',
        'GroupGrantInput',
        { groupId: soir, serviceRoleId: roles['CDAP/consultation'] },
        GRANTS,
      ),
    );
    expect(codes(inside)).toEqual(['CDAP/consultation']);
  });

  it('keeps a responsable within its group subtree: no grants to its own group or to other groups', async () => {
    const own = await mutate(
      sophie,
      'grantToGroup',
      'GroupGrantInput',
      { groupId: accueil, serviceRoleId: roles['COMMANDE/commande'] },
      'id',
    );
    expect(own.code).toBe('NOT_AUTHORISED');
    const other = success(
      await mutate(
        paul,
        'createGroup',
        'CreateGroupInput',
        {
          organisationId: lumiereId,
          name: 'Direction',
          manager: { memberId: await memberId(t, 'paul.girard@lumiere.demo') },
        },
        'id',
      ),
    ).id;
    const elsewhere = await mutate(
      sophie,
      'grantToGroup',
      'GroupGrantInput',
      { groupId: other, serviceRoleId: roles['CDAP/consultation'] },
      'id',
    );
    expect(elsewhere.code).toBe('NOT_AUTHORISED');
    const set = await mutate(
      sophie,
      'setGroupGrants',
      'SetGroupGrantsInput',
      { groupId: other, serviceRoleIds: [roles['CDAP/consultation']] },
      'id',
    );
    expect(set.code).toBe('NOT_AUTHORISED');
    const direct = await mutate(
      sophie,
      'grantToMember',
      'MemberGrantInput',
      { memberId: hugo, serviceRoleId: roles['CDAP/consultation'] },
      'id',
    );
    expect(direct.code).toBe('NOT_AUTHORISED');
    expect(await grantRows(accueil)).toEqual(['CDAP/consultation', 'CDAP/saisie']);
    expect(await grantRows(other)).toEqual([]);
  });

  it('view: grantableRoles of a top-level group are the agreement roles', async () => {
    const data = await paul.ok(
      `query($id: ID!) { node(id: $id) { ... on Group { grantableRoles { code service { code } } viewerCan { manageGrants } } } }`,
      { id: accueil },
    );
    expect(data.node.grantableRoles.map((r: Json) => `${r.service.code}/${r.code}`).sort()).toEqual([
      'CDAP/consultation',
      'CDAP/saisie',
      'COMMANDE/commande',
    ]);
    expect(data.node.viewerCan.manageGrants).toBe(true);
    const asSophie = await sophie.ok(
      `query($id: ID!) { node(id: $id) { ... on Group { viewerCan { manageGrants manageMembers } } } }`,
      { id: accueil },
    );
    expect(asSophie.node.viewerCan).toEqual({ manageGrants: false, manageMembers: true });
  });
});

describe('saving the grants editor (“Enregistrer les modifications”)', () => {
  it('sets exactly the chosen roles in one transaction and one audit event; removed roles leave the sub-groups', async () => {
    const group = success(
      await mutate(
        paul,
        'setGroupGrants',
        'SetGroupGrantsInput',
        {
          groupId: accueil,
          serviceRoleIds: [roles['CDAP/saisie'], roles['COMMANDE/commande'], roles['COMMANDE/commande']],
        },
        GRANTS,
      ),
    );
    expect(codes(group)).toEqual(['CDAP/saisie', 'COMMANDE/commande']);
    // CDAP/consultation left Accueil, so it left Accueil du soir too (a sub-group stays within its parent).
    expect(await grantRows(soir)).toEqual([]);
    const last = (await auditOf(accueil)).at(-1)!;
    expect(last.action).toBe('group.grants_set');
    expect(last.after).toMatchObject({
      added: [rawId(roles['COMMANDE/commande']!)],
      removed: [rawId(roles['CDAP/consultation']!)],
    });
    expect(JSON.stringify(last.after)).toContain(rawId(soir));
  });

  it('is all or nothing: one role outside the agreement refuses the whole save', async () => {
    const payload = await mutate(
      paul,
      'setGroupGrants',
      'SetGroupGrantsInput',
      { groupId: accueil, serviceRoleIds: [roles['CDAP/consultation'], roles['CDAP/validation']] },
      GRANTS,
    );
    expect(payload).toMatchObject({ code: 'OUTSIDE_AGREEMENT', field: 'serviceRoleIds' });
    expect(await grantRows(accueil)).toEqual(['CDAP/saisie', 'COMMANDE/commande']);
  });

  it('takes one role back from a group and its sub-groups with revokeGroupGrant', async () => {
    success(
      await mutate(
        paul,
        'grantToGroup',
        'GroupGrantInput',
        { groupId: soir, serviceRoleId: roles['CDAP/saisie'] },
        'id',
      ),
    );
    expect(await grantRows(soir)).toEqual(['CDAP/saisie']);
    success(
      await mutate(
        paul,
        'revokeGroupGrant',
        'GroupGrantInput',
        { groupId: accueil, serviceRoleId: roles['CDAP/saisie'] },
        'id',
      ),
    );
    expect(await grantRows(accueil)).toEqual(['COMMANDE/commande']);
    expect(await grantRows(soir)).toEqual([]);
    const missing = await mutate(
      paul,
      'revokeGroupGrant',
      'GroupGrantInput',
      { groupId: accueil, serviceRoleId: roles['CDAP/saisie'] },
      'id',
    );
    expect(missing.code).toBe('NOT_FOUND');
  });
});

describe('direct grants to a member', () => {
  const DIRECT = 'directGrants { suspended serviceRole { code } }';

  it('grants and revokes a role directly, within the agreement, audited', async () => {
    const granted = success(
      await mutate(
        paul,
        'grantToMember',
        'MemberGrantInput',
        { memberId: hugo, serviceRoleId: roles['CDAP/consultation'] },
        DIRECT,
      ),
    );
    expect(granted.directGrants).toEqual([{ suspended: false, serviceRole: { code: 'consultation' } }]);
    const outside = await mutate(
      paul,
      'grantToMember',
      'MemberGrantInput',
      { memberId: hugo, serviceRoleId: roles['CDAP/validation'] },
      DIRECT,
    );
    expect(outside).toMatchObject({ code: 'OUTSIDE_AGREEMENT', field: 'serviceRoleId' });
    const revoked = success(
      await mutate(
        paul,
        'revokeMemberGrant',
        'MemberGrantInput',
        { memberId: hugo, serviceRoleId: roles['CDAP/consultation'] },
        DIRECT,
      ),
    );
    expect(revoked.directGrants).toEqual([]);
    expect((await auditOf(hugo)).map((e) => e.action)).toEqual([
      'member.grant_added',
      'member.grant_revoked',
    ]);
  });

  it('lets the operator grant, recorded as an operator crossing', async () => {
    success(
      await mutate(
        operator,
        'grantToMember',
        'MemberGrantInput',
        { memberId: hugo, serviceRoleId: roles['COMMANDE/commande'] },
        DIRECT,
      ),
    );
    expect((await auditOf(hugo)).at(-1)).toMatchObject({
      action: 'member.grant_added',
      acting_as: 'OPERATOR',
    });
  });
});

describe('organisation B on organisation A’s grants (rule 2)', () => {
  it('refuses every grant change on A’s groups and members, and changes nothing', async () => {
    const snapshot = () =>
      sql(
        t,
        `select id, group_id, member_id, service_role_id from service_grant where organisation_id = $1 order by id`,
        [rawId(lumiereId)],
      );
    const before = await snapshot();
    const attempts = [
      await mutate(
        claire,
        'grantToGroup',
        'GroupGrantInput',
        { groupId: accueil, serviceRoleId: roles['FACTURE/validation'] },
        'id',
      ),
      await mutate(
        claire,
        'grantToGroup',
        'GroupGrantInput',
        { groupId: accueil, serviceRoleId: roles['CDAP/consultation'] },
        'id',
      ),
      await mutate(
        claire,
        'revokeGroupGrant',
        'GroupGrantInput',
        { groupId: accueil, serviceRoleId: roles['COMMANDE/commande'] },
        'id',
      ),
      await mutate(
        claire,
        'setGroupGrants',
        'SetGroupGrantsInput',
        { groupId: accueil, serviceRoleIds: [] },
        'id',
      ),
      await mutate(
        claire,
        'grantToMember',
        'MemberGrantInput',
        { memberId: hugo, serviceRoleId: roles['FACTURE/validation'] },
        'id',
      ),
      await mutate(
        claire,
        'revokeMemberGrant',
        'MemberGrantInput',
        { memberId: hugo, serviceRoleId: roles['COMMANDE/commande'] },
        'id',
      ),
    ];
    for (const payload of attempts) expect(payload.code, JSON.stringify(payload)).toBe('NOT_FOUND');
    expect(await snapshot()).toEqual(before);
  });

  it('cannot hand B’s own groups a role of A’s agreement', async () => {
    const comptabilite = await groupId(t, 'Comptabilité');
    const payload = await mutate(
      claire,
      'grantToGroup',
      'GroupGrantInput',
      { groupId: comptabilite, serviceRoleId: roles['CDAP/saisie'] },
      'id',
    );
    expect(payload).toMatchObject({ code: 'OUTSIDE_AGREEMENT', field: 'serviceRoleId' });
  });

  it('cannot read A’s group grants or a member’s direct grants', async () => {
    const group = await claire.gql(
      `query($id: ID!) { node(id: $id) { ... on Group { grants { suspended } grantableRoles { id } } } }`,
      { id: accueil },
    );
    expect(group.data?.node ?? null).toBeNull();
    const member = await claire.gql(
      `query($id: ID!) { node(id: $id) { ... on Member { directGrants { suspended } } } }`,
      { id: hugo },
    );
    expect(member.data?.node ?? null).toBeNull();
  });
});
