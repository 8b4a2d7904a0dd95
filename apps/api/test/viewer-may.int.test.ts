import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './app.js';
import { sql } from './tenants.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.stop());

const MAY = `{ viewer { acting { kind may } } }`;

async function mayOf(email: string): Promise<string[]> {
  const client = await t.as(email);
  const data = await client.ok(MAY);
  return data.viewer.acting.may;
}

/** ActingContext.may: what the menus offer, from the same domain policy as the mutations (issue 18). */
describe('what the viewer may do in its acting context', () => {
  it('offers a member without an admin role nothing to administer', async () => {
    expect(await mayOf('lucie.blanc@morges.demo')).toEqual([]);
  });

  it('offers a unit admin its members, groups and audit, never units, activation or reviews', async () => {
    const may = await mayOf('nadia.keller@morges.demo');
    expect(may).toEqual(expect.arrayContaining(['MEMBER_READ', 'MEMBER_CREATE', 'GROUP_READ', 'AUDIT_READ']));
    expect(may).not.toContain('UNIT_MANAGE');
    expect(may).not.toContain('ORGANISATION_ACTIVATE');
    expect(may).not.toContain('REVIEW_READ');
  });

  it('offers a group manager exactly its role’s actions', async () => {
    expect((await mayOf('sophie.martin@lumiere.demo')).sort()).toEqual(
      [
        'ADMIN_NAME',
        'ADMIN_READ',
        'GRANT_MANAGE',
        'GROUP_MANAGE',
        'GROUP_READ',
        'MEMBER_CREATE',
        'MEMBER_READ',
        'REQUEST_READ',
      ].sort(),
    );
  });

  it('offers the principal admin everything, activation included, and the operator everything', async () => {
    const principal = await mayOf('claire.morel@morges.demo');
    expect(principal).toContain('ORGANISATION_ACTIVATE');
    expect(principal).toContain('UNIT_MANAGE');
    const operator = await t.as('operateur@tessera.demo');
    const data = await operator.ok(MAY);
    expect(data.viewer.acting.kind).toBe('OPERATOR');
    expect(data.viewer.acting.may).toContain('MEMBER_EXPORT');
  });

  it('offers nothing once the member is blocked, even with its admin role kept', async () => {
    const nadia = await t.as('nadia.keller@morges.demo');
    expect((await nadia.ok(MAY)).viewer.acting.may.length).toBeGreaterThan(0);
    await sql(
      t,
      `update member set status = 'BLOCKED' where person_id = (select id from person where email = 'nadia.keller@morges.demo')`,
    );
    expect((await nadia.ok(MAY)).viewer.acting.may).toEqual([]);
  });

  it('answers an anonymous caller with no viewer at all', async () => {
    const response = await t.client().gql(MAY);
    expect(response.data?.viewer ?? null).toBeNull();
  });
});
