import { randomUUID } from 'node:crypto';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { type GraphQLField, getNamedType, isNonNullType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestClient } from './app.js';
import {
  argumentsFor,
  decodeId,
  idSlots,
  operationFor,
  rootFields,
  Secrets,
  stringsIn,
} from './cross-tenant.js';
import { actingOrganisationId, sql } from './tenants.js';

/**
 * Rule 2, tried exhaustively. Organisation A (Morges) is observed through its principal admin; then every
 * query and mutation that takes an id anywhere in its arguments is called by each admin of organisation B
 * (Lumière) with each of A's ids in turn. No answer may carry anything of A, and A's rows must not change.
 * Everything is derived from the schema: a new field with an id argument is attacked without editing this file.
 */

let t: TestApp;
let claire: TestClient;
let morgesId: string;
let lumiereId: string;
const secrets = new Secrets();
const attackers: { email: string; client: TestClient }[] = [];

/** A digest of every row of A: rows with its organisation id, its persons and their tokens and mail. */
async function digestOfA(): Promise<string> {
  const raw = Buffer.from(morgesId, 'base64').toString().split(':')[1]!;
  const tables = await sql<{ table_name: string; column_name: string }>(
    t,
    `select table_name, column_name from information_schema.columns
      where table_schema = 'public' and column_name in ('organisation_id', 'organisation') order by table_name`,
  );
  const parts: string[] = [];
  const digest = async (label: string, from: string, where: string) => {
    const [row] = await sql<{ d: string | null; n: number }>(
      t,
      `select md5(string_agg(row_to_json(x)::text, '|' order by row_to_json(x)::text)) as d, count(*)::int as n
         from (select * from ${from} where ${where}) x`,
      [raw],
    );
    parts.push(`${label}:${row!.n}:${row!.d}`);
  };
  for (const { table_name, column_name } of tables)
    await digest(table_name, `"${table_name}"`, `"${column_name}" = $1`);
  await digest('organisation-row', 'organisation', 'id = $1');
  const persons = `(select person_id from member where organisation_id = $1)`;
  await digest('person', 'person', `id in ${persons}`);
  await digest('one_time_token', 'one_time_token', `person_id in ${persons}`);
  await digest(
    'outbox',
    'outbox_message',
    `payload->>'to' in (select email from person where id in ${persons})`,
  );
  return parts.join('\n');
}

beforeAll(async () => {
  // This probe selects every field of every type, each aliased: far beyond what a client may send, so the
  // size limits (not the subject here, see limits.int.test.ts) are raised for it.
  t = await startTestApp({
    GRAPHQL_MAX_TOKENS: '1000000',
    GRAPHQL_MAX_DEPTH: '100',
    GRAPHQL_MAX_ALIASES: '100000',
    GRAPHQL_MAX_COST: '1000000000',
  });
  claire = await t.as('claire.morel@morges.demo');
  morgesId = await actingOrganisationId(claire);
  for (const email of ['paul.girard@lumiere.demo', 'sophie.martin@lumiere.demo'])
    attackers.push({ email, client: await t.as(email) });
  lumiereId = await actingOrganisationId(attackers[0]!.client);
});
afterAll(async () => t?.stop());

