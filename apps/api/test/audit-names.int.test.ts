import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestClient } from './app.js';
import { graphql, type ResultOf, succeeded } from './graphql.js';
import { actingOrganisationId, gid, idOf, memberIdOf, sql } from './tenants.js';

let t: TestApp;
let claire: TestClient;
let paul: TestClient;
let operator: TestClient;
let morgesId: string;
let lumiereId: string;
let lucieId: string;
let accountingId: string;
const statements: string[] = [];

const AUDIT =
  graphql(`query AuditNames($org: ID, $first: Int, $after: String, $member: ID, $family: String, $from: DateTime, $to: DateTime) {
  auditEvents(organisationId: $org, first: $first, after: $after, memberId: $member, family: $family, from: $from, to: $to) {
    edges { node { id action actorName targetType targetId targetName details { field kind before after } } }
    pageInfo { hasNextPage endCursor }
  }
}`);
const ADD = graphql(
  `mutation Add($input: AddMembersToGroupInput!) { addMembersToGroup(input: $input) { __typename } }`,
);
const REMOVE = graphql(
  `mutation Remove($input: MemberGroupInput!) { removeMemberFromGroup(input: $input) { __typename } }`,
);
const CREATE_UNIT = graphql(
  `mutation CreateUnit($input: CreateUnitInput!) { createUnit(input: $input) { __typename ... on MutationCreateUnitSuccess { data { id } } } }`,
);
const NAME_ADMIN = graphql(
  `mutation NameAdmin($input: NameAdministratorInput!) { nameAdministrator(input: $input) { __typename ... on MutationNameAdministratorSuccess { data { id } } } }`,
);
const REMOVE_ADMIN = graphql(
  `mutation RemoveAdmin($input: RemoveAdministratorInput!) { removeAdministrator(input: $input) { __typename } }`,
);
const DELETE_UNIT = graphql(
  `mutation DeleteUnit($input: UnitIdInput!) { deleteUnit(input: $input) { __typename } }`,
);

type AuditEvent = ResultOf<typeof AUDIT>['auditEvents']['edges'][number]['node'];
const nodes = (data: ResultOf<typeof AUDIT> | null | undefined): AuditEvent[] =>
  data?.auditEvents.edges.map((e) => e.node) ?? [];
const raw = (globalId: string) => Buffer.from(globalId, 'base64').toString().split(':')[1]!;

beforeAll(async () => {
  t = await startTestApp({ BACKGROUND_SCHEDULE: 'off' });
  t.app.services.orm.em
    .getConnection()
    .getKnex()
    .on('query', (query: { sql: string }) => {
      if (!/^update "session" set "last_seen_at"/.test(query.sql)) statements.push(query.sql);
    });
  [claire, paul, operator] = await Promise.all([
    t.as('claire.morel@morges.demo'),
    t.as('paul.girard@lumiere.demo'),
    t.as('operateur@tessera.demo'),
  ]);
  [morgesId, lumiereId] = await Promise.all([actingOrganisationId(claire), actingOrganisationId(paul)]);
  lucieId = await memberIdOf(t, 'lucie.blanc@morges.demo');
  accountingId = await idOf(t, 'Group', `select id from member_group where name = 'Comptabilité'`);
  expect(
    (await claire.ok(ADD, { input: { groupId: accountingId, memberIds: [lucieId] } })).addMembersToGroup,
  ).toMatchObject({ __typename: 'MutationAddMembersToGroupSuccess' });
  expect(
    (await claire.ok(REMOVE, { input: { groupId: accountingId, memberId: lucieId } })).removeMemberFromGroup,
  ).toMatchObject({ __typename: 'MutationRemoveMemberFromGroupSuccess' });
});
afterAll(async () => t?.stop());

