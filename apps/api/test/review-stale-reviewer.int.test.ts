import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendDueReminders } from '../src/modules/reviews/campaign-jobs.js';
import { rawId } from './access-fixtures.js';
import { startTestApp, type TestApp, type TestClient } from './app.js';
import { actingOrganisationId, ERROR_FIELDS, sql } from './tenants.js';

/**
 * A reviewer is chosen at the snapshot for the role it held then. Once every role it held in the organisation has
 * ended, it no longer sees the campaign or its items, cannot decide them and is not reminded (rule 2): what it could
 * see came from that role. Domain: `reviewsAsOf`.
 */
let t: TestApp;
let claire: TestClient;
let yves: TestClient;
let morges: string;
let accounting: string;
const DAY = 86_400_000;
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestApp({ BACKGROUND_SCHEDULE: 'off' });
  claire = await t.as('claire.morel@morges.demo');
  morges = await actingOrganisationId(claire);
  for (const who of ['yves.perret', 'lucie.blanc'])
    ids[who] = (
      await sql<{ id: string }>(
        t,
        'select m.id from member m join person p on p.id = m.person_id where p.email = $1',
        [`${who}@morges.demo`],
      )
    )[0]!.id;
  accounting = (await sql<{ id: string }>(t, `select id from member_group where name = 'Comptabilité'`))[0]!
    .id;
  // Yves manages Comptabilité (his only role); Lucie is a member of it: Yves reviews her membership.
  await sql(
    t,
    `insert into admin_role (id, created_at, organisation_id, member_id, kind, group_id)
     values (gen_random_uuid(), now(), $1, $2, 'GROUP_MANAGER', $3)`,
    [rawId(morges), ids['yves.perret'], accounting],
  );
  await sql(
    t,
    `insert into group_membership (group_id, member_id, organisation_id, added_at) values ($1, $2, $3, now())
     on conflict do nothing`,
    [accounting, ids['lucie.blanc'], rawId(morges)],
  );
  yves = await t.as('yves.perret@morges.demo');
});
afterAll(async () => t?.stop());

const ITEMS = `query { myReviewItems(first: 50) { edges { node { id viewerCanDecide campaign { id name } } } } }`;
const CAMPAIGN = `query($id: ID!) { node(id: $id) { ... on ReviewCampaign { id name } } }`;

describe('a reviewer whose roles ended since the snapshot', () => {
  it('no longer sees the campaign or its items, cannot decide, and is not reminded', async () => {
    const dueAt = new Date(Date.now() + 2 * DAY);
    const started = await claire.ok(
      `mutation($input: StartReviewCampaignInput!) { startReviewCampaign(input: $input) { ${ERROR_FIELDS}
        ... on MutationStartReviewCampaignSuccess { data { id } } } }`,
      {
        input: {
          organisationId: morges,
          name: 'Revue Comptabilité',
          dueAt: dueAt.toISOString(),
          defaultDecision: 'KEEP',
        },
      },
    );
    const campaignId = started.startReviewCampaign.data.id as string;

    // While he manages the group, Yves sees his item and may decide it.
    const before = (await yves.ok(ITEMS)).myReviewItems.edges.map((edge: { node: unknown }) => edge.node);
    const mine = before.filter((item: { campaign: { id: string } }) => item.campaign.id === campaignId);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((item: { viewerCanDecide: boolean }) => item.viewerCanDecide)).toBe(true);
    expect((await yves.ok(CAMPAIGN, { id: campaignId })).node).toMatchObject({ id: campaignId });
    // A reviewer sees its own items, not the size of the whole campaign; its administrator does.
    const COUNT = `query($id: ID!) { node(id: $id) { ... on ReviewCampaign { itemCount } } }`;
    expect((await yves.ok(COUNT, { id: campaignId })).node.itemCount).toBeNull();
    expect((await claire.ok(COUNT, { id: campaignId })).node.itemCount).toBeGreaterThan(mine.length);

    // His role ends (removed as the group's manager): he was its only role.
    await sql(t, `delete from admin_role where member_id = $1 and kind = 'GROUP_MANAGER' and group_id = $2`, [
      ids['yves.perret'],
      accounting,
    ]);

    expect((await yves.ok(ITEMS)).myReviewItems.edges).toEqual([]);
    // Both ids are now sealed from him, as from anyone outside the campaign.
    for (const id of [campaignId, mine[0].id]) {
      const sealed = (await yves.gql(`query($id: ID!) { node(id: $id) { id } }`, { id })) as {
        data?: { node: unknown };
        errors?: { extensions?: { code?: string } }[];
      };
      expect(sealed.data?.node ?? null).toBeNull();
      expect(sealed.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }
    const decided = await yves.ok(
      `mutation($input: DecideReviewItemInput!) { decideReviewItem(input: $input) { ${ERROR_FIELDS} } }`,
      { input: { itemId: mine[0].id, decision: 'KEEP' } },
    );
    expect(decided.decideReviewItem.code).toBe('NOT_FOUND');
    const stored = await sql<{ decision: string | null }>(
      t,
      'select decision from review_item where id = $1',
      [rawId(mine[0].id)],
    );
    expect(stored).toEqual([{ decision: null }]);

    // The reminder goes to the reviewers who still hold a role, never to him.
    const em = t.app.services.orm.em.fork();
    const reminded = await sendDueReminders(em, new Date(dueAt.getTime() - DAY), t.url);
    expect(reminded.length).toBeGreaterThan(0);
    await t.drainOutbox();
    const recipients = t.smtp.inbox
      .filter((mail) => /Revue Comptabilité/.test(mail.subject ?? ''))
      .flatMap((mail) => mail.to);
    expect(recipients.length).toBeGreaterThan(0);
    expect(recipients.join(' ')).not.toMatch(/yves\.perret/);
    const notes = await sql(
      t,
      `select 1 from notification n join member m on m.person_id = n.person_id
        where n.kind = 'REVIEW_REMINDER' and m.id = $1`,
      [ids['yves.perret']],
    );
    expect(notes).toEqual([]);
  });
});
