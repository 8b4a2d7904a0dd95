import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupId, type Json, memberId, mutate, rawId, success } from './access-fixtures.js';
import { startTestApp, type TestApp, type TestClient } from './app.js';
import { actingOrganisationId, sql } from './tenants.js';

let t: TestApp;
let paul: TestClient;
let sophie: TestClient;
let claire: TestClient;
let lumiereId: string;
let morgesId: string;
let accueil: string;
let hugo: string;
let sophieMember: string;

beforeAll(async () => {
  t = await startTestApp();
  [paul, sophie, claire] = await Promise.all([
    t.as('paul.girard@lumiere.demo'),
    t.as('sophie.martin@lumiere.demo'),
    t.as('claire.morel@morges.demo'),
  ]);
  [lumiereId, morgesId] = await Promise.all([actingOrganisationId(paul), actingOrganisationId(claire)]);
  accueil = await groupId(t, 'Accueil');
  hugo = await memberId(t, 'hugo.lefevre@lumiere.demo');
  sophieMember = await memberId(t, 'sophie.martin@lumiere.demo');
});
afterAll(async () => t?.stop());

const GROUP =
  'id name description unit { name } parent { id name } manager { id person { email } } memberCount';

function createGroup(client: TestClient, input: Record<string, unknown>) {
  return mutate(client, 'createGroup', 'CreateGroupInput', input, GROUP);
}

async function adminRolesOn(group: string) {
  return sql<{ email: string; kind: string }>(
    t,
    `select p.email, a.kind from admin_role a join member m on m.id = a.member_id join person p on p.id = m.person_id
      where a.group_id = $1 order by p.email`,
    [rawId(group)],
  );
}

async function auditActions(target: string) {
  const rows = await sql<{ action: string }>(
    t,
    `select action from audit_event where target_id = $1 order by at, id`,
    [rawId(target)],
  );
  return rows.map((row) => row.action);
}

