import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  type Actor,
  assertCanStartReviewCampaign,
  assertValidCampaignSettings,
  canActOnAdmin,
  canStartReviewCampaign,
  defaultDecisionFor,
  nextRecurrenceDueAt,
  type OrgTopology,
  organisationScope,
  REVIEW_MIN_DAYS,
  type ReviewDefaultDecision,
  type ReviewRecurrence,
  type ScopeRef,
  unitScope,
  unitWithin,
} from '@tessera/domain';
import { ConflictError, NotFoundError } from '../../errors.js';
import { AdminRole } from '../admins/admin-role.entity.js';
import { audit, auditValues } from '../audit/audit.service.js';
import { type Authz, assertReaches, rule } from '../authz/authz.js';
import { heldHoldings } from '../authz/roles.js';
import { loadTopology } from '../authz/topology.js';
import { currentActor, refreshActorUnderLock } from '../members/member-target.js';
import { lockOrganisation } from '../organisations/organisation.service.js';
import { type IReviewCampaign, ReviewCampaign } from './campaign.entity.js';
import { snapshotCampaignItems } from './campaign.repository.js';

export interface StartReviewCampaignInput {
  organisationId: string;
  /** null: the whole organisation */
  unitId: string | null;
  name: string;
  dueAt: Date;
  defaultDecision: ReviewDefaultDecision;
  recurrence: ReviewRecurrence;
}

/** The scope a campaign reviews. */
export function campaignScope(campaign: Pick<IReviewCampaign, 'organisation' | 'unit'>): ScopeRef {
  return campaign.unit
    ? unitScope(campaign.organisation, campaign.unit)
    : organisationScope(campaign.organisation);
}

/**
 * Starts a review campaign over an organisation or a unit (guide 003): checked under the organisation lock on the
 * actor re-read there (rule 1: never beyond the starter's scope), then the items are snapshot in one statement.
 */
/** Open campaigns an organisation may have at once (each one snapshots its scope and mails its reviewers). */
export const MAX_OPEN_CAMPAIGNS = 10;

export async function startReviewCampaign(
  em: EntityManager,
  authz: Authz,
  input: StartReviewCampaignInput,
): Promise<IReviewCampaign> {
  assertReaches(authz.actor, input.organisationId);
  rule(() => assertValidCampaignSettings({ name: input.name, dueAt: input.dueAt, now: authz.now }));
  await lockOrganisation(em, input.organisationId);
  await refreshActorUnderLock(em, authz);
  const topology = await loadTopology(em, input.organisationId);
  if (input.unitId && !topology.unitParent.has(input.unitId)) throw new NotFoundError('No unit has this id.');
  const scope = input.unitId
    ? unitScope(input.organisationId, input.unitId)
    : organisationScope(input.organisationId);
  const actor = authz.actor;
  rule(() => assertCanStartReviewCampaign(actor, scope, topology, authz.now));
  if (actor.kind !== 'member') throw new NotFoundError();
  // Each start copies every right of its scope and mails every reviewer: a bounded number may be open at once.
  const [open] = await em.execute<{ n: number }[]>(
    `select count(*)::int as n from review_campaign where organisation_id = ? and state = 'OPEN'`,
    [input.organisationId],
  );
  if ((open?.n ?? 0) >= MAX_OPEN_CAMPAIGNS)
    throw new ConflictError(
      `At most ${MAX_OPEN_CAMPAIGNS} review campaigns may be open at once: close one first.`,
      'organisationId',
    );
  return createCampaign(em, actor, { ...input, name: input.name.trim(), scope, topology, at: authz.now });
}

