import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawId } from './access-fixtures.js';
import { startTestApp, type TestApp, type TestClient } from './app.js';
import { actingOrganisationId, ERROR_FIELDS, sql } from './tenants.js';

/**
 * A campaign's default REVOKE takes away only what its closer could take away itself (rule 1): closing early (or
 * the due date) never strips an administrator, whose rank may be above the closer's; plain members' rights go.
 */
let t: TestApp;
let julie: TestClient;
let morges: string;
const DAY = 86_400_000;
const ids: Record<string, string> = {};
const memberOf = async (email: string) =>
  (
    await sql<{ id: string }>(
      t,
      'select m.id from member m join person p on p.id = m.person_id where p.email = $1',
      [email],
    )
  )[0]!.id;
const attachments = async (memberId: string) =>
  (await sql(t, 'select 1 from member_unit where member_id = $1', [memberId])).length;
const grants = async (memberId: string) =>
  (await sql(t, 'select 1 from service_grant where member_id = $1', [memberId])).length;

beforeAll(async () => {
  t = await startTestApp({ BACKGROUND_SCHEDULE: 'off' });
  julie = await t.as('julie.rochat@morges.demo'); // a substitute referent: below the principal admin and referents
  morges = await actingOrganisationId(julie);
  for (const who of ['claire.morel', 'marc.favre', 'lucie.blanc', 'julie.rochat'])
    ids[who] = await memberOf(`${who}@morges.demo`);
  for (const who of ['claire.morel', 'lucie.blanc', 'julie.rochat'])
    await sql(
      t,
      `insert into service_grant (id, created_at, organisation_id, service_role_id, member_id)
       select gen_random_uuid(), now(), $1, ai.service_role_id, $2 from agreement_item ai
         join service_role sr on sr.id = ai.service_role_id
        where ai.organisation_id = $1 and sr.code = 'consultation' limit 1`,
      [rawId(morges), ids[who]],
    );
});
afterAll(async () => t?.stop());