describe('creating a group with its responsable (Caf step 3)', () => {
  it('names an existing member responsable: GROUP_MANAGER of the group and a member of it, audited', async () => {
    const group = success(
      await createGroup(paul, {
        organisationId: lumiereId,
        name: '  Instruction   des dossiers ',
        description: 'Traitement des demandes',
        manager: { memberId: hugo },
      }),
    );
    expect(group).toMatchObject({
      name: 'Instruction des dossiers',
      description: 'Traitement des demandes',
      parent: null,
      manager: { id: hugo, person: { email: 'hugo.lefevre@lumiere.demo' } },
      memberCount: 1,
    });
    expect(await adminRolesOn(group.id)).toEqual([
      { email: 'hugo.lefevre@lumiere.demo', kind: 'GROUP_MANAGER' },
    ]);
    expect(await auditActions(group.id)).toEqual(['group.created']);
  });

  it('creates the responsable on the spot: a new member with a temporary password and a welcome e-mail', async () => {
    const group = success(
      await createGroup(paul, {
        organisationId: lumiereId,
        name: 'Médiation',
        manager: {
          newMember: {
            lastName: 'Roux',
            firstName: 'Camille',
            email: 'camille.roux@lumiere.demo',
            emailConfirmation: 'camille.roux@lumiere.demo',
            mobility: 'MOBILE',
          },
        },
      }),
    );
    expect(group.manager.person.email).toBe('camille.roux@lumiere.demo');
    expect(group.memberCount).toBe(1);
    expect(await adminRolesOn(group.id)).toEqual([
      { email: 'camille.roux@lumiere.demo', kind: 'GROUP_MANAGER' },
    ]);
    const [person] = await sql<{ must_change_password: boolean }>(
      t,
      `select must_change_password from person where email = 'camille.roux@lumiere.demo'`,
    );
    expect(person?.must_change_password).toBe(true);
    await t.smtp.waitFor((mail) => mail.to.includes('camille.roux@lumiere.demo'));
  });

  it('refuses bad input with a typed error naming the field, and leaves nothing behind', async () => {
    const before = await sql(t, 'select count(*)::int as n from member_group');
    const cases: [Record<string, unknown>, string, string][] = [
      [{ name: '   ', manager: { memberId: hugo } }, 'INVALID_INPUT', 'name'],
      [{ name: 'x'.repeat(121), manager: { memberId: hugo } }, 'INVALID_INPUT', 'name'],
      [{ name: 'Accueil', manager: { memberId: hugo } }, 'CONFLICT', 'name'],
      [{ name: 'accueil', manager: { memberId: hugo } }, 'CONFLICT', 'name'],
      [{ name: 'Sans responsable', manager: {} }, 'INVALID_INPUT', 'manager'],
      [
        {
          name: 'Deux responsables',
          manager: {
            memberId: hugo,
            newMember: {
              lastName: 'A',
              firstName: 'B',
              email: 'a.b@lumiere.demo',
              emailConfirmation: 'a.b@lumiere.demo',
              mobility: 'DESK',
            },
          },
        },
        'INVALID_INPUT',
        'manager',
      ],
      [{ name: 'Mauvais id', parentId: 'nope', manager: { memberId: hugo } }, 'INVALID_INPUT', 'parentId'],
      [{ name: 'Mauvais id', manager: { memberId: lumiereId } }, 'INVALID_INPUT', 'manager.memberId'],
      [
        {
          name: 'Adresse différente',
          manager: {
            newMember: {
              lastName: 'Roux',
              firstName: 'Léo',
              email: 'leo.roux@lumiere.demo',
              emailConfirmation: 'leo.rous@lumiere.demo',
              mobility: 'DESK',
            },
          },
        },
        'INVALID_INPUT',
        'emailConfirmation',
      ],
    ];
    for (const [input, code, field] of cases) {
      const payload = await createGroup(paul, { organisationId: lumiereId, ...input });
      expect({ code: payload.code, field: payload.field }, JSON.stringify(input)).toEqual({ code, field });
    }
    expect(await sql(t, 'select count(*)::int as n from member_group')).toEqual(before);
    expect(await sql(t, `select 1 from person where email = 'leo.roux@lumiere.demo'`)).toEqual([]);
  });

  it('settles two simultaneous creations of the same name: one group, one CONFLICT on name', async () => {
    const input = { organisationId: lumiereId, name: 'Guichet', manager: { memberId: hugo } };
    const results = await Promise.all([createGroup(paul, input), createGroup(paul, input)]);
    expect(results.map((r) => r.__typename).sort()).toEqual(['ConflictError', 'MutationCreateGroupSuccess']);
    expect(results.find((r) => r.code)).toMatchObject({ code: 'CONFLICT', field: 'name' });
    expect(await sql(t, `select 1 from member_group where name = 'Guichet'`)).toHaveLength(1);
  });

  it('lets a responsable create sub-groups of its own group only, named after members it sees', async () => {
    const sub = success(
      await createGroup(sophie, {
        organisationId: lumiereId,
        name: 'Accueil du soir',
        parentId: accueil,
        manager: { memberId: hugo },
      }),
    );
    expect(sub.parent).toEqual({ id: accueil, name: 'Accueil' });
    expect(await adminRolesOn(sub.id)).toEqual([
      { email: 'hugo.lefevre@lumiere.demo', kind: 'GROUP_MANAGER' },
    ]);
    // a sub-sub-group, still below its own group
    success(
      await createGroup(sophie, {
        organisationId: lumiereId,
        name: 'Week-end',
        parentId: sub.id,
        manager: { memberId: sophieMember },
      }),
    );

    const topLevel = await createGroup(sophie, {
      organisationId: lumiereId,
      name: 'Hors de mon groupe',
      manager: { memberId: hugo },
    });
    expect(topLevel.code).toBe('NOT_AUTHORISED');
    const instruction = await groupId(t, 'Instruction des dossiers');
    const elsewhere = await createGroup(sophie, {
      organisationId: lumiereId,
      name: 'Ailleurs',
      parentId: instruction,
      manager: { memberId: sophieMember },
    });
    expect(elsewhere.code).toBe('NOT_AUTHORISED');
    // Paul is no member of Accueil: Sophie cannot see him, so she cannot name him.
    const paulMember = await memberId(t, 'paul.girard@lumiere.demo');
    const unseen = await createGroup(sophie, {
      organisationId: lumiereId,
      name: 'Avec Paul',
      parentId: accueil,
      manager: { memberId: paulMember },
    });
    expect(unseen.code).toBe('NOT_FOUND');
  });
});