async function createCampaign(
  em: EntityManager,
  actor: Actor & { kind: 'member' },
  input: StartReviewCampaignInput & {
    scope: ScopeRef;
    topology: Awaited<ReturnType<typeof loadTopology>>;
    at: Date;
    previousId?: string | null;
  },
  auditActor: Actor | null = actor,
): Promise<IReviewCampaign> {
  const campaign = em.create(ReviewCampaign, {
    organisation: input.organisationId,
    unit: input.unitId,
    startedBy: actor.memberId,
    name: input.name,
    dueAt: input.dueAt,
    defaultDecision: input.defaultDecision,
    recurrence: input.recurrence,
    state: 'OPEN',
    itemCount: 0,
    previous: input.previousId ?? null,
  });
  await em.flush();
  campaign.itemCount = await snapshotCampaignItems(em, {
    campaignId: campaign.id,
    scope: input.scope,
    starterMemberId: actor.memberId,
    topology: input.topology,
    at: input.at,
  });
  audit(em, auditActor, {
    organisation: input.organisationId,
    action: 'review-campaign.started',
    targetType: 'ReviewCampaign',
    targetId: campaign.id,
    after: {
      name: campaign.name,
      unitId: campaign.unit,
      dueAt: campaign.dueAt.toISOString(),
      defaultDecision: campaign.defaultDecision,
      recurrence: campaign.recurrence,
      itemCount: campaign.itemCount,
      startedBy: actor.memberId,
    },
  });
  await em.flush();
  return campaign;
}

/** Locks a campaign's organisation, then the campaign row (the one order of rule 8). NOT_FOUND out of reach. */
export async function lockCampaign(em: EntityManager, authz: Authz | null, campaignId: string) {
  const [row] = await em.execute<{ organisation_id: string }[]>(
    'select organisation_id from review_campaign where id = ?',
    [campaignId],
  );
  if (!row) throw new NotFoundError('No review campaign has this id.');
  if (authz) assertReaches(authz.actor, row.organisation_id);
  await lockOrganisation(em, row.organisation_id);
  if (authz) await refreshActorUnderLock(em, authz);
  const campaign = await em.findOne(
    ReviewCampaign,
    { id: campaignId },
    { lockMode: LockMode.PESSIMISTIC_WRITE },
  );
  if (!campaign) throw new NotFoundError('No review campaign has this id.');
  return campaign;
}

/**
 * Closes a campaign before its due date: the undecided items take the campaign's default decision now, exactly as
 * at the due date (one path, so the evidence is complete). Those who may start a campaign over its scope may close it.
 */
export async function closeReviewCampaign(
  em: EntityManager,
  authz: Authz,
  campaignId: string,
): Promise<IReviewCampaign> {
  const campaign = await lockCampaign(em, authz, campaignId);
  const topology = await loadTopology(em, campaign.organisation);
  if (!canStartReviewCampaign(authz.actor, campaignScope(campaign), topology, authz.now))
    throw new NotFoundError('No review campaign has this id.');
  if (campaign.state !== 'OPEN') throw new ConflictError('This campaign is already closed.', 'campaignId');
  await closeCampaign(em, campaign, authz.actor, authz.now);
  return campaign;
}

/**
 * Applies the default decision to every undecided item and closes the campaign, in the caller's transaction, which
 * holds the organisation lock and the campaign row. Set-based whatever the size: one statement decides the items,
 * takes the revoked attachments, memberships and direct grants away and writes their audit events. A yearly
 * campaign starts its successor, if its starter may still start it.
 */