describe('closing a campaign whose default is REVOKE (rule 1)', () => {
  it('keeps the administrators’ rights, saying why, and revokes the plain members’', async () => {
    const started = await julie.ok(
      `mutation($input: StartReviewCampaignInput!) { startReviewCampaign(input: $input) { ${ERROR_FIELDS}
        ... on MutationStartReviewCampaignSuccess { data { id } } } }`,
      {
        input: {
          organisationId: morges,
          name: 'Revue express',
          dueAt: new Date(Date.now() + 2 * DAY).toISOString(),
          defaultDecision: 'REVOKE',
        },
      },
    );
    const campaignId = started.startReviewCampaign.data.id as string;
    // The starter does not certify its own right: the principal admin does.
    const own = await sql<{ reviewer_ids: string[] }>(
      t,
      `select reviewer_ids from review_item where campaign_id = $1 and member_id = $2 and kind = 'DIRECT_GRANT'`,
      [rawId(campaignId), ids['julie.rochat']],
    );
    expect(own).toEqual([{ reviewer_ids: [ids['claire.morel']] }]);
    const before = {
      claire: [await attachments(ids['claire.morel']!), await grants(ids['claire.morel']!)],
      marc: await attachments(ids['marc.favre']!),
    };
    expect(before.claire[0]).toBeGreaterThan(0);
    expect(before.claire[1]).toBeGreaterThan(0);
    expect(before.marc).toBeGreaterThan(0);
    expect(await attachments(ids['lucie.blanc']!)).toBeGreaterThan(0);
    expect(await grants(ids['lucie.blanc']!)).toBeGreaterThan(0);

    const closed = await julie.ok(
      `mutation($input: CloseReviewCampaignInput!) { closeReviewCampaign(input: $input) { ${ERROR_FIELDS}
        ... on MutationCloseReviewCampaignSuccess { data { state } } } }`,
      { input: { campaignId } },
    );
    expect(closed.closeReviewCampaign.data.state).toBe('CLOSED');

    // The principal admin (rank 6) and a referent (rank 4) keep everything a substitute referent could not take.
    expect([await attachments(ids['claire.morel']!), await grants(ids['claire.morel']!)]).toEqual(
      before.claire,
    );
    expect(await attachments(ids['marc.favre']!)).toBe(before.marc);
    const kept = await sql<{ decision: string; comment: string }>(
      t,
      'select decision, comment from review_item where campaign_id = $1 and member_id = $2',
      [rawId(campaignId), ids['claire.morel']],
    );
    expect(kept.length).toBeGreaterThan(0);
    for (const item of kept) {
      expect(item.decision).toBe('KEEP');
      expect(item.comment).toMatch(/^Kept by default: an administrator’s rights/);
    }
    // A plain member's rights take the default.
    expect(await attachments(ids['lucie.blanc']!)).toBe(0);
    expect(await grants(ids['lucie.blanc']!)).toBe(0);
    const revoked = await sql<{ decision: string }>(
      t,
      'select distinct decision from review_item where campaign_id = $1 and member_id = $2',
      [rawId(campaignId), ids['lucie.blanc']],
    );
    expect(revoked).toEqual([{ decision: 'REVOKE' }]);
  });

  it('refuses an 11th open campaign with a typed conflict, and accepts one once another is closed', async () => {
    const start = (name: string) =>
      julie.ok(
        `mutation($input: StartReviewCampaignInput!) { startReviewCampaign(input: $input) { ${ERROR_FIELDS}
          ... on MutationStartReviewCampaignSuccess { data { id } } } }`,
        {
          input: {
            organisationId: morges,
            name,
            dueAt: new Date(Date.now() + 5 * DAY).toISOString(),
            defaultDecision: 'KEEP',
          },
        },
      );
    const [open] = await sql<{ n: number }>(
      t,
      `select count(*)::int as n from review_campaign where organisation_id = $1 and state = 'OPEN'`,
      [rawId(morges)],
    );
    const started: string[] = [];
    for (let i = open!.n; i < 10; i++) started.push((await start(`Revue ${i}`)).startReviewCampaign.data.id);
    const refused = (await start('Une de trop')).startReviewCampaign;
    expect(refused).toMatchObject({ __typename: 'ConflictError', field: 'organisationId' });
    await julie.ok(
      `mutation($input: CloseReviewCampaignInput!) { closeReviewCampaign(input: $input) { __typename } }`,
      { input: { campaignId: started[0] } },
    );
    expect((await start('Une de plus')).startReviewCampaign.data.id).toEqual(expect.any(String));
  });

  it('refuses a KEEP from a reviewer whose role ended since the snapshot', async () => {
    const accounting = (
      await sql<{ id: string }>(t, `select id from member_group where name = 'Comptabilité'`)
    )[0]!.id;
    const yvesId = await memberOf('yves.perret@morges.demo');
    await sql(
      t,
      `insert into admin_role (id, created_at, organisation_id, member_id, kind, group_id)
       values (gen_random_uuid(), now(), $1, $2, 'GROUP_MANAGER', $3)`,
      [rawId(morges), yvesId, accounting],
    );
    await sql(
      t,
      `insert into group_membership (group_id, member_id, organisation_id, added_at) values ($1, $2, $3, now())
       on conflict do nothing`,
      [accounting, ids['marc.favre'], rawId(morges)],
    );
    const yves = await t.as('yves.perret@morges.demo');
    const open = await sql<{ id: string }>(
      t,
      `select id from review_campaign where organisation_id = $1 and state = 'OPEN' order by created_at limit 1`,
      [rawId(morges)],
    );
    if (open.length > 0)
      await julie.ok(
        `mutation($input: CloseReviewCampaignInput!) { closeReviewCampaign(input: $input) { __typename } }`,
        { input: { campaignId: Buffer.from(`ReviewCampaign:${open[0]!.id}`).toString('base64') } },
      );
    const started = await julie.ok(
      `mutation($input: StartReviewCampaignInput!) { startReviewCampaign(input: $input) { ${ERROR_FIELDS}
        ... on MutationStartReviewCampaignSuccess { data { id } } } }`,
      {
        input: {
          organisationId: morges,
          name: 'Revue des groupes',
          dueAt: new Date(Date.now() + 5 * DAY).toISOString(),
          defaultDecision: 'KEEP',
        },
      },
    );
    const campaignId = rawId(started.startReviewCampaign.data.id);
    const [item] = await sql<{ id: string; reviewer_ids: string[] }>(
      t,
      `select id, reviewer_ids from review_item where campaign_id = $1 and member_id = $2 and kind = 'GROUP_MEMBERSHIP'
          and subject_id = $3`,
      [campaignId, ids['marc.favre'], accounting],
    );
    expect(item!.reviewer_ids).toEqual([yvesId]);
    // His role over Comptabilité ends; he still administers a unit Marc is not attached to, so he still reviews
    // (reviewsAsOf) but no longer reaches Marc: the KEEP is refused for want of power, not for want of sight.
    await sql(t, `delete from admin_role where member_id = $1 and kind = 'GROUP_MANAGER'`, [yvesId]);
    const other = await sql(
      t,
      `insert into admin_role (id, created_at, organisation_id, member_id, kind, unit_id)
       select gen_random_uuid(), now(), $1, $2, 'UNIT_ADMIN', u.id from unit u
        where u.organisation_id = $1
          and not exists (select 1 from member_unit mu where mu.unit_id = u.id and mu.member_id = $3)
        order by u.name limit 1 returning unit_id`,
      [rawId(morges), yvesId, ids['marc.favre']],
    );
    expect(other).toHaveLength(1);
    const decided = await yves.ok(
      `mutation($input: DecideReviewItemInput!) { decideReviewItem(input: $input) { ${ERROR_FIELDS} } }`,
      { input: { itemId: Buffer.from(`ReviewItem:${item!.id}`).toString('base64'), decision: 'KEEP' } },
    );
    expect(decided.decideReviewItem).toMatchObject({ __typename: 'NotAuthorisedError' });
    const [after] = await sql<{ decision: string | null }>(
      t,
      'select decision from review_item where id = $1',
      [item!.id],
    );
    expect(after!.decision).toBeNull();
  });
});
