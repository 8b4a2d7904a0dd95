import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestClient } from './app.js';
import { graphql, type ResultOf, succeeded } from './graphql.js';
import { actingOrganisationId, gid, siren, sql } from './tenants.js';

let t: TestApp;
let operator: TestClient;
let claire: TestClient;
let morgesId: string;
let lumiereId: string;
let claireId: string;

const AUDIT =
  graphql(`query Audit($org: ID, $first: Int, $after: String, $actor: ID, $target: ID, $action: String, $from: DateTime, $to: DateTime) {
  auditEvents(organisationId: $org, first: $first, after: $after, actorId: $actor, targetId: $target, action: $action, from: $from, to: $to) {
    edges { node { id at action actingAs targetType targetId actorName before after organisation { name } } }
    pageInfo { hasNextPage endCursor }
  }
}`);
const CREATE_UNIT = graphql(
  `mutation CreateUnit($input: CreateUnitInput!) { createUnit(input: $input) { __typename ... on MutationCreateUnitSuccess { data { id } } } }`,
);
const RENAME_UNIT = graphql(
  `mutation RenameUnit($input: RenameUnitInput!) { renameUnit(input: $input) { __typename } }`,
);

type AuditEvent = ResultOf<typeof AUDIT>['auditEvents']['edges'][number]['node'];
const nodes = (data: ResultOf<typeof AUDIT> | null | undefined): AuditEvent[] =>
  data?.auditEvents.edges.map((e) => e.node) ?? [];

beforeAll(async () => {
  t = await startTestApp();
  [operator, claire] = await Promise.all([t.as('operateur@tessera.demo'), t.as('claire.morel@morges.demo')]);
  const paul = await t.as('paul.girard@lumiere.demo');
  [morgesId, lumiereId] = await Promise.all([actingOrganisationId(claire), actingOrganisationId(paul)]);
  claireId = (await claire.ok('{ viewer { person { id } } }')).viewer.person.id;
});
afterAll(async () => t?.stop());