describe('the groups tree', () => {
  const TREE = `query($org: ID!, $first: Int, $after: String) {
    groups(organisationId: $org, first: $first, after: $after) {
      edges { node { name memberCount parent { name } children { name } } }
      pageInfo { hasNextPage endCursor }
    }
  }`;

  it('lists every group of the organisation to its principal admin, by name, with member counts', async () => {
    const data = await paul.ok(TREE, { org: lumiereId });
    const nodes = data.groups.edges.map((e: Json) => e.node);
    const names = nodes.map((n: Json) => n.name);
    expect(names).toEqual([...names].sort());
    expect(names).toEqual(
      expect.arrayContaining([
        'Accueil',
        'Accueil du soir',
        'Instruction des dossiers',
        'Médiation',
        'Week-end',
      ]),
    );
    const accueilNode = nodes.find((n: Json) => n.name === 'Accueil');
    expect(accueilNode).toEqual({
      name: 'Accueil',
      memberCount: 2,
      parent: null,
      children: [{ name: 'Accueil du soir' }],
    });
    expect(nodes.find((n: Json) => n.name === 'Week-end').parent).toEqual({ name: 'Accueil du soir' });
  });

  it('pages with a keyset cursor without gaps or repeats', async () => {
    const all = (await paul.ok(TREE, { org: lumiereId })).groups.edges.map((e: Json) => e.node.name);
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page: Json = await paul.ok(TREE, { org: lumiereId, first: 2, after });
      seen.push(...page.groups.edges.map((e: Json) => e.node.name));
      after = page.groups.pageInfo.hasNextPage ? page.groups.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toEqual(all);
  });

  it('tells who may create top-level groups: the partner administrator, not a responsable', async () => {
    const query = `query($org: ID!) { node(id: $org) { ... on Organisation { viewerCanCreateGroups } } }`;
    expect((await paul.ok(query, { org: lumiereId })).node.viewerCanCreateGroups).toBe(true);
    expect((await sophie.ok(query, { org: lumiereId })).node.viewerCanCreateGroups).toBe(false);
  });

  it('shows a responsable its own group subtree only', async () => {
    const data = await sophie.ok(TREE, { org: lumiereId });
    expect(data.groups.edges.map((e: Json) => e.node.name)).toEqual([
      'Accueil',
      'Accueil du soir',
      'Week-end',
    ]);
  });

  it('counts members of a whole page in one grouped query', async () => {
    const data = await paul.ok(TREE, { org: lumiereId });
    const counts = Object.fromEntries(data.groups.edges.map((e: Json) => [e.node.name, e.node.memberCount]));
    const rows = await sql<{ name: string; n: number }>(
      t,
      `select g.name, count(gm.member_id)::int as n from member_group g left join group_membership gm on gm.group_id = g.id
        where g.organisation_id = $1 group by g.name`,
      [rawId(lumiereId)],
    );
    expect(counts).toEqual(Object.fromEntries(rows.map((r) => [r.name, r.n])));
  });
});

describe('updating, deleting and changing the responsable of a group', () => {
  it('renames a group and moves it; a responsable cannot rename its own group', async () => {
    const instruction = await groupId(t, 'Instruction des dossiers');
    const renamed = success(
      await mutate(
        paul,
        'updateGroup',
        'UpdateGroupInput',
        { groupId: instruction, name: 'Instruction', description: null },
        GROUP,
      ),
    );
    expect(renamed).toMatchObject({ name: 'Instruction', description: null });
    const own = await mutate(
      sophie,
      'updateGroup',
      'UpdateGroupInput',
      { groupId: accueil, name: 'Mon accueil' },
      GROUP,
    );
    expect(own.code).toBe('NOT_AUTHORISED');
    expect(await auditActions(instruction)).toEqual(['group.created', 'group.updated']);
  });

  it('changes the responsable: the new one gains the role and joins, the old one keeps its membership', async () => {
    const instruction = await groupId(t, 'Instruction');
    const changed = success(
      await mutate(
        paul,
        'changeGroupManager',
        'ChangeGroupManagerInput',
        { groupId: instruction, manager: { memberId: sophieMember } },
        GROUP,
      ),
    );
    expect(changed.manager.id).toBe(sophieMember);
    expect(changed.memberCount).toBe(2);
    expect(await adminRolesOn(instruction)).toEqual([
      { email: 'sophie.martin@lumiere.demo', kind: 'GROUP_MANAGER' },
    ]);
  });

  it('refuses to delete a group with sub-groups, then deletes a leaf with its grants and roles', async () => {
    const blocked = await mutate(paul, 'deleteGroup', 'DeleteGroupInput', { groupId: accueil }, '');
    expect(blocked).toMatchObject({ code: 'CONFLICT', field: 'groupId' });
    const weekend = await groupId(t, 'Week-end');
    const versionOf = async () =>
      (
        await sql<{ version: number }>(t, 'select version from member_group where id = $1', [rawId(weekend)])
      )[0]!.version;
    // Decided on the group as it was: renamed meanwhile, the delete is refused as stale and nothing goes.
    const seen = await versionOf();
    await mutate(
      paul,
      'updateGroup',
      'UpdateGroupInput',
      { groupId: weekend, name: 'Week-end et fériés' },
      'id',
    );
    const stale = await mutate(
      paul,
      'deleteGroup',
      'DeleteGroupInput',
      { groupId: weekend, expectedVersion: seen },
      '',
    );
    expect(stale).toMatchObject({ __typename: 'ConflictError', field: 'expectedVersion' });
    expect(await versionOf()).toBe(seen + 1);
    const fromSophie = await paul.ok(
      `mutation($input: DeleteGroupInput!) { deleteGroup(input: $input) { __typename ... on MutationDeleteGroupSuccess { data } } }`,
      { input: { groupId: weekend, expectedVersion: seen + 1 } },
    );
    expect(fromSophie.deleteGroup.data).toBe(weekend);
    expect(await sql(t, 'select 1 from member_group where id = $1', [rawId(weekend)])).toEqual([]);
    expect(await adminRolesOn(weekend)).toEqual([]);
    expect(await auditActions(weekend)).toEqual(['group.created', 'group.updated', 'group.deleted']);
  });
});