export async function closeCampaign(
  em: EntityManager,
  campaign: IReviewCampaign,
  actor: Actor | null,
  now: Date,
): Promise<{ decided: number }> {
  const fallback = defaultDecisionFor(campaign.defaultDecision);
  const topology = await loadTopology(em, campaign.organisation);
  // A default REVOKE takes away only what its closer could take away itself (rule 1): the closer (or, at the due
  // date, the starter as it stands now) must still be allowed to run the campaign, and it never reaches an
  // administrator's rights (whose rank may be above its own) nor a member no longer attached within a unit
  // campaign's unit. Such items are kept by default, saying why, for an explicit decision in a next campaign.
  const deciding = fallback.decision === 'REVOKE' ? await decidingActor(em, campaign, actor, now) : null;
  const revoke =
    deciding !== null && canStartReviewCampaign(deciding, campaignScope(campaign), topology, now);
  const untouchable = revoke ? await administratorsBeyond(em, campaign, deciding, topology, now) : [];
  const unitIds = campaign.unit
    ? [...topology.unitParent.keys()].filter((unitId) => unitWithin(unitId, campaign.unit!, topology))
    : [];
  // The same actor columns as every other event, "on behalf of" included when the closer acts under a delegation.
  const audited = auditValues(actor, {
    organisation: campaign.organisation,
    action: 'review-item.decided',
    targetType: 'Member',
  });
  const [row] = await em.execute<{ decided: string }[]>(
    `with candidates as (
       select i.id, ?::boolean
                and not (i.member_id = any(array[?]::uuid[]))
                and (not ?::boolean or exists (select 1 from member_unit mu2
                                                where mu2.member_id = i.member_id
                                                  and mu2.unit_id = any(array[?]::uuid[]))) as revocable
         from review_item i where i.campaign_id = ? and i.decision is null
     ), decided as (
       update review_item ri
          set decision = case when c.revocable then ? else 'KEEP' end,
              comment = case when c.revocable then ?::text else ?::text end,
              decided_at = ?, by_default = true
         from candidates c where ri.id = c.id
       returning ri.id, ri.member_id, ri.kind, ri.subject_id, ri.decision, ri.comment
     ), detached as (
       delete from member_unit mu using decided d
        where d.decision = 'REVOKE' and d.kind = 'ATTACHMENT' and mu.member_id = d.member_id and mu.unit_id = d.subject_id
       returning mu.member_id, mu.unit_id
     ), left_groups as (
       delete from group_membership gm using decided d
        where d.decision = 'REVOKE' and d.kind = 'GROUP_MEMBERSHIP' and gm.member_id = d.member_id and gm.group_id = d.subject_id
       returning gm.member_id, gm.group_id, gm.blocked
     ), ungranted as (
       delete from service_grant g using decided d
        where d.decision = 'REVOKE' and d.kind = 'DIRECT_GRANT' and g.member_id = d.member_id and g.service_role_id = d.subject_id
       returning g.member_id, g.service_role_id
     ), events as (
       select 'review-item.decided' as action, d.member_id,
              jsonb_build_object('campaignId', ?::text, 'itemId', d.id, 'kind', d.kind, 'subjectId', d.subject_id,
                                 'decision', d.decision, 'comment', d.comment, 'byDefault', true) as before_after,
              false as is_before
         from decided d
       union all
       select 'member.detached-from-unit', x.member_id, jsonb_build_object('unitId', x.unit_id), true from detached x
       union all
       select 'member.removed-from-group', x.member_id, jsonb_build_object('groupId', x.group_id, 'blocked', x.blocked),
              true from left_groups x
       union all
       select 'member.grant_revoked', x.member_id, jsonb_build_object('serviceRoleId', x.service_role_id), true
         from ungranted x
     ), audited as (
       insert into audit_event (at, organisation, actor_person, acting_as, on_behalf_of, action, target_type, target_id,
                                before, after)
       select ?, ?, ?, ?, ?::uuid, e.action, 'Member', e.member_id::text,
              case when e.is_before then e.before_after end, case when e.is_before then null else e.before_after end
         from events e
       returning 1
     )
     select (select count(*) from decided) as decided`,
    [
      revoke,
      untouchable.length > 0 ? untouchable : [campaign.id],
      campaign.unit != null,
      unitIds.length > 0 ? unitIds : [campaign.organisation],
      campaign.id,
      fallback.decision,
      fallback.comment,
      fallback.decision === 'REVOKE' ? KEPT_BY_DEFAULT : fallback.comment,
      now,
      campaign.id,
      now,
      campaign.organisation,
      audited.actorPerson,
      audited.actingAs,
      audited.onBehalfOf,
    ],
  );
  const decided = Number(row?.decided ?? 0);
  campaign.state = 'CLOSED';
  campaign.closedAt = now;
  audit(em, actor, {
    organisation: campaign.organisation,
    action: 'review-campaign.closed',
    targetType: 'ReviewCampaign',
    targetId: campaign.id,
    after: { name: campaign.name, byDefault: decided, defaultDecision: campaign.defaultDecision },
  });
  await em.flush();
  if (campaign.recurrence === 'YEARLY') await recur(em, campaign, now);
  return { decided };
}