describe('the audit log names what it shows', () => {
  it('names the actor, the target and the ids of its data, from the event’s organisation', async () => {
    const [event] = nodes(await claire.ok(AUDIT, { org: morgesId, first: 1, family: 'member' }));
    expect(event).toMatchObject({
      action: 'member.removed-from-group',
      actorName: 'Claire Morel',
      targetType: 'Member',
      targetName: 'Lucie Blanc',
    });
    expect(event?.details).toContainEqual({
      field: 'groupId',
      kind: 'NAME',
      before: ['Comptabilité'],
      after: null,
    });
    expect(event?.details).toContainEqual({
      field: 'blocked',
      kind: 'VALUE',
      before: ['false'],
      after: null,
    });
    const added = nodes(await claire.ok(AUDIT, { org: morgesId, first: 5, family: 'group' })).find(
      (e) => e.action === 'group.members_added' && e.targetId === accountingId,
    );
    expect(added).toMatchObject({ targetName: 'Comptabilité' });
    expect(added?.details).toContainEqual({
      field: 'memberIds',
      kind: 'NAME',
      before: null,
      after: ['Lucie Blanc'],
    });
    // No id is left in what the page shows.
    expect(JSON.stringify(added?.details)).not.toContain(raw(lucieId));
  });

  it('keeps the name of a deleted target from the event’s data', async () => {
    const created = await claire.ok(CREATE_UNIT, {
      input: { organisationId: morgesId, name: 'Antenne provisoire' },
    });
    const unitId = succeeded(created.createUnit).data.id;
    expect((await claire.ok(DELETE_UNIT, { input: { unitId } })).deleteUnit.__typename).toBe(
      'MutationDeleteUnitSuccess',
    );
    const [deleted, made] = nodes(await claire.ok(AUDIT, { org: morgesId, first: 2, family: 'unit' }));
    expect(deleted).toMatchObject({ action: 'unit.deleted', targetName: 'Antenne provisoire' });
    // The creation's own data held the name too.
    expect(made).toMatchObject({ action: 'unit.created', targetName: 'Antenne provisoire' });
  });

  it('filters by a member of the organisation: what its person did and what was done to it', async () => {
    const log = nodes(await claire.ok(AUDIT, { org: morgesId, member: lucieId, first: 50 }));
    // Removed one by one (the member is the target), added in bulk (the group is the target, the member is in
    // the event's memberIds).
    expect(log.map((e) => e.action)).toEqual(
      expect.arrayContaining(['member.removed-from-group', 'group.members_added']),
    );
    const added = log.find((e) => e.action === 'group.members_added');
    expect(added?.targetId).toBe(accountingId);
    for (const e of log)
      expect(
        e.targetId === lucieId || e.actorName === 'Lucie Blanc' || e.action === 'group.members_added',
        `${e.action} on ${e.targetType} ${e.targetName}`,
      ).toBe(true);
    const otherMember = await memberIdOf(t, 'marc.favre@morges.demo');
    const others = nodes(await claire.ok(AUDIT, { org: morgesId, member: otherMember, first: 50 }));
    expect(others.map((e) => e.id)).not.toContain(added?.id);
    const claireMember = await memberIdOf(t, 'claire.morel@morges.demo');
    const byClaire = nodes(await claire.ok(AUDIT, { org: morgesId, member: claireMember, first: 50 }));
    expect(byClaire.map((e) => e.action)).toEqual(
      expect.arrayContaining(['member.removed-from-group', 'group.members_added']),
    );
  });

  it('keeps a member’s admin-role events after the role is removed (the role row is gone)', async () => {
    const julie = await memberIdOf(t, 'julie.rochat@morges.demo');
    const named = await operator.ok(NAME_ADMIN, { input: { memberId: julie, kind: 'CO_ADMIN' } });
    expect(named.nameAdministrator.__typename).toBe('MutationNameAdministratorSuccess');
    const roleId = succeeded(named.nameAdministrator).data.id;
    const before = nodes(await claire.ok(AUDIT, { org: morgesId, member: julie, first: 50 }));
    expect(before.map((e) => e.action)).toContain('admin-role.named');
    expect(
      (await operator.ok(REMOVE_ADMIN, { input: { adminRoleId: roleId } })).removeAdministrator.__typename,
    ).toBe('MutationRemoveAdministratorSuccess');
    const after = nodes(await claire.ok(AUDIT, { org: morgesId, member: julie, first: 50 }));
    expect(after.map((e) => e.action)).toEqual(
      expect.arrayContaining(['admin-role.named', 'admin-role.removed']),
    );
    // Another member's log does not show them.
    const lucieLog = nodes(await claire.ok(AUDIT, { org: morgesId, member: lucieId, first: 50 }));
    expect(lucieLog.map((e) => e.action)).not.toContain('admin-role.removed');
  });

  it('validates its filters with typed errors', async () => {
    const family = await claire.gql(AUDIT, { org: morgesId, family: 'members; drop table' });
    expect(family.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_INPUT', field: 'family' });
    const member = await claire.gql(AUDIT, { org: morgesId, member: gid('Group', raw(accountingId)) });
    expect(member.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_INPUT', field: 'memberId' });
    const date = await claire.gql(AUDIT, { org: morgesId, from: 'yesterday' });
    expect(date.errors?.length).toBeGreaterThan(0);
    expect(date.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'from' });
    expect(date.data ?? null).toBeNull();
  });
});

describe('the audit log’s names are sealed (rule 2)', () => {
  it('gives another organisation’s admin nothing for a member of Morges, not even its name', async () => {
    const result = await paul.gql(AUDIT, { org: lumiereId, member: lucieId, first: 50 });
    expect(result.errors).toBeUndefined();
    expect(nodes(result.data)).toEqual([]);
    expect(JSON.stringify(result)).not.toContain('Lucie');
  });

  it('names nothing of another organisation even when an event’s data points at it', async () => {
    // An event of Lumière whose data holds Morges's ids (written here by hand: the API never writes one).
    await sql(
      t,
      `insert into audit_event (at, organisation, actor_person, acting_as, action, target_type, target_id, before)
       values (now(), $1, null, 'SYSTEM', 'member.removed-from-group', 'Member', $2, $3)`,
      [raw(lumiereId), raw(lucieId), JSON.stringify({ groupId: raw(accountingId), unitId: raw(lucieId) })],
    );
    const [event] = nodes(await paul.ok(AUDIT, { org: lumiereId, first: 1 }));
    expect(event).toMatchObject({ action: 'member.removed-from-group', targetName: null });
    expect(event?.details).toContainEqual({ field: 'groupId', kind: 'NAME', before: [null], after: null });
    expect(JSON.stringify(event)).not.toMatch(/Lucie|Blanc|Comptabilité/);
    // Morges's own reader sees its names in its own events.
    const [own] = nodes(await claire.ok(AUDIT, { org: morgesId, first: 1, family: 'member' }));
    expect(own?.targetName).toBe('Lucie Blanc');
  });

  it('lets the operator read names across the organisations, in each one’s events', async () => {
    const log = nodes(await operator.ok(AUDIT, { first: 50, member: lucieId }));
    const byClaire = log.find(
      (e) => e.action === 'member.removed-from-group' && e.actorName === 'Claire Morel',
    );
    expect(byClaire?.targetName).toBe('Lucie Blanc');
    expect(byClaire?.details).toContainEqual({
      field: 'groupId',
      kind: 'NAME',
      before: ['Comptabilité'],
      after: null,
    });
  });
});

describe('the audit log’s names cost one statement a page', () => {
  it('does not grow with the page size', async () => {
    for (const name of Array.from({ length: 16 }, (_, i) => `Atelier ${i + 1}`))
      succeeded((await claire.ok(CREATE_UNIT, { input: { organisationId: morgesId, name } })).createUnit);
    const count = async (first: number) => {
      await claire.ok(AUDIT, { org: morgesId, first });
      statements.length = 0;
      const data = await claire.ok(AUDIT, { org: morgesId, first });
      return { count: statements.length, size: nodes(data).length };
    };
    const small = await count(2);
    const large = await count(40);
    expect(large.size).toBeGreaterThanOrEqual(small.size * 10);
    expect(large.count).toBe(small.count);
    // The page, the actors, the names: no statement per row.
    expect(large.count).toBeLessThanOrEqual(4);
  });
});
