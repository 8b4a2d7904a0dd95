import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Json, rawId } from './access-fixtures.js';
import { startTestApp, type TestApp, type TestClient } from './app.js';
import { actingOrganisationId, sql } from './tenants.js';

let t: TestApp;
let paul: TestClient;
let lumiereId: string;
const statements: string[] = [];

/**
 * Counts every SQL statement the API sends: MikroORM runs each query through its knex instance, which emits
 * 'query' for the pool and for transactions alike.
 */
function countQueries(app: TestApp) {
  const knex = app.app.services.orm.em.getConnection().getKnex();
  knex.on('query', (query: { sql: string }) => {
    // The session's lastSeenAt is written once a minute whatever the page: not a cost of the page's size.
    if (!/^update "session" set "last_seen_at"/.test(query.sql)) statements.push(query.sql);
  });
}

async function statementsFor(client: TestClient, query: string, variables: Record<string, unknown>) {
  // Warm first: the topology is cached in process once read (issue 13), so a cold first run pays one more.
  await client.ok(query, variables);
  statements.length = 0;
  const data = await client.ok(query, variables);
  return { data, count: statements.length };
}

beforeAll(async () => {
  t = await startTestApp({ BACKGROUND_SCHEDULE: 'off' });
  paul = await t.as('paul.girard@lumiere.demo');
  lumiereId = await actingOrganisationId(paul);
  const organisation = rawId(lumiereId);
  const [accueil] = await sql<{ id: string }>(t, `select id from member_group where name = 'Accueil'`);
  const [role] = await sql<{ id: string }>(
    t,
    `select r.id from service_role r join service s on s.id = r.service_id where s.code = 'COMMANDE'`,
  );
  // 70 members, each in Accueil (some blocked there), a third with a direct grant.
  const values: string[] = [];
  for (let i = 0; i < 70; i++) {
    const person = randomUUID();
    const member = randomUUID();
    const n = String(i).padStart(2, '0');
    values.push(
      `insert into person (id, created_at, first_name, last_name, email, must_change_password, is_operator_admin)
         values ('${person}', now(), 'Agent', 'Zz${n}', 'agent.${n}@lumiere.demo', false, false);
       insert into member (id, created_at, organisation_id, person_id, status, opening_date, sort_name)
         values ('${member}', now(), '${organisation}', '${person}', 'ACTIVE', current_date, 'zz${n} agent');
       insert into group_membership (group_id, member_id, organisation_id, blocked, added_at)
         values ('${accueil!.id}', '${member}', '${organisation}', ${i % 5 === 0}, now());
       ${i % 3 === 0 ? `insert into service_grant (id, created_at, organisation_id, service_role_id, member_id) values ('${randomUUID()}', now(), '${organisation}', '${role!.id}', '${member}');` : ''}`,
    );
  }
  await sql(t, values.join('\n'));
  countQueries(t);
});
afterAll(async () => t?.stop());

const MEMBERS_PAGE = `query($org: ID!, $first: Int!) {
  members(organisationId: $org, first: $first, search: "zz") {
    edges { node {
      id person { lastName }
      groups { blocked group { name memberCount } }
      directGrants { suspended serviceRole { name } }
      effectiveAccess {
        services { free service { name } roles { serviceRole { name service { code } } sources { kind group { name } } } }
        suspended { serviceRole { name } source { kind group { name } } }
      }
    } }
  }
}`;

const GROUP_PAGE = `query($id: ID!, $first: Int!) {
  node(id: $id) { ... on Group {
    members(first: $first) { edges { blocked node { id person { lastName } groups { group { name } }
      effectiveAccess { services { service { name } roles { sources { kind } } } } } } }
  } }
}`;

const SERVICES_HELD = `query($org: ID!, $first: Int!) {
  node(id: $org) { ... on Organisation {
    servicesHeld {
      service { name }
      members(first: $first) { edges { node { person { lastName } } } }
      roles { serviceRole { name } members(first: $first) { edges { node { person { lastName } effectiveAccess { suspended { source { kind } } } } } } }
    }
  } }
}`;

describe('no N+1: the statements a page costs do not grow with its size', () => {
  it('a page of members with their groups and effective access', async () => {
    const small = await statementsFor(paul, MEMBERS_PAGE, { org: lumiereId, first: 10 });
    const large = await statementsFor(paul, MEMBERS_PAGE, { org: lumiereId, first: 50 });
    expect(small.data.members.edges).toHaveLength(10);
    expect(large.data.members.edges).toHaveLength(50);
    // The page really carries what is counted: groups, blocked flags, direct grants, sources.
    const node = large.data.members.edges[0].node;
    expect(node.groups).toEqual([{ blocked: true, group: { name: 'Accueil', memberCount: 72 } }]);
    expect(node.directGrants).toHaveLength(1);
    expect(large.count).toBe(small.count);
    // session, actor and topology, the members page, its related rows, and the access inputs: a handful each
    expect(large.count).toBeLessThan(30);
  });

  it('a page of a group’s members', async () => {
    const [accueil] = await sql<{ id: string }>(t, `select id from member_group where name = 'Accueil'`);
    const id = Buffer.from(`Group:${accueil!.id}`).toString('base64');
    const small = await statementsFor(paul, GROUP_PAGE, { id, first: 10 });
    const large = await statementsFor(paul, GROUP_PAGE, { id, first: 50 });
    expect(large.data.node.members.edges).toHaveLength(50);
    expect(large.count).toBe(small.count);
  });

  it('the services held with the members who may use each service and role', async () => {
    const small = await statementsFor(paul, SERVICES_HELD, { org: lumiereId, first: 10 });
    const large = await statementsFor(paul, SERVICES_HELD, { org: lumiereId, first: 50 });
    const commande = large.data.node.servicesHeld.find((s: Json) => s.service.name === 'Commande fixe');
    expect(commande.members.edges.length).toBeGreaterThan(10);
    expect(large.count).toBe(small.count);
  });
});
