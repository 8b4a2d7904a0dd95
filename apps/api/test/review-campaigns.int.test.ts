import { buildReviewItems, buildTopology, organisationScope } from '@tessera/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSRF_HEADER } from '../src/http/web-surface.js';
import { closeDueCampaigns, sendDueReminders } from '../src/modules/reviews/campaign-jobs.js';
import { accessLines, type Json, rawId } from './access-fixtures.js';
import { startTestApp, type TestApp, type TestClient } from './app.js';
import { actingOrganisationId, ERROR_FIELDS, gid, sql } from './tenants.js';

let t: TestApp;
let claire: TestClient;
let marc: TestClient;
let julie: TestClient;
let nadia: TestClient;
let lucie: TestClient;
let paul: TestClient;
let yves: TestClient;
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
const unitOf = async (name: string) =>
  (await sql<{ id: string }>(t, 'select id from unit where name = $1', [name]))[0]!.id;

beforeAll(async () => {
  t = await startTestApp({ BACKGROUND_SCHEDULE: 'off' });
  [claire, marc, julie, nadia, lucie, paul] = await Promise.all([
    t.as('claire.morel@morges.demo'),
    t.as('marc.favre@morges.demo'),
    t.as('julie.rochat@morges.demo'),
    t.as('nadia.keller@morges.demo'),
    t.as('lucie.blanc@morges.demo'),
    t.as('paul.girard@lumiere.demo'),
  ]);
  morges = await actingOrganisationId(claire);
  for (const who of [
    'claire.morel',
    'marc.favre',
    'julie.rochat',
    'nadia.keller',
    'lucie.blanc',
    'yves.perret',
  ])
    ids[who] = await memberOf(`${who}@morges.demo`);
  ids.population = await unitOf('Service de la population');
  ids.finance = await unitOf('Service financier');
  ids.admin = await unitOf('Administration générale');
  // Yves holds a role directly, to certify (and revoke) beside his group membership.
  await sql(
    t,
    `insert into service_grant (id, created_at, organisation_id, service_role_id, member_id)
     select gen_random_uuid(), now(), $1, ai.service_role_id, $2 from agreement_item ai
       join service_role sr on sr.id = ai.service_role_id
      where ai.organisation_id = $1 and sr.code = 'consultation' limit 1`,
    [rawId(morges), ids['yves.perret']],
  );
  // Yves manages the group Comptabilité (a reviewer who administers no campaign); Lucie is a member of it.
  const accounting = (
    await sql<{ id: string }>(t, `select id from member_group where name = 'Comptabilité'`)
  )[0]!.id;
  await sql(
    t,
    `insert into admin_role (id, created_at, organisation_id, member_id, kind, group_id)
     values (gen_random_uuid(), now(), $1, $2, 'GROUP_MANAGER', $3)`,
    [rawId(morges), ids['yves.perret'], accounting],
  );
  await sql(
    t,
    `insert into group_membership (group_id, member_id, organisation_id, added_at) values ($1, $2, $3, now())`,
    [accounting, ids['lucie.blanc'], rawId(morges)],
  );
  yves = await t.as('yves.perret@morges.demo');
});
afterAll(async () => t?.stop());

const CAMPAIGN = `id name state itemCount defaultDecision recurrence unit { name } viewerIsAdministrator
  progress { overall { total decided kept revoked changed } byReviewer { reviewerId reviewerName counts { total decided } } }
  viewerProgress { total decided }`;
const ITEM = `id kind memberName decision comment byDefault viewerCanDecide unit { name } group { name } serviceRoles { code }`;

async function start(client: TestClient, input: Record<string, unknown>) {
  const data = await client.ok(
    `mutation($input: StartReviewCampaignInput!) { startReviewCampaign(input: $input) { ${ERROR_FIELDS}
      ... on MutationStartReviewCampaignSuccess { data { ${CAMPAIGN} } } } }`,
    {
      input: {
        organisationId: morges,
        name: 'Revue annuelle',
        dueAt: new Date(Date.now() + 30 * DAY).toISOString(),
        defaultDecision: 'KEEP',
        ...input,
      },
    },
  );
  return data.startReviewCampaign as Json;
}

async function decide(client: TestClient, input: Record<string, unknown>) {
  const data = await client.ok(
    `mutation($input: DecideReviewItemInput!) { decideReviewItem(input: $input) { ${ERROR_FIELDS}
      ... on MutationDecideReviewItemSuccess { data { ${ITEM} } } } }`,
    { input },
  );
  return data.decideReviewItem as Json;
}

