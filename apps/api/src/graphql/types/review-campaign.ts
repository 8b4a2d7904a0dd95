import {
  mayDecideReviewItem,
  REVIEW_CAMPAIGN_STATE_VALUES,
  REVIEW_DECISION_VALUES,
  REVIEW_DEFAULT_DECISION_VALUES,
  REVIEW_ITEM_KIND_VALUES,
  REVIEW_RECURRENCE_VALUES,
} from '@tessera/domain';
import type { RequestContext } from '../../context.js';
import { globalId } from '../../lib/ids.js';
import type { IReviewCampaign, IReviewItem } from '../../modules/reviews/campaign.entity.js';
import { listCampaignItems } from '../../modules/reviews/campaign.queries.js';
import type { ProgressRow } from '../../modules/reviews/campaign.repository.js';
import { builder } from '../builder.js';
import { GroupRef, MemberRef, ServiceRoleRef, UnitRef } from '../refs.js';
import { accessTo } from '../review-access.js';

export const ReviewCampaignRef = builder.objectRef<IReviewCampaign>('ReviewCampaign');
export const ReviewItemRef = builder.objectRef<IReviewItem>('ReviewItem');

export const ReviewDefaultDecisionEnum = builder.enumType('ReviewDefaultDecision', {
  values: REVIEW_DEFAULT_DECISION_VALUES,
  description: 'What an item nobody decided becomes at the due date: kept or revoked.',
});
export const ReviewRecurrenceEnum = builder.enumType('ReviewRecurrence', {
  values: REVIEW_RECURRENCE_VALUES,
  description: 'NONE, or YEARLY: the campaign starts again a year later when it closes.',
});
const ReviewCampaignStateEnum = builder.enumType('ReviewCampaignState', {
  values: REVIEW_CAMPAIGN_STATE_VALUES,
});
export const ReviewDecisionEnum = builder.enumType('ReviewDecision', {
  values: REVIEW_DECISION_VALUES,
  description: 'KEEP, REVOKE (a comment says why) or CHANGE_ATTACHMENT (attachments only: to another unit).',
});
const ReviewItemKindEnum = builder.enumType('ReviewItemKind', {
  values: REVIEW_ITEM_KIND_VALUES,
  description:
    'ATTACHMENT to a unit, GROUP_MEMBERSHIP (with the roles the group grants), DIRECT_GRANT of a role.',
});

type Counts = Omit<ProgressRow, 'reviewer_id'>;
const CountsRef = builder.objectRef<Counts>('ReviewCounts').implement({
  description: 'How many items there are and how many were decided, kept, revoked, changed.',
  authScopes: { authenticated: true },
  fields: (t) => ({
    total: t.exposeInt('total'),
    decided: t.exposeInt('decided'),
    kept: t.exposeInt('kept'),
    revoked: t.exposeInt('revoked'),
    changed: t.exposeInt('changed'),
  }),
});
type ReviewerCounts = { reviewerId: string; organisationId: string; counts: Counts };
const ReviewerProgressRef = builder.objectRef<ReviewerCounts>('ReviewerProgress').implement({
  description: 'One reviewer’s progress in a campaign.',
  authScopes: (row) => ({ organisation: row.organisationId }),
  fields: (t) => ({
    reviewerId: t.id({
      description: 'The reviewer’s Member id.',
      resolve: (row) => globalId('Member', row.reviewerId),
    }),
    reviewerName: t.string({
      nullable: true,
      resolve: async (row, _args, ctx) => {
        const member = await ctx.loaders.member.load(row.reviewerId);
        const person = member && (await ctx.loaders.person.load(member.person));
        return person ? `${person.firstName} ${person.lastName}` : null;
      },
    }),
    counts: t.field({ type: CountsRef, resolve: (row) => row.counts }),
  }),
});
type Progress = { overall: Counts; byReviewer: ReviewerCounts[] };
const ProgressRef = builder.objectRef<Progress>('ReviewProgress').implement({
  description: 'A campaign’s progress, overall and per reviewer.',
  authScopes: { authenticated: true },
  fields: (t) => ({
    overall: t.field({ type: CountsRef, resolve: (progress) => progress.overall }),
    byReviewer: t.field({ type: [ReviewerProgressRef], resolve: (progress) => progress.byReviewer }),
  }),
});

const EMPTY: Counts = { total: 0, decided: 0, kept: 0, revoked: 0, changed: 0 };