/** Why a default REVOKE kept an item (see `closeCampaign`). */
const KEPT_BY_DEFAULT =
  'Kept by default: an administrator’s rights, a member no longer in the campaign’s scope, or a campaign whose ' +
  'starter may no longer run it, are revoked only by an explicit decision.';

/**
 * Who applies a default REVOKE: the closer of an early close; at the due date (no actor), the starter as it stands
 * now (null once it is no longer an active member: then nothing is revoked by default).
 */
async function decidingActor(
  em: EntityManager,
  campaign: IReviewCampaign,
  actor: Actor | null,
  now: Date,
): Promise<Actor | null> {
  if (actor !== null) return actor;
  if (!campaign.startedBy) return null;
  const [person] = await em.execute<{ person_id: string }[]>('select person_id from member where id = ?', [
    campaign.startedBy,
  ]);
  if (!person) return null;
  try {
    return await currentActorWithRoles(
      em,
      {
        kind: 'member',
        personId: person.person_id,
        memberId: campaign.startedBy,
        organisationId: campaign.organisation,
        holdings: [],
      },
      now,
    );
  } catch {
    return null;
  }
}

/**
 * The members of the campaign's undecided items whose admin roles the deciding actor may not act on (the domain's
 * `canActOnAdmin`, as for a reviewer's own REVOKE): their rights are kept by default.
 */
async function administratorsBeyond(
  em: EntityManager,
  campaign: IReviewCampaign,
  deciding: Actor,
  topology: OrgTopology,
  now: Date,
): Promise<string[]> {
  const roles = await em.find(AdminRole, {
    member: {
      $in: (
        await em.execute<{ member_id: string }[]>(
          `select distinct i.member_id from review_item i join admin_role r on r.member_id = i.member_id
            where i.campaign_id = ? and i.decision is null`,
          [campaign.id],
        )
      ).map((row) => row.member_id),
    },
  });
  const byMember = new Map<string, typeof roles>();
  for (const role of roles) byMember.set(role.member, [...(byMember.get(role.member) ?? []), role]);
  return [...byMember]
    .filter(([, held]) => !canActOnAdmin(deciding, heldHoldings(held, now), topology, now))
    .map(([memberId]) => memberId);
}

/** Starts next year's campaign of a yearly one, with the same scope, starter and default decision. */
async function recur(em: EntityManager, campaign: IReviewCampaign, now: Date): Promise<void> {
  if (!campaign.startedBy) return;
  let dueAt = nextRecurrenceDueAt(campaign.dueAt);
  while (dueAt.getTime() < now.getTime() + REVIEW_MIN_DAYS * 86_400_000) dueAt = nextRecurrenceDueAt(dueAt);
  const [person] = await em.execute<{ person_id: string }[]>('select person_id from member where id = ?', [
    campaign.startedBy,
  ]);
  if (!person) return;
  const starter: Actor = {
    kind: 'member',
    personId: person.person_id,
    memberId: campaign.startedBy,
    organisationId: campaign.organisation,
    holdings: [],
  };
  let actor: Actor;
  try {
    actor = await currentActorWithRoles(em, starter, now);
  } catch {
    return; // the starter is no longer active: the recurrence stops (its last campaign says so in the log)
  }
  const topology = await loadTopology(em, campaign.organisation);
  const scope = campaignScope(campaign);
  if (actor.kind !== 'member' || !canStartReviewCampaign(actor, scope, topology, now)) return;
  await createCampaign(
    em,
    actor,
    {
      organisationId: campaign.organisation,
      unitId: campaign.unit ?? null,
      name: campaign.name,
      dueAt,
      defaultDecision: campaign.defaultDecision,
      recurrence: campaign.recurrence,
      scope,
      topology,
      at: now,
      previousId: campaign.id,
    },
    null,
  );
}

/** The starter's admin roles as they stand now (currentActor keeps only roles it already had, so read them all). */
async function currentActorWithRoles(em: EntityManager, starter: Actor & { kind: 'member' }, now: Date) {
  const roles = await em.find(AdminRole, { member: starter.memberId });
  const withRoles = { ...starter, holdings: heldHoldings(roles, now) };
  return currentActor(em, withRoles, now);
}