async function items(client: TestClient, campaignId: string, extra = '') {
  const result = await client.gql(
    `query($id: ID!) { node(id: $id) { ... on ReviewCampaign { ${CAMPAIGN}
      items(first: 200${extra}) { edges { node { ${ITEM} } } pageInfo { hasNextPage } } } } }`,
    { id: campaignId },
  );
  return result;
}

describe('review campaigns (guide 003)', () => {
  let campaign: Json;

  it('lets an organisation referent start a campaign whose snapshot is the domain’s items, reviewers included', async () => {
    const payload = await start(marc, {});
    expect(payload.__typename).toBe('MutationStartReviewCampaignSuccess');
    campaign = payload.data;
    expect(campaign.state).toBe('OPEN');
    expect(campaign.viewerIsAdministrator).toBe(true);
    // The same rule, computed by the domain over the same rows, gives the same items (the SQL follows the spec).
    const org = rawId(morges);
    const units = await sql<{ id: string; parent_id: string | null }>(
      t,
      'select id, parent_id from unit where organisation_id = $1',
      [org],
    );
    const groups = await sql<{ id: string; parent_id: string | null; unit_id: string | null }>(
      t,
      'select id, parent_id, unit_id from member_group where organisation_id = $1',
      [org],
    );
    const members = await sql<Json>(
      t,
      `select m.id, m.status,
              array(select unit_id::text from member_unit where member_id = m.id) as unit_ids,
              array(select group_id::text from group_membership where member_id = m.id) as group_ids,
              array(select service_role_id::text from service_grant where member_id = m.id) as role_ids
         from member m where m.organisation_id = $1`,
      [org],
    );
    const roles = await sql<Json>(
      t,
      `select r.member_id, r.kind, r.unit_id, r.group_id, r.valid_until from admin_role r join member m on m.id = r.member_id
        where r.organisation_id = $1 and m.status = 'ACTIVE'`,
      [org],
    );
    const grants = await sql<Json>(
      t,
      'select group_id, service_role_id from service_grant where organisation_id = $1 and group_id is not null',
      [org],
    );
    const groupGrants = new Map<string, string[]>();
    for (const grant of grants)
      groupGrants.set(grant.group_id, [...(groupGrants.get(grant.group_id) ?? []), grant.service_role_id]);
    const expected = buildReviewItems({
      scope: organisationScope(org),
      starterMemberId: ids['marc.favre']!,
      topology: buildTopology({
        units: units.map((u) => ({ id: u.id, parentId: u.parent_id })),
        groups: groups.map((g) => ({ id: g.id, parentId: g.parent_id, unitId: g.unit_id })),
      }),
      at: new Date(),
      members: members.map((m: Json) => ({
        memberId: m.id,
        status: m.status,
        unitIds: m.unit_ids,
        groupIds: m.group_ids,
        directServiceRoleIds: m.role_ids,
      })),
      adminRoles: roles.map((r: Json) => ({
        memberId: r.member_id,
        kind: r.kind,
        unitId: r.unit_id,
        groupId: r.group_id,
        validUntil: r.valid_until,
      })),
      groupGrants,
    });
    const stored = await sql<Json>(
      t,
      'select member_id, kind, subject_id, service_role_ids, reviewer_ids from review_item where campaign_id = $1',
      [rawId(campaign.id)],
    );
    const key = (i: Json) =>
      `${i.memberId}|${i.kind}|${i.subjectId}|${[...i.serviceRoleIds].sort()}|${i.reviewerIds}`;
    expect(
      stored
        .map((row) =>
          key({
            memberId: row.member_id,
            kind: row.kind,
            subjectId: row.subject_id,
            serviceRoleIds: row.service_role_ids,
            reviewerIds: row.reviewer_ids,
          }),
        )
        .sort(),
    ).toEqual(expected.map(key).sort());
    expect(campaign.itemCount).toBe(expected.length);
    expect(
      expected.some((item) => item.kind === 'DIRECT_GRANT' && item.memberId === ids['yves.perret']),
    ).toBe(true);
    // Nobody certifies its own rights: Marc's attachment goes to Julie, the substitute referent.
    const marcs = expected.find((item) => item.memberId === ids['marc.favre'] && item.kind === 'ATTACHMENT');
    expect(marcs?.reviewerIds).toEqual([ids['julie.rochat']]);
  });

  it('refuses a unit admin, a plain member, another organisation’s admin and bad settings, each with its typed error', async () => {
    expect((await start(nadia, { unitId: gid('Unit', ids.population!) })).code).toBe('NOT_AUTHORISED');
    expect((await start(lucie, {})).code).toBe('NOT_AUTHORISED');
    expect((await start(paul, {})).code).toBe('NOT_FOUND');
    const past = await start(marc, { dueAt: new Date(Date.now() - DAY).toISOString() });
    expect([past.code, past.field]).toEqual(['INVALID_INPUT', 'dueAt']);
    const far = await start(marc, { dueAt: new Date(Date.now() + 400 * DAY).toISOString() });
    expect([far.code, far.field]).toEqual(['INVALID_INPUT', 'dueAt']);
    const blank = await start(marc, { name: '  ' });
    expect([blank.code, blank.field]).toEqual(['INVALID_INPUT', 'name']);
  });

  it('lets a unit referent review its unit only, never above it (rule 1)', async () => {
    await sql(
      t,
      `insert into admin_role (id, created_at, organisation_id, member_id, kind, unit_id)
       values (gen_random_uuid(), now(), $1, $2, 'REFERENT', $3)`,
      [rawId(morges), ids['lucie.blanc'], ids.population],
    );
    const own = await start(lucie, { unitId: gid('Unit', ids.population!), name: 'Population' });
    expect(own.__typename).toBe('MutationStartReviewCampaignSuccess');
    expect(own.data.unit.name).toBe('Service de la population');
    expect((await start(lucie, { unitId: gid('Unit', ids.admin!) })).code).toBe('NOT_AUTHORISED');
    expect((await start(lucie, {})).code).toBe('NOT_AUTHORISED');
    // Lucie lists the campaigns she administers: hers, not the organisation's.
    const list = await lucie.ok(
      `query($id: ID!) { reviewCampaigns(organisationId: $id, first: 50) { edges { node { name } } } }`,
      { id: morges },
    );
    expect(list.reviewCampaigns.edges.map((e: Json) => e.node.name)).toEqual(['Population']);
    const closed = await lucie.ok(
      `mutation($input: CloseReviewCampaignInput!) { closeReviewCampaign(input: $input) { __typename } }`,
      { input: { campaignId: own.data.id } },
    );
    expect(closed.closeReviewCampaign.__typename).toBe('MutationCloseReviewCampaignSuccess');
    await sql(t, `delete from admin_role where member_id = $1 and kind = 'REFERENT'`, [ids['lucie.blanc']]);
  });

  it('shows a reviewer only its own items and no progress; the administrator everything; others nothing', async () => {
    // Yves reviews Lucie's membership of his group: he sees that item only, and no progress of others.
    const asYves = (await items(yves, campaign.id)).data.node;
    expect(asYves.viewerIsAdministrator).toBe(false);
    expect(asYves.progress).toBeNull();
    const julies = asYves.items.edges.map((e: Json) => e.node);
    expect(julies.map((item: Json) => [item.kind, item.memberName, item.group?.name])).toEqual([
      ['GROUP_MEMBERSHIP', 'Lucie Blanc', 'Comptabilité'],
    ]);
    expect(asYves.viewerProgress.total).toBe(1);
    expect(julies.every((item: Json) => item.viewerCanDecide)).toBe(true);
    const mine = await yves.ok(`{ myReviewItems(first: 50) { edges { node { id memberName } } } }`);
    expect(mine.myReviewItems.edges.map((e: Json) => e.node.id)).toEqual([julies[0].id]);
    const all = (await items(yves, campaign.id, ', mine: false')).data.node.items.edges;
    expect(all).toHaveLength(1);

    const asMarc = (await items(marc, campaign.id)).data.node;
    expect(asMarc.items.edges.length).toBe(campaign.itemCount);
    expect(asMarc.progress.overall.total).toBe(campaign.itemCount);
    expect(asMarc.progress.byReviewer.map((r: Json) => r.reviewerName).sort()).toEqual([
      'Julie Rochat',
      'Marc Favre',
      'Yves Perret',
    ]);

    // Another organisation's admin, a unit admin who reviews nothing and a plain member: the same NOT_FOUND as an unknown id.
    const unknown = await items(marc, gid('ReviewCampaign', '00000000-0000-4000-8000-000000000000'));
    for (const outsider of [paul, nadia, lucie]) {
      const answer = await items(outsider, campaign.id);
      expect(answer.data?.node ?? null).toBeNull();
      expect(answer.errors?.[0]?.extensions?.code).toBe(unknown.errors?.[0]?.extensions?.code);
      expect(answer.errors?.[0]?.message).toBe(unknown.errors?.[0]?.message);
    }
    const item = julies[0]!.id;
    for (const outsider of [paul, nadia]) {
      const answer = await outsider.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: item });
      expect(answer.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }
    const crossList = await paul.gql(
      `query($id: ID!) { reviewCampaigns(organisationId: $id, first: 5) { edges { node { id } } } }`,
      {
        id: morges,
      },
    );
    expect(crossList.data?.reviewCampaigns ?? null).toBeNull();
  });

  it('decides once: keep, revoke with a reason (the right is gone at once), concurrent decisions give one winner', async () => {
    const all = (await items(marc, campaign.id)).data.node.items.edges.map((e: Json) => e.node);
    const grant = all.find((i: Json) => i.kind === 'DIRECT_GRANT' && i.memberName === 'Yves Perret');
    expect((await decide(marc, { itemId: grant.id, decision: 'REVOKE' })).field).toBe('comment');
    expect((await decide(paul, { itemId: grant.id, decision: 'KEEP' })).code).toBe('NOT_FOUND');
    expect((await decide(nadia, { itemId: grant.id, decision: 'KEEP' })).code).toBe('NOT_FOUND');
    const yves = gid('Member', ids['yves.perret']!);
    const before = await accessLines(claire, yves);
    expect(before.granted.filter((line) => line.endsWith('<- DIRECT'))).toHaveLength(1);
    const revoked = await decide(marc, {
      itemId: grant.id,
      decision: 'REVOKE',
      comment: 'A quitté la comptabilité',
    });
    expect(revoked.data).toMatchObject({
      decision: 'REVOKE',
      comment: 'A quitté la comptabilité',
      viewerCanDecide: false,
    });
    expect((await accessLines(claire, yves)).granted.filter((line) => line.endsWith('<- DIRECT'))).toEqual(
      [],
    );
    const events = await sql<Json>(
      t,
      `select action from audit_event where target_id = $1 and action in ('member.grant_revoked', 'review-item.decided')`,
      [ids['yves.perret']],
    );
    expect(events.map((e) => e.action).sort()).toEqual(['member.grant_revoked', 'review-item.decided']);
    expect((await decide(marc, { itemId: grant.id, decision: 'KEEP' })).code).toBe('CONFLICT');

    // An item both Marc and Julie review: two decisions at once, one wins, the other is a typed conflict.
    const shared = await sql<{ id: string }>(
      t,
      `select id from review_item where campaign_id = $1 and reviewer_ids @> array[$2, $3] and decision is null limit 1`,
      [rawId(campaign.id), ids['marc.favre'], ids['julie.rochat']],
    );
    const itemId = gid('ReviewItem', shared[0]!.id);
    const answers = await Promise.all([
      decide(marc, { itemId, decision: 'KEEP' }),
      decide(julie, { itemId, decision: 'KEEP', comment: 'vu' }),
    ]);
    expect(answers.map((a) => a.__typename).sort()).toEqual([
      'ConflictError',
      'MutationDecideReviewItemSuccess',
    ]);
    const decided = await sql<{ count: string }>(
      t,
      `select count(*) from audit_event where action = 'review-item.decided' and after->>'itemId' = $1`,
      [shared[0]!.id],
    );
    expect(Number(decided[0]!.count)).toBe(1);

    const progress = (await items(marc, campaign.id)).data.node.progress.overall;
    expect(progress).toMatchObject({ decided: 2, kept: 1, revoked: 1 });
  });

  it('reads a page of items in a bounded number of statements, whatever its size', async () => {
    const statements: string[] = [];
    const knex = t.app.services.orm.em.getConnection().getKnex();
    const listener = (query: { sql: string }) => statements.push(query.sql);
    const page = (campaignId: string) =>
      marc.ok(
        `query($id: ID!) { node(id: $id) { ... on ReviewCampaign { items(first: 200) { edges { node {
          ${ITEM} decidedByName newUnit { name } campaign { name } } } } } } }`,
        { id: campaignId },
      );
    knex.on('query', listener);
    try {
      await page(campaign.id);
      statements.length = 0;
      const small = await page(campaign.id);
      const few = statements.length;
      expect(small.node.items.edges.length).toBe(campaign.itemCount);
      // 70 more members, each attached and in a group: a page of 200 items costs the same statements.
      await sql(
        t,
        `insert into person (id, created_at, first_name, last_name, email, must_change_password, is_operator_admin)
           select gen_random_uuid(), now(), 'Agent', 'Rv' || i, 'rv.' || i || '@morges.demo', false, false from generate_series(1, 70) i;
         insert into member (id, created_at, organisation_id, person_id, status, opening_date, sort_name)
           select gen_random_uuid(), now(), '${rawId(morges)}', p.id, 'ACTIVE', current_date, lower(p.last_name) from person p where p.email like 'rv.%@morges.demo';
         insert into member_unit (member_id, unit_id, organisation_id)
           select m.id, '${ids.population}', m.organisation_id from member m join person p on p.id = m.person_id where p.email like 'rv.%@morges.demo';
         insert into group_membership (group_id, member_id, organisation_id, added_at)
           select g.id, m.id, m.organisation_id, now() from member m join person p on p.id = m.person_id, member_group g
            where p.email like 'rv.%@morges.demo' and g.name = 'Comptabilité';`,
      );
      const big = await start(marc, { name: 'Grande revue' });
      expect(big.data.itemCount).toBeGreaterThanOrEqual(140);
      await page(big.data.id);
      statements.length = 0;
      const large = await page(big.data.id);
      expect(large.node.items.edges.length).toBe(Math.min(200, big.data.itemCount));
      expect(statements.length).toBeLessThanOrEqual(few + 1);
      expect(statements.length).toBeLessThanOrEqual(10);
      const closed = await marc.ok(
        `mutation($input: CloseReviewCampaignInput!) { closeReviewCampaign(input: $input) { __typename } }`,
        { input: { campaignId: big.data.id } },
      );
      expect(closed.closeReviewCampaign.__typename).toBe('MutationCloseReviewCampaignSuccess');
    } finally {
      knex.off('query', listener);
    }
  });

  it('reminds each reviewer with open items once, by e-mail and in the app, before the due date', async () => {
    const due = (
      await sql<{ due_at: Date }>(t, 'select due_at from review_campaign where id = $1', [rawId(campaign.id)])
    )[0]!.due_at;
    const em = t.app.services.orm.em.fork();
    const early = await sendDueReminders(em, new Date(due.getTime() - 10 * DAY), t.url);
    expect(early).toEqual([]);
    const at = new Date(due.getTime() - 2 * DAY);
    const [first, second] = await Promise.all([
      sendDueReminders(em, at, t.url),
      sendDueReminders(em, at, t.url),
    ]);
    expect(first!.length + second!.length).toBe(3); // Marc, Julie and Yves, once each
    expect(await sendDueReminders(em, at, t.url)).toEqual([]);
    await t.drainOutbox();
    const mails = t.smtp.inbox.filter((mail: Json) => /Revue annuelle/.test(mail.subject ?? ''));
    expect(mails.map((mail: Json) => mail.to?.text ?? mail.to).join(' ')).toMatch(
      /julie\.rochat@morges\.demo/,
    );
    const notes = await sql<{ count: string }>(
      t,
      `select count(*) from notification where kind = 'REVIEW_REMINDER'`,
    );
    expect(Number(notes[0]!.count)).toBe(3);
  });

  it('applies the default decision at the due date exactly once, revoking what nobody kept', async () => {
    const started = await start(marc, {
      unitId: gid('Unit', ids.finance!),
      name: 'Finances',
      dueAt: new Date(Date.now() + 2 * DAY).toISOString(),
      defaultDecision: 'REVOKE',
      recurrence: 'YEARLY',
    });
    const finance = started.data;
    expect(finance.itemCount).toBe(2); // Yves: attachment to Finance, membership of Comptabilité (his grant is gone)
    const due = (
      await sql<{ due_at: Date }>(t, 'select due_at from review_campaign where id = $1', [rawId(finance.id)])
    )[0]!.due_at;
    const em = t.app.services.orm.em.fork();
    expect(await closeDueCampaigns(em, new Date(due.getTime() - 1000))).not.toContain(rawId(finance.id));
    const later = new Date(due.getTime() + 60_000);
    const runs = await Promise.all([closeDueCampaigns(em, later), closeDueCampaigns(em, later)]);
    expect(runs.flat().filter((id) => id === rawId(finance.id))).toHaveLength(1);
    expect(await closeDueCampaigns(em, later)).not.toContain(rawId(finance.id));
    const rows = await sql<Json>(t, 'select decision, by_default from review_item where campaign_id = $1', [
      rawId(finance.id),
    ]);
    expect(rows).toEqual([
      { decision: 'REVOKE', by_default: true },
      { decision: 'REVOKE', by_default: true },
    ]);
    expect(await sql(t, 'select 1 from member_unit where member_id = $1', [ids['yves.perret']])).toEqual([]);
    expect(await sql(t, 'select 1 from group_membership where member_id = $1', [ids['yves.perret']])).toEqual(
      [],
    );
    const audited = await sql<{ action: string }>(
      t,
      `select action from audit_event where target_id = $1 and action in ('review-item.decided', 'member.detached-from-unit', 'member.removed-from-group') and at = $2`,
      [ids['yves.perret'], later],
    );
    expect(audited.map((a) => a.action).sort()).toEqual([
      'member.detached-from-unit',
      'member.removed-from-group',
      'review-item.decided',
      'review-item.decided',
    ]);
    // Yearly: next year's campaign over the same unit is open, due a year later, with a fresh (now empty) snapshot.
    const next = await sql<Json>(
      t,
      'select state, due_at, item_count from review_campaign where previous_id = $1',
      [rawId(finance.id)],
    );
    expect(next).toHaveLength(1);
    expect(next[0].state).toBe('OPEN');
    expect(new Date(next[0].due_at).getUTCFullYear()).toBe(due.getUTCFullYear() + 1);
    expect(next[0].item_count).toBe(0);
    const closedAnswer = (await items(marc, finance.id)).data.node;
    expect(closedAnswer.state).toBe('CLOSED');
  });

  it('closes a campaign early only for its administrators, applying the default to what is left', async () => {
    const closeAs = (client: TestClient, campaignId: string) =>
      client.ok(
        `mutation($input: CloseReviewCampaignInput!) { closeReviewCampaign(input: $input) { ${ERROR_FIELDS}
          ... on MutationCloseReviewCampaignSuccess { data { state progress { overall { total decided } } } } } }`,
        { input: { campaignId } },
      );
    expect((await closeAs(paul, campaign.id)).closeReviewCampaign.code).toBe('NOT_FOUND');
    expect((await closeAs(yves, campaign.id)).closeReviewCampaign.code).toBe('NOT_FOUND');
    const closed = (await closeAs(marc, campaign.id)).closeReviewCampaign;
    expect(closed.data.state).toBe('CLOSED');
    expect(closed.data.progress.overall.decided).toBe(closed.data.progress.overall.total);
    expect((await closeAs(marc, campaign.id)).closeReviewCampaign.code).toBe('CONFLICT');
    const left = await sql<{ id: string }>(
      t,
      // One of Julie's own items, decided by the default: only the closed campaign stands in her way.
      'select id from review_item where campaign_id = $1 and by_default and $2 = any(reviewer_ids) order by id limit 1',
      [rawId(campaign.id), ids['julie.rochat']],
    );
    expect(left).toHaveLength(1);
    expect((await decide(julie, { itemId: gid('ReviewItem', left[0]!.id), decision: 'KEEP' })).code).toBe(
      'CONFLICT',
    );
  });

  it('exports the evidence as CSV to the campaign’s administrators only, audited', async () => {
    const get = (client: TestClient | null, campaignId: string, csrf = true) =>
      fetch(`${t.url}/export/review-evidence.csv?campaignId=${encodeURIComponent(campaignId)}&lang=en`, {
        headers: { ...(csrf ? { [CSRF_HEADER]: '1' } : {}), ...(client ? { cookie: client.cookie } : {}) },
      });
    const answer = await get(marc, campaign.id);
    expect(answer.status).toBe(200);
    const lines = (await answer.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe(
      '"Member","Right","Subject","Group roles","Decision","New unit","Comment","Decided by","Decided at","By default"',
    );
    expect(lines).toHaveLength(campaign.itemCount + 1);
    expect(
      lines.some(
        (line) =>
          line.includes('"Yves Perret","DIRECT_GRANT"') &&
          line.includes('"REVOKE"') &&
          line.includes('A quitté la comptabilité') &&
          line.includes('"Marc Favre"'),
      ),
    ).toBe(true);
    expect((await get(marc, campaign.id, false)).status).toBe(403);
    expect((await get(null, campaign.id)).status).toBe(403);
    for (const outsider of [paul, yves, nadia]) expect((await get(outsider, campaign.id)).status).toBe(404);
    expect((await get(marc, gid('ReviewCampaign', '00000000-0000-4000-8000-000000000000'))).status).toBe(404);
    const audited = await sql(
      t,
      `select 1 from audit_event where action = 'review-campaign.exported' and target_id = $1`,
      [rawId(campaign.id)],
    );
    expect(audited).toHaveLength(1);
  });
});