async function progressOf(ctx: RequestContext, campaign: IReviewCampaign): Promise<Progress> {
  const rows = await ctx.loaders.campaignProgress.load(campaign.id);
  const overall = rows.find((row) => row.reviewer_id === null) ?? EMPTY;
  const byReviewer = rows
    .filter((row) => row.reviewer_id !== null)
    .map(({ reviewer_id, ...counts }) => ({
      reviewerId: reviewer_id as string,
      organisationId: campaign.organisation,
      counts,
    }));
  return { overall, byReviewer };
}

builder.node(ReviewCampaignRef, {
  description:
    'A review campaign (guide 003): reviewers certify each member’s attachments and rights in a scope by a due date. Seen by those who may start one over its scope and by its reviewers (who see only their own items).',
  authScopes: (campaign) => ({ seesReviewCampaign: campaign.id }),
  id: { resolve: (campaign) => campaign.id },
  loadMany: (ids, ctx) => Promise.all(ids.map((id) => ctx.loaders.reviewCampaign.load(id))),
  fields: (t) => ({
    name: t.exposeString('name'),
    createdAt: t.field({ type: 'DateTime', resolve: (campaign) => campaign.createdAt }),
    dueAt: t.field({ type: 'DateTime', resolve: (campaign) => campaign.dueAt }),
    closedAt: t.field({ type: 'DateTime', nullable: true, resolve: (campaign) => campaign.closedAt ?? null }),
    state: t.field({ type: ReviewCampaignStateEnum, resolve: (campaign) => campaign.state }),
    defaultDecision: t.field({
      type: ReviewDefaultDecisionEnum,
      resolve: (campaign) => campaign.defaultDecision,
    }),
    recurrence: t.field({ type: ReviewRecurrenceEnum, resolve: (campaign) => campaign.recurrence }),
    itemCount: t.int({
      nullable: true,
      description:
        'How many items the campaign holds; null for a viewer who only reviews items (it sees its own).',
      authScopes: (campaign) => ({ administersReviewCampaign: campaign.id }),
      unauthorizedResolver: () => null,
      resolve: (campaign) => campaign.itemCount,
    }),
    unit: t.field({
      type: UnitRef,
      nullable: true,
      description: 'The unit reviewed; null for the whole organisation.',
      resolve: (campaign, _args, ctx) => (campaign.unit ? ctx.loaders.unit.load(campaign.unit) : null),
    }),
    startedByName: t.string({
      nullable: true,
      resolve: async (campaign, _args, ctx) => {
        const member = campaign.startedBy ? await ctx.loaders.member.load(campaign.startedBy) : null;
        const person = member && (await ctx.loaders.person.load(member.person));
        return person ? `${person.firstName} ${person.lastName}` : null;
      },
    }),
    viewerIsAdministrator: t.boolean({
      description:
        'Whether the viewer administers the campaign (all items, progress, closing), not only reviews.',
      resolve: async (campaign, _args, ctx) => (await accessTo(ctx, campaign)) === 'ADMIN',
    }),
    progress: t.field({
      type: ProgressRef,
      nullable: true,
      description: 'Overall and per reviewer; null for a viewer who only reviews items.',
      authScopes: (campaign) => ({ administersReviewCampaign: campaign.id }),
      unauthorizedResolver: () => null,
      resolve: (campaign, _args, ctx) => progressOf(ctx, campaign),
    }),
    viewerProgress: t.field({
      type: CountsRef,
      description: 'The viewer’s own items: how many, how many decided.',
      resolve: async (campaign, _args, ctx) => {
        const actor = await ctx.actor();
        const rows = await ctx.loaders.campaignProgress.load(campaign.id);
        const own =
          actor?.kind === 'member' ? rows.find((row) => row.reviewer_id === actor.memberId) : undefined;
        return own ?? EMPTY;
      },
    }),
    items: t.connection({
      type: ReviewItemRef,
      description:
        'The campaign’s items, one member’s together. An administrator of the campaign sees all (or, with mine, its own); a reviewer only its own (rule 2).',
      args: {
        mine: t.arg.boolean({ required: false }),
        undecidedOnly: t.arg.boolean({ required: false }),
      },
      resolve: async (campaign, args, ctx) => {
        const actor = await ctx.actor();
        const access = await accessTo(ctx, campaign);
        const ownOnly = access !== 'ADMIN' || args.mine === true;
        const reviewerId = actor?.kind === 'member' ? actor.memberId : null;
        return listCampaignItems(
          ctx.em,
          campaign.id,
          {
            reviewerId: ownOnly ? (reviewerId ?? '00000000-0000-0000-0000-000000000000') : null,
            undecidedOnly: args.undecidedOnly,
          },
          args,
        );
      },
    }),
  }),
});