/** Every id and every distinctive text of A that its principal admin can observe, following ids until none is new. */
async function observeA(): Promise<void> {
  const seen = new Set<string>();
  const absorb = (answer: unknown) => {
    const fresh: string[] = [];
    for (const text of stringsIn((answer as { data?: unknown }).data)) {
      if (decodeId(text)) {
        if (secrets.addId(text)) fresh.push(text);
      } else if (/@/.test(text) && text.endsWith('.demo')) secrets.addWord(text);
    }
    return fresh;
  };
  // Every root query whose required arguments can be filled with A's organisation id.
  for (const field of rootFields('query')) {
    const args: Record<string, unknown> = {};
    let fillable = true;
    for (const arg of field.args) {
      const idArg = getNamedType(arg.type).name === 'ID';
      if (arg.name === 'organisationId') args[arg.name] = morgesId;
      else if (isNonNullType(arg.type) && (idArg || arg.defaultValue === undefined)) fillable = false;
    }
    if (!fillable) continue;
    const { query, variables } = operationFor('query', field, args, 3);
    absorb(await claire.gql(query, variables));
  }
  // Then every id through node(), until nothing new turns up.
  let frontier = [...secrets.ids.keys()];
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const id of frontier) {
      if (seen.has(id)) continue;
      seen.add(id);
      const node = rootFields('query').find((field) => field.name === 'node')!;
      const { query, variables } = operationFor('query', node, { id }, 3);
      next.push(...absorb(await claire.gql(query, variables)));
    }
    frontier = next;
  }
  const organisation = await claire.ok(`query($id: ID!) { node(id: $id) { ... on Organisation { name } } }`, {
    id: morgesId,
  });
  secrets.addWord(organisation.node.name);
  secrets.addWord('Morges');
  const units = await claire.ok(
    `query($id: ID!) { units(organisationId: $id, first: 200) { edges { node { name } } } }`,
    { id: morgesId },
  );
  for (const edge of units.units.edges) secrets.addWord(edge.node.name);
}

/** Runs tasks with a few in flight at a time. */
async function inParallel<T>(items: T[], limit: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await run(items[next++]!);
    }),
  );
}

