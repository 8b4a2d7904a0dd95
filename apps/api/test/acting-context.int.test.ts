import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { globalId } from '../src/lib/ids.js';
import { rawId } from './access-fixtures.js';
import { startTestApp, type TestApp, type TestClient } from './app.js';
import { graphql } from './graphql.js';
import { actingOrganisationId, sql } from './tenants.js';

/**
 * The acting context (issue 13): who acts, with its roles and its organisation's topology version, in one
 * statement; the topology from the process cache while its version holds (bumped by triggers on units, groups
 * and admin roles); and AdminRole.namedBy answering null rather than failing a referent's whole page.
 */
let t: TestApp;
let claire: TestClient;
let nadia: TestClient;
let morgesId: string;
const statements: string[] = [];
let counting = false;

beforeAll(async () => {
  t = await startTestApp({ BACKGROUND_SCHEDULE: 'off' });
  const knex = t.app.services.orm.em.getConnection().getKnex();
  knex.on('query', (query: { sql: string }) => {
    if (counting) statements.push(query.sql);
  });
  claire = await t.as('claire.morel@morges.demo');
  nadia = await t.as('nadia.keller@morges.demo');
  morgesId = await actingOrganisationId(claire);
});
afterAll(async () => t?.stop());

async function statementsOf(client: TestClient, query: string, variables: Record<string, unknown> = {}) {
  statements.length = 0;
  counting = true;
  try {
    const data = await client.ok(query, variables);
    return { data, sql: [...statements] };
  } finally {
    counting = false;
  }
}

const ACTING = /from "session" s\s+join person p/;
const TOPOLOGY = /from member_group g where g\.organisation_id/;

