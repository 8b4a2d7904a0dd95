import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDelegationTransitions } from '../src/modules/delegations/delegation-transitions.js';
import { startTestApp, type TestApp, type TestClient } from './app.js';
import { actingOrganisationId, ERROR_FIELDS, gid, idOf, memberIdOf, sql } from './tenants.js';

let t: TestApp;
let claire: TestClient;
let marc: TestClient;
let nadia: TestClient;
let yves: TestClient;
let lucie: TestClient;
let paul: TestClient;
let operator: TestClient;
let morgesId: string;
let yvesId: string;
let lucieId: string;
let marcId: string;
let financeId: string;

beforeAll(async () => {
  t = await startTestApp();
  [claire, marc, nadia, yves, lucie, paul, operator] = await Promise.all([
    t.as('claire.morel@morges.demo'),
    t.as('marc.favre@morges.demo'),
    t.as('nadia.keller@morges.demo'),
    t.as('yves.perret@morges.demo'),
    t.as('lucie.blanc@morges.demo'),
    t.as('paul.girard@lumiere.demo'),
    t.as('operateur@tessera.demo'),
  ]);
  morgesId = await actingOrganisationId(claire);
  [yvesId, lucieId, marcId] = await Promise.all([
    memberIdOf(t, 'yves.perret@morges.demo'),
    memberIdOf(t, 'lucie.blanc@morges.demo'),
    memberIdOf(t, 'marc.favre@morges.demo'),
  ]);
  financeId = await idOf(t, 'Unit', `select id from unit where name = 'Service financier'`);
});
afterAll(async () => t?.stop());

const CREATE = `mutation($input: CreateDelegationInput!) {
  createDelegation(input: $input) {
    ${ERROR_FIELDS}
    ... on MutationCreateDelegationSuccess { data { id kind state startsAt endsAt reason delegator { person { email } } delegate { person { email } } } }
  }
}`;
const REVOKE = `mutation($input: RevokeDelegationInput!) {
  revokeDelegation(input: $input) { ${ERROR_FIELDS} ... on MutationRevokeDelegationSuccess { data { id state } } }
}`;
const LIST = `query($id: ID!) {
  node(id: $id) { ... on Organisation { delegations(first: 50) { edges { node { id kind state viewerCanRevoke delegateName delegatorName delegate { person { email } } } } } } }
}`;
const ADMINISTRATORS = `query($id: ID!) { administrators(organisationId: $id, first: 5) { edges { node { id } } } }`;
const BLOCK = `mutation($input: MemberIdInput!) { blockMember(input: $input) { ${ERROR_FIELDS} ... on MutationBlockMemberSuccess { data { id status } } } }`;
const UNBLOCK = `mutation($input: MemberIdInput!) { unblockMember(input: $input) { ${ERROR_FIELDS} ... on MutationUnblockMemberSuccess { data { id status } } } }`;

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
const mayReadAdministrators = async (client: TestClient) => {
  const result = await client.gql(ADMINISTRATORS, { id: morgesId });
  return !result.errors?.length;
};
async function delegate(
  client: TestClient,
  input: Record<string, unknown>,
): Promise<{ id: string; state: string }> {
  const result = await client.ok(CREATE, { input: { kind: 'REFERENT', reason: 'Vacances', ...input } });
  expect(result.createDelegation.__typename).toBe('MutationCreateDelegationSuccess');
  return result.createDelegation.data;
}
const mailsTo = (email: string, subject: string) =>
  t.smtp.inbox.filter((mail) => mail.to.includes(email) && mail.subject.includes(subject)).length;

