import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roleId } from './access-fixtures.js';
import { startTestApp, type TestApp, type TestClient } from './app.js';
import { ERROR_FIELDS, memberIdOf, sql } from './tenants.js';

/**
 * Whoever may decide a request is told about it: a delegate holding a role by delegation (issue 15) as much as the
 * role's own holders, on both submission paths (a member's service request, read in one statement, and a request to
 * join, through `deciders`), and no longer once the delegation is revoked.
 */
let t: TestApp;
let marc: TestClient;
let lucie: TestClient;
let lea: TestClient;
const DAY = 86_400_000;

beforeAll(async () => {
  t = await startTestApp({ BACKGROUND_SCHEDULE: 'off' });
  [marc, lucie, lea] = await Promise.all([
    t.as('marc.favre@morges.demo'),
    t.as('lucie.blanc@morges.demo'),
    t.as('lea.dubois@exemple.demo'),
  ]);
});
afterAll(async () => t?.stop());

const told = async (email: string) =>
  (
    await sql<{ n: number }>(
      t,
      `select count(*)::int as n from notification n join person p on p.id = n.person_id
        where n.kind = 'REQUEST_SUBMITTED' and p.email = $1`,
      [email],
    )
  )[0]!.n;
const mailed = (email: string) =>
  t.smtp.inbox.filter((mail) => mail.to.includes(email) && /demande/i.test(mail.subject)).length;

async function askService(client: TestClient, serviceRoleId: string) {
  const result = await client.ok(
    `mutation($input: SubmitServiceAccessRequestInput!) { submitServiceAccessRequest(input: $input) {
      ${ERROR_FIELDS} ... on MutationSubmitServiceAccessRequestSuccess { data { id } } } }`,
    { input: { serviceRoleId } },
  );
  expect(result.submitServiceAccessRequest).toMatchObject({
    __typename: 'MutationSubmitServiceAccessRequestSuccess',
  });
}
async function askToJoin(comment: string) {
  const result = await lea.ok(
    `mutation($input: SubmitAccountCreationRequestInput!) { submitAccountCreationRequest(input: $input) {
      ${ERROR_FIELDS} ... on MutationSubmitAccountCreationRequestSuccess { data { id } } } }`,
    { input: { registryKind: 'IDE', registryNumber: 'CHE-109.624.383', comment } },
  );
  expect(result.submitAccountCreationRequest.__typename).toBe('MutationSubmitAccountCreationRequestSuccess');
  return result.submitAccountCreationRequest.data.id as string;
}

describe('a delegate is told about the requests it may decide', () => {
  it('on both submission paths while the delegation is active, and not after it is revoked', async () => {
    const yvesId = await memberIdOf(t, 'yves.perret@morges.demo');
    const created = await marc.ok(
      `mutation($input: CreateDelegationInput!) { createDelegation(input: $input) { ${ERROR_FIELDS}
        ... on MutationCreateDelegationSuccess { data { id state } } } }`,
      {
        input: {
          kind: 'REFERENT',
          delegateId: yvesId,
          reason: 'Vacances',
          endsAt: new Date(Date.now() + 7 * DAY).toISOString(),
        },
      },
    );
    expect(created.createDelegation.data.state).toBe('ACTIVE');
    expect(await told('yves.perret@morges.demo')).toBe(0);
    const marcBefore = await told('marc.favre@morges.demo');

    await askService(lucie, await roleId(t, 'FACTURE', 'consultation'));
    expect(await told('yves.perret@morges.demo')).toBe(1);
    expect(await told('marc.favre@morges.demo')).toBe(marcBefore + 1);
    const joining = await askToJoin('Nouvelle collaboratrice');
    expect(await told('yves.perret@morges.demo')).toBe(2);
    await t.drainOutbox();
    expect(mailed('yves.perret@morges.demo')).toBe(2);

    const revoked = await marc.ok(
      `mutation($input: RevokeDelegationInput!) { revokeDelegation(input: $input) { ${ERROR_FIELDS}
        ... on MutationRevokeDelegationSuccess { data { state } } } }`,
      { input: { delegationId: created.createDelegation.data.id } },
    );
    expect(revoked.revokeDelegation.data.state).toBe('REVOKED');
    await askService(lucie, await roleId(t, 'FACTURE', 'validation'));
    // One request to join waits at a time: Léa withdraws hers and asks again.
    const cancelled = await lea.ok(
      `mutation($input: CancelRequestInput!) { cancelRequest(input: $input) { __typename } }`,
      { input: { requestId: joining } },
    );
    expect(cancelled.cancelRequest.__typename).toBe('MutationCancelRequestSuccess');
    await askToJoin('Deuxième demande');
    expect(await told('yves.perret@morges.demo')).toBe(2);
    expect(await told('marc.favre@morges.demo')).toBe(marcBefore + 4);
  });
});

describe('a delegator’s open delegations', () => {
  it('are at most 20 at a time, even when created concurrently, with a typed refusal', async () => {
    const lucieId = await memberIdOf(t, 'lucie.blanc@morges.demo');
    const create = () =>
      marc.ok(
        `mutation($input: CreateDelegationInput!) { createDelegation(input: $input) { ${ERROR_FIELDS} } }`,
        {
          input: {
            kind: 'REFERENT',
            delegateId: lucieId,
            reason: 'Remplacement',
            endsAt: new Date(Date.now() + 3 * DAY).toISOString(),
          },
        },
      );
    const results = await Promise.all(Array.from({ length: 21 }, create));
    const outcomes = results.map((result) => result.createDelegation.__typename);
    expect(outcomes.filter((name) => name === 'MutationCreateDelegationSuccess')).toHaveLength(20);
    const refused = results.find(
      (result) => result.createDelegation.__typename !== 'MutationCreateDelegationSuccess',
    );
    expect(refused!.createDelegation).toMatchObject({ __typename: 'ConflictError', field: 'delegateId' });
    const open = await sql<{ n: number }>(
      t,
      `select count(*)::int as n from delegation d join member m on m.id = d.delegator_id
         join person p on p.id = m.person_id
        where p.email = 'marc.favre@morges.demo' and d.revoked_at is null and d.ends_at > now()`,
    );
    expect(open[0]!.n).toBe(20);
  });
});