describe('the acting context', () => {
  it('costs a warm signed-in request one statement before its own work', async () => {
    const query = '{ viewer { person { id } } }';
    await claire.ok(query); // warm: the session's lastSeenAt is recent, the topology cached
    const { data, sql: run } = await statementsOf(claire, query);
    expect(data.viewer.person.id).toBeTruthy();
    expect(run[0]).toMatch(ACTING);
    // the acting statement, then the viewer's person: nothing else reads sessions, people's states or roles
    expect(run.filter((text) => ACTING.test(text))).toHaveLength(1);
    expect(run.filter((text) => /admin_role|"session"/.test(text))).toHaveLength(1);
    expect(run.length).toBeLessThanOrEqual(2);
  });

  it('keeps the topology in process while its version holds, and sees a new unit at once', async () => {
    const memberOf = async (email: string) =>
      (
        await sql<{ id: string }>(
          t,
          'select m.id from member m join person p on p.id = m.person_id where p.email = $1',
          [email],
        )
      )[0]!.id;
    const [population] = await sql<{ id: string }>(
      t,
      `select id from unit where name = 'Service de la population' and organisation_id = $1`,
      [rawId(morgesId)],
    );
    const query = `query($id: ID!) { node(id: $id) { ... on Member { id } } }`;
    // Lucie is in Nadia's unit: a warm check of her reads no topology.
    const lucie = globalId('Member', await memberOf('lucie.blanc@morges.demo'));
    await nadia.ok(query, { id: lucie });
    const warm = await statementsOf(nadia, query, { id: lucie });
    expect(warm.data.node).toEqual({ id: lucie });
    expect(warm.sql.filter((text) => TOPOLOGY.test(text))).toEqual([]);
    // Yves is in Finances: out of her reach.
    const yvesId = await memberOf('yves.perret@morges.demo');
    const yves = globalId('Member', yvesId);
    expect((await nadia.gql(query, { id: yves })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

    // A unit added under hers by any writer (here raw SQL), with Yves in it: the trigger bumps the version, the
    // next request reads the topology again, once, and Nadia reaches Yves through the new unit.
    const version = async () =>
      (
        await sql<{ version: string }>(
          t,
          'select version::text from topology_version where organisation_id = $1',
          [rawId(morgesId)],
        )
      )[0]?.version ?? '0';
    const before = await version();
    const unitId = randomUUID();
    await sql(
      t,
      `insert into unit (id, created_at, organisation_id, parent_id, name) values ($1, now(), $2, $3, 'Guichet du soir')`,
      [unitId, rawId(morgesId), population!.id],
    );
    await sql(t, 'insert into member_unit (member_id, unit_id, organisation_id) values ($1, $2, $3)', [
      yvesId,
      unitId,
      rawId(morgesId),
    ]);
    expect(BigInt(await version())).toBeGreaterThan(BigInt(before));
    const fresh = await statementsOf(nadia, query, { id: yves });
    expect(fresh.data.node).toEqual({ id: yves });
    expect(fresh.sql.filter((text) => TOPOLOGY.test(text))).toHaveLength(1);
    const again = await statementsOf(nadia, query, { id: yves });
    expect(again.sql.filter((text) => TOPOLOGY.test(text))).toEqual([]);
  });

  it('bumps the version when an admin role changes', async () => {
    const version = async () =>
      (
        await sql<{ version: string }>(
          t,
          'select version::text from topology_version where organisation_id = $1',
          [rawId(morgesId)],
        )
      )[0]?.version ?? '0';
    const before = await version();
    await sql(
      t,
      `update admin_role set valid_until = now() + interval '1 day' where kind = 'SUBSTITUTE_REFERENT' and organisation_id = $1`,
      [rawId(morgesId)],
    );
    expect(BigInt(await version())).toBeGreaterThan(BigInt(before));
  });
});

describe('AdminRole.namedBy', () => {
  const ADMINISTRATORS = graphql(`query NamedBy($id: ID!) { administrators(organisationId: $id) {
    edges { node { kind member { person { email } } namedBy { person { email } } } } } }`);

  it('is null for a unit admin who may not read the member who named the role, instead of failing the page', async () => {
    const [claireRow] = await sql<{ person_id: string }>(
      t,
      `select m.person_id from member m join person p on p.id = m.person_id where p.email = 'claire.morel@morges.demo'`,
    );
    // Claire (principal, organisation level) named Nadia's unit admin role.
    await sql(
      t,
      `update admin_role r set named_by_id = $1 from member m join person p on p.id = m.person_id
        where r.member_id = m.id and p.email = 'nadia.keller@morges.demo' and r.kind = 'UNIT_ADMIN'`,
      [claireRow!.person_id],
    );
    const asNadia = await nadia.gql(ADMINISTRATORS, { id: morgesId });
    expect(asNadia.errors).toBeUndefined();
    const own = asNadia.data!.administrators.edges.find(
      (edge) => edge.node.member.person.email === 'nadia.keller@morges.demo',
    );
    expect(own?.node).toMatchObject({ kind: 'UNIT_ADMIN', namedBy: null });

    // The principal may read Claire: the same field names her.
    const asClaire = await claire.ok(ADMINISTRATORS, { id: morgesId });
    const seen = asClaire.administrators.edges.find(
      (edge) => edge.node.member.person.email === 'nadia.keller@morges.demo',
    );
    expect(seen?.node.namedBy).toEqual({ person: { email: 'claire.morel@morges.demo' } });
  });
});

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('the topology cache across two instances (Redis)', () => {
  it('drops an older copy on B once A reads a newer version', async (context) => {
    let a: TestApp | undefined;
    let b: TestApp | undefined;
    try {
      a = await startTestApp({ REDIS_URL: redisUrl, BACKGROUND_SCHEDULE: 'off' });
      b = await startTestApp(
        { REDIS_URL: redisUrl, BACKGROUND_SCHEDULE: 'off' },
        { databaseUrl: a.databaseUrl },
      );
    } catch (error) {
      await a?.stop();
      context.skip(`Redis does not answer at ${redisUrl}: ${String(error)}`);
      return;
    }
    try {
      const query = '{ viewer { acting { organisation { viewerCan { manageUnits } } } } }';
      const onA = await a.as('claire.morel@morges.demo');
      const onB = await b.as('claire.morel@morges.demo');
      const organisationId = rawId(await actingOrganisationId(onA));
      const version = async () =>
        (
          await sql<{ version: string }>(
            a!,
            'select coalesce((select version from topology_version where organisation_id = $1), 0)::text as version',
            [organisationId],
          )
        )[0]!.version;
      await onA.ok(query);
      await onB.ok(query);
      const old = await version();
      expect(b.app.services.topologies.get(organisationId, old)).not.toBeNull();
      await sql(
        a,
        `insert into unit (id, created_at, organisation_id, parent_id, name) values ($1, now(), $2, null, 'Annexe')`,
        [randomUUID(), organisationId],
      );
      // A reads the new version, replaces its copy and says so; B drops its older one without being asked.
      await onA.ok(query);
      await vi.waitFor(() => expect(b!.app.services.topologies.get(organisationId, old)).toBeNull(), {
        timeout: 10_000,
      });
    } finally {
      await b.stop();
      await a.stop();
    }
  });
});