describe('a delegation for a period', () => {
  it('gives the delegate the role from now, tells both, and audits what it does on behalf of the delegator', async () => {
    expect(await mayReadAdministrators(yves)).toBe(false);
    const version = async () =>
      Number(
        (
          await sql<{ v: string }>(
            t,
            `select v.version::text as v from topology_version v join organisation o on o.id = v.organisation_id
              where o.name = 'Commune de Morges'`,
          )
        )[0]!.v,
      );
    const before = await version();
    const created = await delegate(marc, { delegateId: yvesId, endsAt: inDays(7) });
    expect(created.state).toBe('ACTIVE');
    // the organisation's authorisation version moves (the acting-context caches key on it)
    const afterCreate = await version();
    expect(afterCreate).toBeGreaterThan(before);
    await t.drainOutbox();
    expect(mailsTo('yves.perret@morges.demo', 'Délégation accordée')).toBe(1);
    expect(mailsTo('marc.favre@morges.demo', 'Délégation accordée')).toBe(1);
    const notices = await sql<{ n: number }>(
      t,
      `select count(*)::int as n from notification where kind = 'DELEGATION_GRANTED'`,
    );
    expect(notices[0]!.n).toBe(2);

    expect(await mayReadAdministrators(yves)).toBe(true);
    const blocked = await yves.ok(BLOCK, { input: { memberId: lucieId } });
    expect(blocked.blockMember.data.status).toBe('BLOCKED');
    const [event] = await sql<{ on_behalf_of: string; actor: string }>(
      t,
      `select a.on_behalf_of, p.email as actor from audit_event a join person p on p.id = a.actor_person
        where a.action = 'member.blocked' order by a.id desc limit 1`,
    );
    expect(event!.actor).toBe('yves.perret@morges.demo');
    const marcRaw = (
      await sql<{ id: string }>(
        t,
        `select m.id from member m join person p on p.id = m.person_id where p.email = 'marc.favre@morges.demo'`,
      )
    )[0]!.id;
    expect(event!.on_behalf_of).toBe(marcRaw);
    const audit = await claire.ok(
      `query($id: ID!) { auditEvents(organisationId: $id, action: "member.blocked", first: 1) { edges { node { actorName onBehalfOfName } } } }`,
      { id: morgesId },
    );
    expect(audit.auditEvents.edges[0].node).toEqual({
      actorName: 'Yves Perret',
      onBehalfOfName: 'Marc Favre',
    });
    await yves.ok(UNBLOCK, { input: { memberId: lucieId } });

    // the delegate sees its own delegation; the delegator may revoke it, the delegate may not
    const mine = await yves.ok(LIST, { id: morgesId });
    expect(mine.node.delegations.edges.map((e: { node: { id: string } }) => e.node.id)).toContain(created.id);
    const revokedByDelegate = await yves.ok(REVOKE, { input: { delegationId: created.id } });
    expect(revokedByDelegate.revokeDelegation.code).toBe('NOT_AUTHORISED');

    const revoked = await marc.ok(REVOKE, { input: { delegationId: created.id } });
    expect(revoked.revokeDelegation.data.state).toBe('REVOKED');
    expect(await version()).toBeGreaterThan(afterCreate);
    expect(await mayReadAdministrators(yves)).toBe(false);
    const again = await marc.ok(REVOKE, { input: { delegationId: created.id } });
    expect(again.revokeDelegation.code).toBe('INVALID_TRANSITION');
    await t.drainOutbox();
    expect(mailsTo('yves.perret@morges.demo', 'Délégation révoquée')).toBe(1);
  });

  it('refuses the delegate before the start; the transitions job tells both exactly once, however many run it', async () => {
    // lucie was blocked and unblocked above, which ended her sessions
    lucie = await t.as('lucie.blanc@morges.demo');
    const created = await delegate(marc, { delegateId: lucieId, startsAt: inDays(1), endsAt: inDays(3) });
    expect(created.state).toBe('SCHEDULED');
    expect(await mayReadAdministrators(lucie)).toBe(false);
    const orm = t.app.services.orm;
    // nothing to say yet
    expect(await runDelegationTransitions(orm.em.fork(), new Date())).toEqual([]);
    // a moved clock: at the start, four runs at once (as four instances would) send one notice to each
    const start = new Date(Date.now() + 86_400_000 + 1000);
    await Promise.all([1, 2, 3, 4].map(() => runDelegationTransitions(orm.em.fork(), start)));
    await t.drainOutbox();
    expect(mailsTo('lucie.blanc@morges.demo', 'Délégation commencée')).toBe(1);
    expect(mailsTo('marc.favre@morges.demo', 'Délégation commencée')).toBe(1);
    // the dates are read at each check: once the start has passed (moved in the database), the delegate acts
    const raw = (await sql<{ id: string }>(t, 'select id from delegation where starts_at > now()'))[0]!.id;
    await sql(t, `update delegation set starts_at = now() - interval '1 minute' where id = $1`, [raw]);
    expect(await mayReadAdministrators(lucie)).toBe(true);
    // after the end: the delegate no longer acts, and the end notice goes out once
    await sql(t, `update delegation set ends_at = now() - interval '1 second' where id = $1`, [raw]);
    expect(await mayReadAdministrators(lucie)).toBe(false);
    await Promise.all([1, 2, 3].map(() => runDelegationTransitions(orm.em.fork(), new Date())));
    await t.drainOutbox();
    expect(mailsTo('lucie.blanc@morges.demo', 'Délégation terminée')).toBe(1);
    expect(mailsTo('marc.favre@morges.demo', 'Délégation terminée')).toBe(1);
    const list = await marc.ok(LIST, { id: morgesId });
    const row = list.node.delegations.edges.find((e: { node: { id: string } }) => e.node.id === created.id);
    expect(row.node.state).toBe('ENDED');
    expect(row.node.viewerCanRevoke).toBe(false);
  });

  it('shrinks and ends with the delegator’s own role (rule 1)', async () => {
    const created = await delegate(marc, { delegateId: yvesId, endsAt: inDays(2) });
    expect(await mayReadAdministrators(yves)).toBe(true);
    const [role] = await sql<{ id: string }>(
      t,
      `select r.id from admin_role r join member m on m.id = r.member_id join person p on p.id = m.person_id
        where p.email = 'marc.favre@morges.demo' and r.kind = 'REFERENT'`,
    );
    const removed = await claire.ok(
      `mutation($input: RemoveAdministratorInput!) { removeAdministrator(input: $input) { __typename } }`,
      { input: { adminRoleId: gid('AdminRole', role!.id) } },
    );
    expect(removed.removeAdministrator.__typename).toBe('MutationRemoveAdministratorSuccess');
    expect(await mayReadAdministrators(yves)).toBe(false);
    // the row still says active (its dates), but it gives nothing; and the one above may revoke it
    const revoked = await claire.ok(REVOKE, { input: { delegationId: created.id } });
    expect(revoked.revokeDelegation.data.state).toBe('REVOKED');
    // give marc his role back for the next tests
    await sql(
      t,
      `insert into admin_role (id, created_at, organisation_id, member_id, kind) select gen_random_uuid(), now(), m.organisation_id, m.id, 'REFERENT'
         from member m join person p on p.id = m.person_id where p.email = 'marc.favre@morges.demo'`,
    );
  });
});

