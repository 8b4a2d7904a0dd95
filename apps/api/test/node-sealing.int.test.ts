import { randomUUID } from 'node:crypto';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.stop());

const NODE = `query($id: ID!) { node(id: $id) { __typename ... on Organisation { name agreement { id } } ... on Member { status } } }`;

describe('node(id) across organisations (rule 2)', () => {
  it('answers an id of another organisation exactly as an id that does not exist', async () => {
    const morges = await t.as('claire.morel@morges.demo');
    const ids = await morges.ok(`{ viewer { acting { organisation { id } } memberships { memberId } } }`);
    const morgesOrganisation = ids.viewer.acting.organisation.id;
    const morgesMember = ids.viewer.memberships[0].memberId;

    const lumiere = await t.as('paul.girard@lumiere.demo');
    for (const [existing, typename] of [
      [morgesOrganisation, 'Organisation'],
      [morgesMember, 'Member'],
    ] as const) {
      const foreign = await lumiere.gql(NODE, { id: existing });
      const missing = await lumiere.gql(NODE, { id: encodeGlobalID(typename, randomUUID()) });
      expect(foreign.data?.node).toBeNull();
      expect(foreign).toEqual(missing);
      expect(JSON.stringify(foreign)).not.toMatch(/Morges|NOT_AUTHORISED/);
    }
  });

  it('still shows the organisation to its own members', async () => {
    const morges = await t.as('claire.morel@morges.demo');
    const id = (await morges.ok('{ viewer { acting { organisation { id } } } }')).viewer.acting.organisation
      .id;
    const own = await morges.ok(NODE, { id });
    expect(own.node).toMatchObject({ __typename: 'Organisation', name: 'Commune de Morges' });
  });
});