builder.node(ReviewItemRef, {
  description:
    'One right of one member to certify in a campaign, with its reviewers and, once decided, the decision.',
  // Seen by the campaign's administrators and by the item's own reviewers only (rule 2).
  authScopes: (item) => ({ $any: { administersReviewCampaign: item.campaign, reviewsItem: item.id } }),
  id: { resolve: (item) => item.id },
  loadMany: (ids, ctx) => Promise.all(ids.map((id) => ctx.loaders.reviewItem.load(id))),
  fields: (t) => ({
    kind: t.field({ type: ReviewItemKindEnum, resolve: (item) => item.kind }),
    campaign: t.field({
      type: ReviewCampaignRef,
      resolve: async (item, _args, ctx) => (await ctx.loaders.reviewCampaign.load(item.campaign))!,
    }),
    member: t.field({
      type: MemberRef,
      resolve: async (item, _args, ctx) => (await ctx.loaders.member.load(item.member))!,
    }),
    memberName: t.string({
      nullable: true,
      description: 'The member’s name (also for a reviewer who may not open the member’s page).',
      resolve: async (item, _args, ctx) => {
        const member = await ctx.loaders.member.load(item.member);
        const person = member && (await ctx.loaders.person.load(member.person));
        return person ? `${person.firstName} ${person.lastName}` : null;
      },
    }),
    unit: t.field({
      type: UnitRef,
      nullable: true,
      description: 'ATTACHMENT: the unit (null once deleted).',
      resolve: (item, _args, ctx) =>
        item.kind === 'ATTACHMENT' ? ctx.loaders.unit.load(item.subjectId) : null,
    }),
    group: t.field({
      type: GroupRef,
      nullable: true,
      description: 'GROUP_MEMBERSHIP: the group (null once deleted).',
      resolve: (item, _args, ctx) =>
        item.kind === 'GROUP_MEMBERSHIP' ? ctx.loaders.group.load(item.subjectId) : null,
    }),
    serviceRoles: t.field({
      type: [ServiceRoleRef],
      description:
        'DIRECT_GRANT: the role; GROUP_MEMBERSHIP: the roles the group granted when the campaign started.',
      resolve: async (item, _args, ctx) => {
        const ids =
          item.kind === 'DIRECT_GRANT'
            ? [item.subjectId]
            : item.kind === 'GROUP_MEMBERSHIP'
              ? item.serviceRoleIds
              : [];
        const roles = await Promise.all(ids.map((id) => ctx.loaders.serviceRole.load(id)));
        return roles.filter((role) => role !== null);
      },
    }),
    decision: t.field({ type: ReviewDecisionEnum, nullable: true, resolve: (item) => item.decision ?? null }),
    comment: t.string({ nullable: true, resolve: (item) => item.comment ?? null }),
    newUnit: t.field({
      type: UnitRef,
      nullable: true,
      resolve: (item, _args, ctx) => (item.newUnitId ? ctx.loaders.unit.load(item.newUnitId) : null),
    }),
    decidedAt: t.field({ type: 'DateTime', nullable: true, resolve: (item) => item.decidedAt ?? null }),
    byDefault: t.exposeBoolean('byDefault', {
      description: 'Decided by the campaign’s default at the due date.',
    }),
    decidedByName: t.string({
      nullable: true,
      resolve: async (item, _args, ctx) => {
        const member = item.decidedBy ? await ctx.loaders.member.load(item.decidedBy) : null;
        const person = member && (await ctx.loaders.person.load(member.person));
        return person ? `${person.firstName} ${person.lastName}` : null;
      },
    }),
    viewerCanDecide: t.boolean({
      description:
        'Whether the viewer is one of the item’s reviewers and it is still open (decideReviewItem agrees).',
      resolve: async (item, _args, ctx) => {
        const actor = await ctx.actor();
        const campaign = await ctx.loaders.reviewCampaign.load(item.campaign);
        return (
          actor !== null &&
          campaign !== null &&
          item.decision == null &&
          mayDecideReviewItem(
            actor,
            {
              organisationId: item.organisation,
              reviewerIds: item.reviewerIds,
              campaignState: campaign.state,
            },
            ctx.now,
          )
        );
      },
    }),
  }),
});