describe('adding members, from the group’s side and from the member’s side (Caf steps 4 and 5)', () => {
  const MEMBERS = `query($id: ID!, $first: Int, $after: String) { node(id: $id) { ... on Group {
    memberCount members(first: $first, after: $after) { edges { blocked node { person { lastName } } } pageInfo { hasNextPage endCursor } }
  } } }`;

  it('adds members to a group, keeps those already in it, and pages them by name', async () => {
    const mediation = await groupId(t, 'Médiation');
    const paulMember = await memberId(t, 'paul.girard@lumiere.demo');
    success(
      await mutate(
        paul,
        'addMembersToGroup',
        'AddMembersToGroupInput',
        { groupId: mediation, memberIds: [hugo, paulMember, hugo] },
        'id',
      ),
    );
    success(
      await mutate(
        paul,
        'addMembersToGroup',
        'AddMembersToGroupInput',
        { groupId: mediation, memberIds: [hugo] },
        'id',
      ),
    );
    const data = await paul.ok(MEMBERS, { id: mediation });
    expect(data.node.memberCount).toBe(3);
    expect(data.node.members.edges.map((e: Json) => e.node.person.lastName)).toEqual([
      'Girard',
      'Lefèvre',
      'Roux',
    ]);
    const first = await paul.ok(MEMBERS, { id: mediation, first: 2 });
    expect(first.node.members.pageInfo.hasNextPage).toBe(true);
    const second = await paul.ok(MEMBERS, {
      id: mediation,
      first: 2,
      after: first.node.members.pageInfo.endCursor,
    });
    expect(second.node.members.edges.map((e: Json) => e.node.person.lastName)).toEqual(['Roux']);
    expect(await auditActions(mediation)).toEqual(['group.created', 'group.members_added']);
  });

  it('searches a group’s members by first name, last name or e-mail, accents and case ignored', async () => {
    const SEARCH = `query($id: ID!, $search: String) { node(id: $id) { ... on Group {
      members(search: $search) { edges { node { person { lastName } } } }
    } } }`;
    const mediation = await groupId(t, 'Médiation');
    const found = async (search: string) =>
      (await paul.ok(SEARCH, { id: mediation, search })).node.members.edges.map(
        (e: Json) => e.node.person.lastName,
      );
    for (const search of ['lefevre', 'Lefèvre', 'LEFÈ', 'hugo', 'Hugo Lef', 'lef hu', 'hugo.lefevre@'])
      expect({ search, found: await found(search) }).toEqual({ search, found: ['Lefèvre'] });
    expect(await found('  ')).toEqual(['Girard', 'Lefèvre', 'Roux']);
    // Sophie is a member of the organisation, not of this group (yet); a lone accent finds nobody.
    expect(await found('sophie')).toEqual([]);
    expect(await found('^')).toEqual([]);
    // Limits before work: a typed refusal naming the field, never an internal error.
    const tooLong = await paul.gql(SEARCH, { id: mediation, search: 'a'.repeat(101) });
    expect(tooLong.errors?.map((error) => error.extensions?.code)).toEqual(['INVALID_INPUT']);
    expect(tooLong.errors?.[0]?.extensions?.field).toBe('search');
    // Another organisation finds nothing, whatever it searches.
    const foreign = await claire.gql(SEARCH, { id: mediation, search: 'hugo' });
    expect(foreign.errors?.map((error) => error.extensions?.code)).toEqual(['NOT_FOUND']);
    expect(JSON.stringify(foreign)).not.toMatch(/Lef/i);
  });

  it('adds one member to several groups from the member’s side', async () => {
    const mediation = await groupId(t, 'Médiation');
    const instruction = await groupId(t, 'Instruction');
    const member = success(
      await mutate(
        paul,
        'addMemberToGroups',
        'AddMemberToGroupsInput',
        { memberId: sophieMember, groupIds: [mediation, instruction] },
        'groups { group { name } blocked }',
      ),
    );
    // Already in Instruction since she manages it: left as it is.
    expect(member.groups).toEqual([
      { group: { name: 'Accueil' }, blocked: false },
      { group: { name: 'Instruction' }, blocked: false },
      { group: { name: 'Médiation' }, blocked: false },
    ]);
  });

  it('lets a responsable add to its own group only members it sees, and refuses empty or foreign lists', async () => {
    const paulMember = await memberId(t, 'paul.girard@lumiere.demo');
    const unseen = await mutate(
      sophie,
      'addMembersToGroup',
      'AddMembersToGroupInput',
      { groupId: accueil, memberIds: [paulMember] },
      'id',
    );
    expect(unseen.code).toBe('NOT_FOUND');
    const empty = await mutate(
      paul,
      'addMembersToGroup',
      'AddMembersToGroupInput',
      { groupId: accueil, memberIds: [] },
      'id',
    );
    expect(empty).toMatchObject({ code: 'INVALID_INPUT', field: 'memberIds' });
    const mediation = await groupId(t, 'Médiation');
    const notHers = await mutate(
      sophie,
      'addMemberToGroups',
      'AddMemberToGroupsInput',
      { memberId: hugo, groupIds: [mediation] },
      'id',
    );
    expect(notHers.code).toBe('NOT_AUTHORISED');
  });
});