describe('the audit log of an organisation', () => {
  it('shows the organisation’s own events, newest first, with before and after', async () => {
    const created = await claire.ok(CREATE_UNIT, {
      input: { organisationId: morgesId, name: 'Service des sports' },
    });
    const unitId = succeeded(created.createUnit).data.id;
    await claire.ok(RENAME_UNIT, { input: { unitId, name: 'Service des sports et loisirs' } });
    const log = nodes(await claire.ok(AUDIT, { org: morgesId, first: 5 }));
    expect(log[0]).toMatchObject({
      action: 'unit.renamed',
      actingAs: 'MEMBER',
      actorName: 'Claire Morel',
      targetType: 'Unit',
      targetId: unitId,
      organisation: { name: 'Commune de Morges' },
    });
    expect(JSON.parse(log[0]?.before ?? 'null')).toEqual({ name: 'Service des sports' });
    expect(JSON.parse(log[0]?.after ?? 'null')).toEqual({ name: 'Service des sports et loisirs' });
    expect(log[1]).toMatchObject({ action: 'unit.created', targetId: unitId });
    const times = log.map((e) => Date.parse(e.at));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('filters by action, actor, target and period', async () => {
    // Its own unit, created and renamed here, so the filters find it whatever ran before.
    const created = await claire.ok(CREATE_UNIT, {
      input: { organisationId: morgesId, name: 'Service des parcs' },
    });
    const unitId = succeeded(created.createUnit).data.id;
    await claire.ok(RENAME_UNIT, { input: { unitId, name: 'Service des parcs et jardins' } });
    const byAction = nodes(await claire.ok(AUDIT, { org: morgesId, action: 'unit.created' }));
    expect(byAction.length).toBeGreaterThan(0);
    expect(byAction.every((e) => e.action === 'unit.created')).toBe(true);
    const byActor = nodes(await claire.ok(AUDIT, { org: morgesId, actor: claireId }));
    expect(byActor.every((e) => e.actorName === 'Claire Morel')).toBe(true);
    expect(byAction.map((e) => e.targetId)).toContain(unitId);
    const target = unitId;
    const byTarget = nodes(await claire.ok(AUDIT, { org: morgesId, target }));
    expect(byTarget.map((e) => e.action).sort()).toEqual(['unit.created', 'unit.renamed']);
    const future = nodes(
      await claire.ok(AUDIT, { org: morgesId, from: new Date(Date.now() + 3_600_000).toISOString() }),
    );
    expect(future).toEqual([]);
    const reversed = await claire.gql(AUDIT, {
      org: morgesId,
      from: '2026-02-01T00:00:00Z',
      to: '2026-01-01T00:00:00Z',
    });
    expect(reversed.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_INPUT', field: 'to' });
  });

  it('pages newest first without gaps or repeats', async () => {
    // Enough events for several pages, whatever ran before.
    for (const name of ['Service A', 'Service B', 'Service C'])
      succeeded((await claire.ok(CREATE_UNIT, { input: { organisationId: morgesId, name } })).createUnit);
    const all = nodes(await claire.ok(AUDIT, { org: morgesId, first: 200 }));
    expect(all.length).toBeGreaterThanOrEqual(3);
    const paged: string[] = [];
    let after: string | null = null;
    do {
      const page: ResultOf<typeof AUDIT> = await claire.ok(AUDIT, { org: morgesId, first: 2, after });
      paged.push(...nodes(page).map((e) => e.id));
      after = page.auditEvents.pageInfo.hasNextPage ? page.auditEvents.pageInfo.endCursor : null;
    } while (after);
    expect(paged).toEqual(all.map((e) => e.id));
  });

  it('is readable with audit:read over the whole organisation only', async () => {
    const marc = await t.as('marc.favre@morges.demo');
    expect((await marc.gql(AUDIT, { org: morgesId })).errors).toBeUndefined();
    const nadia = await t.as('nadia.keller@morges.demo');
    expect((await nadia.gql(AUDIT, { org: morgesId })).errors?.[0]?.extensions?.code).toBe('NOT_AUTHORISED');
    const lucie = await t.as('lucie.blanc@morges.demo');
    expect((await lucie.gql(AUDIT, { org: morgesId })).errors?.[0]?.extensions?.code).toBe('NOT_AUTHORISED');
  });

  it('is sealed: another organisation’s admin sees nothing, not even through node()', async () => {
    const paul = await t.as('paul.girard@lumiere.demo');
    const denied = await paul.gql(AUDIT, { org: morgesId });
    expect(denied.data?.auditEvents ?? null).toBeNull();
    expect(denied.errors?.[0]?.extensions?.code).toBe('NOT_AUTHORISED');
    const everything = await paul.gql(AUDIT, {});
    expect(everything.errors?.[0]?.extensions?.code).toBe('NOT_AUTHORISED');
    const morgesEvent = nodes(await claire.ok(AUDIT, { org: morgesId, first: 1 }))[0];
    const viaNode = await paul.gql(
      'query($id: ID!) { node(id: $id) { id ... on AuditEvent { action after } } }',
      { id: morgesEvent!.id },
    );
    expect(viaNode.data?.node ?? null).toBeNull();
    expect(JSON.stringify(viaNode)).not.toContain('sports');
    // Lumière's own log holds none of Morges's events.
    const own = nodes(await paul.ok(AUDIT, { org: lumiereId, first: 200 }));
    expect(own.every((e) => e.organisation?.name === 'Centre social Lumière')).toBe(true);
  });
});

describe('the operator’s audit log', () => {
  it('spans every organisation and records operator crossings as such', async () => {
    await operator.ok(
      `mutation($input: CreateOrganisationInput!) { createOrganisation(input: $input) { __typename } }`,
      { input: { name: 'Foyer Saint-Jean', registryKind: 'SIREN', registryNumber: siren('27182818') } },
    );
    const crossing = await operator.ok(CREATE_UNIT, {
      input: { organisationId: lumiereId, name: 'Antenne Nord' },
    });
    expect(crossing.createUnit.__typename).toBe('MutationCreateUnitSuccess');
    const log = nodes(await operator.ok(AUDIT, { first: 10 }));
    expect(log[0]).toMatchObject({
      action: 'unit.created',
      actingAs: 'OPERATOR',
      actorName: 'Olivia Brunner',
      organisation: { name: 'Centre social Lumière' },
    });
    expect(log[1]).toMatchObject({
      action: 'organisation.created',
      actingAs: 'OPERATOR',
      organisation: { name: 'Foyer Saint-Jean' },
    });
    const organisations = new Set(
      nodes(await operator.ok(AUDIT, { first: 200 })).map((e) => e.organisation?.name),
    );
    expect(organisations.size).toBeGreaterThan(2);
    // The organisation sees the operator's crossing in its own log.
    const paul = await t.as('paul.girard@lumiere.demo');
    const seen = nodes(await paul.ok(AUDIT, { org: lumiereId, action: 'unit.created' }));
    expect(seen[0]).toMatchObject({ actingAs: 'OPERATOR', actorName: 'Olivia Brunner' });
  });

  it('cannot be altered: the database refuses to rewrite, delete or truncate an event', async () => {
    const [row] = await sql<{ id: string; action: string }>(
      t,
      'select id, action from audit_event order by id desc limit 1',
    );
    expect(row?.action).not.toBe('forged');
    await expect(sql(t, `update audit_event set action = 'forged' where id = $1`, [row!.id])).rejects.toThrow(
      /append-only: UPDATE refused/,
    );
    await expect(sql(t, 'delete from audit_event where id = $1', [row!.id])).rejects.toThrow(
      /append-only: DELETE refused/,
    );
    await expect(sql(t, 'truncate audit_event')).rejects.toThrow(/append-only: TRUNCATE refused/);
    // Still there, unchanged, and still what the API serves under its id.
    expect(await sql(t, 'select id, action from audit_event where id = $1', [row!.id])).toEqual([row]);
    const node = await operator.ok(`query($id: ID!) { node(id: $id) { ... on AuditEvent { action } } }`, {
      id: gid('AuditEvent', row!.id),
    });
    expect(node.node).toEqual({ action: row!.action });
  });
});
