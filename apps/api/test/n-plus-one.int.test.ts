import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Json } from './access-fixtures.js';
import { startTestApp, type TestApp, type TestClient } from './app.js';
import { type BuiltGroup, testData } from './builders.js';

let t: TestApp;
let paul: TestClient;
let organisationId: string;
let accueil: BuiltGroup;
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
  // An organisation of its own, not the demo's: 70 members, each in Accueil (some blocked there), a third with a
  // direct grant, and a principal administrator outside the group who reads the pages.
  const data = testData(t);
  const organisation = await data.organisation({ agreement: ['COMMANDE/commande'] });
  organisationId = organisation.gid;
  const admin = await data.member(organisation, { firstName: 'Paula', lastName: 'Admin' });
  await data.adminRole(admin, 'PRINCIPAL_ADMIN');
  accueil = await data.group(organisation, { name: 'Accueil' });
  for (let i = 0; i < 70; i++) {
    const n = String(i).padStart(2, '0');
    const member = await data.member(organisation, { firstName: 'Agent', lastName: `Zz${n}` });
    await data.addToGroup(accueil, [member], { blocked: i % 5 === 0 });
    if (i % 3 === 0) await data.grant('COMMANDE/commande', { member });
  }
  paul = await data.signIn(admin);
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
    const small = await statementsFor(paul, MEMBERS_PAGE, { org: organisationId, first: 10 });
    const large = await statementsFor(paul, MEMBERS_PAGE, { org: organisationId, first: 50 });
    expect(small.data.members.edges).toHaveLength(10);
    expect(large.data.members.edges).toHaveLength(50);
    // The page really carries what is counted: groups, blocked flags, direct grants, sources.
    const node = large.data.members.edges[0].node;
    expect(node.groups).toEqual([{ blocked: true, group: { name: 'Accueil', memberCount: 70 } }]);
    expect(node.directGrants).toHaveLength(1);
    expect(large.count).toBe(small.count);
    // session, actor and topology, the members page, its related rows, and the access inputs: a handful each
    expect(large.count).toBeLessThan(30);
  });

  it('a page of a group’s members', async () => {
    const small = await statementsFor(paul, GROUP_PAGE, { id: accueil.gid, first: 10 });
    const large = await statementsFor(paul, GROUP_PAGE, { id: accueil.gid, first: 50 });
    expect(large.data.node.members.edges).toHaveLength(50);
    expect(large.count).toBe(small.count);
  });

  it('the services held with the members who may use each service and role', async () => {
    const small = await statementsFor(paul, SERVICES_HELD, { org: organisationId, first: 10 });
    const large = await statementsFor(paul, SERVICES_HELD, { org: organisationId, first: 50 });
    const commande = large.data.node.servicesHeld.find((s: Json) => s.service.name === 'Commande fixe');
    expect(commande.members.edges.length).toBeGreaterThan(10);
    expect(large.count).toBe(small.count);
  });
});