describe('organisation B on organisation A’s groups (rule 2)', () => {
  it('cannot read A’s groups, their members or grants', async () => {
    const list = await claire.gql(
      `query($org: ID!) { groups(organisationId: $org) { edges { node { name } } } }`,
      { org: lumiereId },
    );
    expect(list.errors).toHaveLength(1);
    expect(list.errors?.[0]).toMatchObject({ path: ['groups'], extensions: { code: 'NOT_AUTHORISED' } });
    expect(list.data?.groups ?? null).toBeNull();
    const node = await claire.gql(
      `query($id: ID!) { node(id: $id) { ... on Group { name members { edges { node { id } } } grants { suspended } } } }`,
      { id: accueil },
    );
    expect(node.data?.node ?? null).toBeNull();
  });

  it('cannot create, change, delete or fill A’s groups: refused, nothing changed', async () => {
    const snapshot = async () =>
      sql(
        t,
        `select g.id, g.name, g.manager_id, (select count(*) from group_membership gm where gm.group_id = g.id)::int as n
                from member_group g where g.organisation_id = $1 order by g.id`,
        [rawId(lumiereId)],
      );
    const before = await snapshot();
    const yves = await memberId(t, 'yves.perret@morges.demo');
    const attempts = [
      await createGroup(claire, { organisationId: lumiereId, name: 'Intrus', manager: { memberId: hugo } }),
      await createGroup(claire, { organisationId: lumiereId, name: 'Intrus', manager: { memberId: yves } }),
      await createGroup(claire, {
        organisationId: morgesId,
        name: 'Intrus',
        parentId: accueil,
        manager: { memberId: yves },
      }),
      await mutate(claire, 'updateGroup', 'UpdateGroupInput', { groupId: accueil, name: 'Pris' }, 'id'),
      await mutate(
        claire,
        'deleteGroup',
        'DeleteGroupInput',
        { groupId: await groupId(t, 'Accueil du soir') },
        '',
      ),
      await mutate(
        claire,
        'changeGroupManager',
        'ChangeGroupManagerInput',
        { groupId: accueil, manager: { memberId: yves } },
        'id',
      ),
      await mutate(
        claire,
        'addMembersToGroup',
        'AddMembersToGroupInput',
        { groupId: accueil, memberIds: [yves] },
        'id',
      ),
      await mutate(
        claire,
        'addMembersToGroup',
        'AddMembersToGroupInput',
        { groupId: accueil, memberIds: [hugo] },
        'id',
      ),
      await mutate(
        claire,
        'addMemberToGroups',
        'AddMemberToGroupsInput',
        { memberId: hugo, groupIds: [accueil] },
        'id',
      ),
      await mutate(
        claire,
        'addMemberToGroups',
        'AddMemberToGroupsInput',
        { memberId: yves, groupIds: [accueil] },
        'id',
      ),
    ];
    for (const payload of attempts) {
      expect(['NOT_FOUND', 'NOT_AUTHORISED', 'INVALID_INPUT'], JSON.stringify(payload)).toContain(
        payload.code,
      );
      expect(payload.__typename).not.toMatch(/Success$/);
    }
    expect(await snapshot()).toEqual(before);
  });
});
