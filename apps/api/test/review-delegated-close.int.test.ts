import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawId } from './access-fixtures.js';
import { startTestApp, type TestApp, type TestClient } from './app.js';
import { actingOrganisationId, ERROR_FIELDS, memberIdOf, sql } from './tenants.js';

/**
 * Closing a campaign writes its items' default decisions in one statement (not through `audit`): those events carry
 * the same actor columns as every other, "on behalf of" the delegator when the closer acts under a delegation.
 */
let t: TestApp;
let marc: TestClient;
let lucie: TestClient;
let morges: string;
const DAY = 86_400_000;

beforeAll(async () => {
  t = await startTestApp({ BACKGROUND_SCHEDULE: 'off' });
  [marc, lucie] = await Promise.all([t.as('marc.favre@morges.demo'), t.as('lucie.blanc@morges.demo')]);
  morges = await actingOrganisationId(marc);
});
afterAll(async () => t?.stop());

describe('a campaign closed under a delegation', () => {
  it('audits every default decision and the close as the delegate on behalf of the delegator', async () => {
    const lucieId = await memberIdOf(t, 'lucie.blanc@morges.demo');
    const delegated = await marc.ok(
      `mutation($input: CreateDelegationInput!) { createDelegation(input: $input) { ${ERROR_FIELDS}
        ... on MutationCreateDelegationSuccess { data { state } } } }`,
      {
        input: {
          kind: 'REFERENT',
          delegateId: lucieId,
          reason: 'Vacances',
          endsAt: new Date(Date.now() + 7 * DAY).toISOString(),
        },
      },
    );
    expect(delegated.createDelegation.data.state).toBe('ACTIVE');
    const started = await lucie.ok(
      `mutation($input: StartReviewCampaignInput!) { startReviewCampaign(input: $input) { ${ERROR_FIELDS}
        ... on MutationStartReviewCampaignSuccess { data { id itemCount } } } }`,
      {
        input: {
          organisationId: morges,
          name: 'Revue pendant les vacances',
          dueAt: new Date(Date.now() + 3 * DAY).toISOString(),
          defaultDecision: 'KEEP',
        },
      },
    );
    const campaignId = started.startReviewCampaign.data.id as string;
    expect(started.startReviewCampaign.data.itemCount).toBeGreaterThan(0);
    const closed = await lucie.ok(
      `mutation($input: CloseReviewCampaignInput!) { closeReviewCampaign(input: $input) { ${ERROR_FIELDS}
        ... on MutationCloseReviewCampaignSuccess { data { state } } } }`,
      { input: { campaignId } },
    );
    expect(closed.closeReviewCampaign.data.state).toBe('CLOSED');

    const marcId = await sql<{ id: string }>(
      t,
      `select m.id from member m join person p on p.id = m.person_id where p.email = 'marc.favre@morges.demo'`,
    );
    const events = await sql<{ action: string; on_behalf_of: string | null; email: string }>(
      t,
      `select a.action, a.on_behalf_of, p.email from audit_event a join person p on p.id = a.actor_person
        where a.action in ('review-item.decided', 'review-campaign.closed')
          and (a.after->>'campaignId' = $1 or a.target_id = $1)`,
      [rawId(campaignId)],
    );
    expect(events.filter((event) => event.action === 'review-item.decided')).toHaveLength(
      started.startReviewCampaign.data.itemCount,
    );
    expect(events.filter((event) => event.action === 'review-campaign.closed')).toHaveLength(1);
    for (const event of events) {
      expect(event.email).toBe('lucie.blanc@morges.demo');
      expect(event.on_behalf_of).toBe(marcId[0]!.id);
    }
  });
});