describe('what may not be delegated', () => {
  it('says why with a typed error', async () => {
    const code = async (client: TestClient, input: Record<string, unknown>) => {
      const result = await client.ok(CREATE, {
        input: { kind: 'REFERENT', reason: 'Vacances', delegateId: yvesId, endsAt: inDays(3), ...input },
      });
      const payload = result.createDelegation;
      return payload.field ? `${payload.code}:${payload.field}` : payload.code;
    };
    // a unit admin cannot delegate a higher role, nor a unit beyond its own
    expect(await code(nadia, {})).toBe('DELEGATION_NOT_HELD:roleKind');
    expect(await code(nadia, { kind: 'UNIT_ADMIN', unitId: financeId })).toBe(
      'DELEGATION_BEYOND_SCOPE:scope',
    );
    expect(await code(marc, { startsAt: inDays(3), endsAt: inDays(2) })).toBe('INVALID_INPUT:endsAt');
    expect(await code(marc, { endsAt: inDays(400) })).toBe('INVALID_INPUT:endsAt');
    expect(await code(marc, { delegateId: marcId })).toBe('DELEGATE_NOT_MEMBER:delegateId');
    expect(await code(marc, { reason: '   ' })).toBe('INVALID_INPUT:reason');
    // a delegated role cannot be passed on
    const created = await delegate(marc, { delegateId: yvesId, endsAt: inDays(2) });
    expect(await code(yves, { delegateId: lucieId })).toBe('DELEGATION_NOT_TRANSFERABLE:roleKind');
    await marc.ok(REVOKE, { input: { delegationId: created.id } });
    // the operator has no role of its own to delegate
    const byOperator = await operator.gql(CREATE, {
      input: { kind: 'REFERENT', reason: 'x', delegateId: yvesId, endsAt: inDays(1) },
    });
    expect(byOperator.data?.createDelegation?.code ?? byOperator.errors?.[0]?.extensions?.code).toBe(
      'NOT_AUTHORISED',
    );
  });

  it('keeps organisations sealed: another organisation’s admin finds nothing (rule 2)', async () => {
    const created = await delegate(marc, { delegateId: yvesId, endsAt: inDays(2) });
    const revoke = await paul.ok(REVOKE, { input: { delegationId: created.id } });
    expect(revoke.revokeDelegation.code).toBe('NOT_FOUND');
    const create = await paul.ok(CREATE, {
      input: { kind: 'PRINCIPAL_ADMIN', reason: 'x', delegateId: yvesId, endsAt: inDays(1) },
    });
    expect(create.createDelegation.code).toBe('NOT_FOUND');
    const node = await paul.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: created.id });
    expect(node.data?.node ?? null).toBeNull();
    const list = await paul.gql(LIST, { id: morgesId });
    expect(list.data?.node ?? null).toBeNull();
    expect(list.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    // a plain member sees only its own delegations
    lucie = await t.as('lucie.blanc@morges.demo');
    const lucieList = await lucie.ok(LIST, { id: morgesId });
    expect(lucieList.node.delegations.edges.length).toBeGreaterThan(0);
    expect(
      lucieList.node.delegations.edges.every(
        (e: { node: { delegateName: string; delegate: unknown } }) =>
          e.node.delegateName === 'Lucie Blanc' && e.node.delegate === null,
      ),
    ).toBe(true);
    await marc.ok(REVOKE, { input: { delegationId: created.id } });
  });
});

