import type { EntityManager } from '@mikro-orm/postgresql';
import {
  type AdminRoleKind,
  type CampaignItemsInput,
  campaignReviewers,
  type OrgTopology,
  type ScopeRef,
} from '@tessera/domain';

/** The admin roles of the organisation's active members: who may be named reviewer. One statement. */
export async function loadReviewerRoles(
  em: EntityManager,
  organisationId: string,
): Promise<CampaignItemsInput['adminRoles']> {
  const rows = await em.execute<
    {
      member_id: string;
      kind: AdminRoleKind;
      unit_id: string | null;
      group_id: string | null;
      valid_until: Date | null;
    }[]
  >(
    `select r.member_id, r.kind, r.unit_id, r.group_id, r.valid_until
       from admin_role r join member m on m.id = r.member_id
      where r.organisation_id = ? and m.status = 'ACTIVE'`,
    [organisationId],
  );
  return rows.map((row) => ({
    memberId: row.member_id,
    kind: row.kind,
    unitId: row.unit_id,
    groupId: row.group_id,
    validUntil: row.valid_until,
  }));
}

/**
 * Takes a campaign's snapshot in one statement, whatever the number of members (insert … select): the reviewers
 * of each unit and group of the scope come from the domain (`campaignReviewers`, over the topology and the admin
 * roles, a few hundred rows at most), passed as JSON; PostgreSQL joins them with every attachment, membership and
 * direct grant of the members in scope, drops the subject from its own reviewers (the starter reviews when nobody
 * remains, and the other principal admins review the starter's own rights), exactly as `buildReviewItems` specifies. Returns the number of items.
 */
export async function snapshotCampaignItems(
  em: EntityManager,
  input: {
    campaignId: string;
    scope: ScopeRef;
    starterMemberId: string;
    topology: OrgTopology;
    at: Date;
  },
): Promise<number> {
  const adminRoles = await loadReviewerRoles(em, input.scope.organisationId);
  const reviewers = campaignReviewers({ ...input, members: [], adminRoles, groupGrants: new Map() });
  const units = [...reviewers.units].map(([id, ids]) => ({ id, reviewers: ids }));
  const groups = [...reviewers.groups].map(([id, ids]) => ({ id, reviewers: ids }));
  const organisationId = input.scope.organisationId;
  const [row] = await em.execute<{ count: string }[]>(
    `with units as (
       select (e->>'id')::uuid as unit_id, array(select jsonb_array_elements_text(e->'reviewers')) as reviewer_ids
         from jsonb_array_elements(?::jsonb) e
     ), groups as (
       select (e->>'id')::uuid as group_id, array(select jsonb_array_elements_text(e->'reviewers')) as reviewer_ids
         from jsonb_array_elements(?::jsonb) e
     ), members as (
       select m.id from member m
        where m.organisation_id = ? and m.status <> 'ARCHIVED'
          and (?::boolean or exists (
            select 1 from member_unit mu join units u on u.unit_id = mu.unit_id where mu.member_id = m.id))
     ), group_roles as (
       select g.group_id, array_agg(g.service_role_id::text order by g.service_role_id::text) as role_ids
         from service_grant g where g.organisation_id = ? and g.group_id is not null group by g.group_id
     ), rights as (
       select mu.member_id, 'ATTACHMENT' as kind, mu.unit_id as subject_id, '{}'::text[] as role_ids, u.reviewer_ids
         from member_unit mu join members m on m.id = mu.member_id join units u on u.unit_id = mu.unit_id
       union all
       select gm.member_id, 'GROUP_MEMBERSHIP', gm.group_id, coalesce(gr.role_ids, '{}'), g.reviewer_ids
         from group_membership gm join members m on m.id = gm.member_id join groups g on g.group_id = gm.group_id
         left join group_roles gr on gr.group_id = gm.group_id
       union all
       select sg.member_id, 'DIRECT_GRANT', sg.service_role_id, '{}'::text[], ?::text[]
         from service_grant sg join members m on m.id = sg.member_id
     ), inserted as (
       insert into review_item (id, created_at, campaign_id, organisation_id, member_id, kind, subject_id,
                                service_role_ids, reviewer_ids)
       select gen_random_uuid(), ?, ?, ?, r.member_id, r.kind, r.subject_id, r.role_ids,
              coalesce(nullif(array_remove(r.reviewer_ids, r.member_id::text), '{}'),
                       case when r.member_id = ?::uuid
                            then coalesce(nullif(array_remove(?::text[], r.member_id::text), '{}'), array[?::text])
                            else array[?::text] end)
         from rights r
       returning 1
     )
     select count(*) as count from inserted`,
    [
      JSON.stringify(units),
      JSON.stringify(groups),
      organisationId,
      input.scope.kind === 'ORGANISATION',
      organisationId,
      pgArray(reviewers.direct),
      input.at,
      input.campaignId,
      organisationId,
      input.starterMemberId,
      pgArray(reviewers.escalation),
      input.starterMemberId,
      input.starterMemberId,
    ],
  );
  return Number(row?.count ?? 0);
}

export type ProgressRow = {
  reviewer_id: string | null;
  total: number;
  decided: number;
  kept: number;
  revoked: number;
  changed: number;
};

/** A campaign's progress, overall (reviewer null) and per reviewer, in one statement (grouping sets). */
export async function loadCampaignProgress(em: EntityManager, campaignIds: readonly string[]) {
  if (campaignIds.length === 0) return new Map<string, ProgressRow[]>();
  const rows = await em.execute<(ProgressRow & { campaign_id: string })[]>(
    `select i.campaign_id, r.reviewer_id,
            count(*)::int as total,
            count(i.decision)::int as decided,
            count(*) filter (where i.decision = 'KEEP')::int as kept,
            count(*) filter (where i.decision = 'REVOKE')::int as revoked,
            count(*) filter (where i.decision = 'CHANGE_ATTACHMENT')::int as changed
       from review_item i
       left join lateral unnest(i.reviewer_ids) as r(reviewer_id) on true
      where i.campaign_id = any(?::uuid[])
      group by i.campaign_id, r.reviewer_id`,
    [pgArray(campaignIds)],
  );
  const overall = await em.execute<(ProgressRow & { campaign_id: string })[]>(
    `select i.campaign_id, null as reviewer_id, count(*)::int as total, count(i.decision)::int as decided,
            count(*) filter (where i.decision = 'KEEP')::int as kept,
            count(*) filter (where i.decision = 'REVOKE')::int as revoked,
            count(*) filter (where i.decision = 'CHANGE_ATTACHMENT')::int as changed
       from review_item i where i.campaign_id = any(?::uuid[]) group by i.campaign_id`,
    [pgArray(campaignIds)],
  );
  const byCampaign = new Map<string, ProgressRow[]>();
  for (const row of [...overall, ...rows]) {
    const list = byCampaign.get(row.campaign_id) ?? [];
    list.push(row);
    byCampaign.set(row.campaign_id, list);
  }
  return byCampaign;
}

/** A text array literal for a bound parameter (knex would spread a JS array into a list of parameters). */
export function pgArray(ids: readonly string[]): string {
  for (const id of ids) if (!/^[0-9a-f-]+$/i.test(id)) throw new Error('pgArray takes ids only');
  return `{${ids.join(',')}}`;
}