describe('organisations are sealed (rule 2)', () => {
  it('observes what organisation A’s principal admin can see of A', async () => {
    await observeA();
    const typenames = new Set(secrets.ids.values());
    for (const typename of [
      'Organisation',
      'Unit',
      'Member',
      'Person',
      'AdminRole',
      'AuditEvent',
      'Agreement',
      'AgreementItem',
    ])
      expect(typenames, `no ${typename} of A observed`).toContain(typename);
    expect(secrets.words).toContain('claire.morel@morges.demo');
    expect(secrets.words).toContain('Service de la population');
  });

  it('notices a leak: the checker flags an A id, a raw A uuid or an A name in an answer', () => {
    const [unitId] = [...secrets.ids].find(([, typename]) => typename === 'Unit')!;
    const raw = decodeId(unitId)!.id;
    expect(secrets.leaksIn({ data: { node: { id: unitId } } })).toContain(unitId);
    expect(secrets.leaksIn({ errors: [{ message: `unit ${raw} is busy` }] })).toContain(raw);
    expect(secrets.leaksIn({ data: { name: 'COMMUNE DE MORGES' } })).toContain('Commune de Morges');
    expect(
      secrets.leaksIn({
        data: { organisations: [] },
        errors: [{ message: 'You are not allowed to do this.' }],
      }),
    ).toEqual([]);
  });

  it('notices a change: the digest of A moves when one of A’s rows does', async () => {
    const before = await digestOfA();
    const raw = Buffer.from(morgesId, 'base64').toString().split(':')[1]!;
    await sql(t, `update unit set name = name || ' ' where organisation_id = $1 and parent_id is null`, [
      raw,
    ]);
    expect(await digestOfA()).not.toBe(before);
    await sql(t, `update unit set name = rtrim(name) where organisation_id = $1 and parent_id is null`, [
      raw,
    ]);
    expect(await digestOfA()).toBe(before);
  });

  it('gives B’s admins nothing of A through any query or mutation taking an id, and changes nothing of A', async () => {
    const before = await digestOfA();
    const targets: { kind: 'query' | 'mutation'; field: GraphQLField<unknown, unknown> }[] = [
      ...rootFields('query').map((field) => ({ kind: 'query' as const, field })),
      ...rootFields('mutation').map((field) => ({ kind: 'mutation' as const, field })),
    ].filter(({ field }) => idSlots(field).length > 0);
    expect(targets.map(({ field }) => field.name)).toEqual(
      expect.arrayContaining([
        'node',
        'units',
        'administrators',
        'auditEvents',
        'renameUnit',
        'nameAdministrator',
        'removeAdministrator',
      ]),
    );

    const attempts: {
      email: string;
      client: TestClient;
      kind: 'query' | 'mutation';
      field: GraphQLField<unknown, unknown>;
      args: Record<string, unknown>;
    }[] = [];
    for (const attacker of attackers)
      for (const { kind, field } of targets)
        for (const slot of idSlots(field))
          for (const foreignId of secrets.ids.keys())
            attempts.push({
              ...attacker,
              kind,
              field,
              args: argumentsFor(field, slot, foreignId, { ownId: lumiereId }),
            });

    const leaks: string[] = [];
    const internal: string[] = [];
    const exercised = new Set<string>();
    await inParallel(attempts, 12, async ({ email, client, kind, field, args }) => {
      const { query, variables } = operationFor(kind, field, args);
      const answer = await client.gql(query, variables);
      exercised.add(field.name);
      const found = secrets.leaksIn(answer);
      if (found.length > 0)
        leaks.push(
          `${email} ${field.name}(${JSON.stringify(args)}) gave away ${found.join(', ')}: ${JSON.stringify(answer).slice(0, 400)}`,
        );
      if (JSON.stringify(answer).includes('"INTERNAL"'))
        internal.push(`${email} ${field.name}(${JSON.stringify(args)})`);
    });

    console.info(
      `cross-tenant: ${attempts.length} attempts on ${targets.length} fields with ${secrets.ids.size} ids of A (${[...new Set(secrets.ids.values())].join(', ')})`,
    );
    expect(leaks).toEqual([]);
    expect(internal).toEqual([]);
    expect([...exercised].sort()).toEqual(targets.map(({ field }) => field.name).sort());
    expect(attempts.length).toBeGreaterThan(1000);
    expect(await digestOfA()).toBe(before);
    // The attackers were signed in and acting for B all along (an attempt that dropped the session would hide leaks).
    for (const { client } of attackers) expect(await actingOrganisationId(client)).toBe(lumiereId);
  }, 600_000);

  it('answers an id of A exactly as an unknown id of the same type, field by field (code, message, shape)', async () => {
    const { client } = attackers[0]!;
    const oneIdPerType = new Map<string, string>();
    for (const [id, typename] of secrets.ids) if (!oneIdPerType.has(typename)) oneIdPerType.set(typename, id);
    const unknownOf = (foreignId: string, typename: string) => {
      const raw = decodeId(foreignId)!.id;
      return encodeGlobalID(typename, raw.length === 36 ? randomUUID() : '2147480000');
    };
    const differences: string[] = [];
    let compared = 0;
    const targets = [
      ...rootFields('query').map((field) => ({ kind: 'query' as const, field })),
      ...rootFields('mutation').map((field) => ({ kind: 'mutation' as const, field })),
    ].filter(({ field }) => idSlots(field).length > 0);
    for (const { kind, field } of targets)
      for (const slot of idSlots(field))
        for (const [typename, foreignId] of oneIdPerType) {
          const foreign = operationFor(
            kind,
            field,
            argumentsFor(field, slot, foreignId, { ownId: lumiereId }),
          );
          const unknown = operationFor(
            kind,
            field,
            argumentsFor(field, slot, unknownOf(foreignId, typename), { ownId: lumiereId }),
          );
          const [a, b] = [
            await client.gql(foreign.query, foreign.variables),
            await client.gql(unknown.query, unknown.variables),
          ];
          compared += 1;
          if (JSON.stringify(a) !== JSON.stringify(b))
            differences.push(
              `${field.name} [${slot.path.join('.')}] with a ${typename} of A: ${JSON.stringify(a).slice(0, 300)} vs unknown: ${JSON.stringify(b).slice(0, 300)}`,
            );
        }
    expect(differences).toEqual([]);
    expect(compared).toBeGreaterThan(100);
    expect(await actingOrganisationId(client)).toBe(lumiereId);
  }, 600_000);
});