describe('concurrent revoke and act', () => {
  it('either the action committed under the delegation before the revoke, or it is refused', async () => {
    for (let round = 0; round < 4; round++) {
      const created = await delegate(marc, { delegateId: yvesId, endsAt: inDays(2) });
      const [revoked, blocked] = await Promise.all([
        marc.ok(REVOKE, { input: { delegationId: created.id } }),
        yves.gql(BLOCK, { input: { memberId: lucieId } }),
      ]);
      expect(revoked.revokeDelegation.data.state).toBe('REVOKED');
      const [status] = await sql<{ status: string }>(
        t,
        `select m.status from member m join person p on p.id = m.person_id where p.email = 'lucie.blanc@morges.demo'`,
      );
      const payload = blocked.data?.blockMember;
      if (payload?.__typename === 'MutationBlockMemberSuccess') {
        expect(status!.status).toBe('BLOCKED');
        const [order] = await sql<{ blocked_first: boolean }>(
          t,
          `select (select max(id) from audit_event where action = 'member.blocked')
                < (select max(id) from audit_event where action = 'delegation.revoked') as blocked_first`,
        );
        expect(order!.blocked_first).toBe(true);
        await claire.ok(UNBLOCK, { input: { memberId: lucieId } });
      } else {
        expect(status!.status).toBe('ACTIVE');
        // refused: the delegate no longer reads the member at all
        expect(['NOT_FOUND', 'NOT_AUTHORISED']).toContain(
          payload?.code ?? blocked.errors?.[0]?.extensions?.code,
        );
      }
      expect(await mayReadAdministrators(yves)).toBe(false);
    }
  });
});
