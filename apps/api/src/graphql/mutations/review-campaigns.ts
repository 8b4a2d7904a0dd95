import { parseId } from '../../lib/ids.js';
import { closeReviewCampaign, startReviewCampaign } from '../../modules/reviews/campaign.service.js';
import { decideReviewItem } from '../../modules/reviews/campaign-decision.service.js';
import { authzIn } from '../authz.js';
import { builder } from '../builder.js';
import { MUTATION_ERRORS } from '../errors/index.js';
import { inTransaction } from '../mutation.js';
import {
  ReviewCampaignRef,
  ReviewDecisionEnum,
  ReviewDefaultDecisionEnum,
  ReviewItemRef,
  ReviewRecurrenceEnum,
} from '../types/review-campaign.js';

const StartReviewCampaignInput = builder.inputType('StartReviewCampaignInput', {
  fields: (t) => ({
    organisationId: t.id(),
    unitId: t.id({
      required: false,
      description: 'A unit subtree (an establishment); omitted: the whole organisation.',
    }),
    name: t.string({ description: 'At most 120 characters.' }),
    dueAt: t.field({ type: 'DateTime', description: 'Between a day and 366 days from now.' }),
    defaultDecision: t.field({ type: ReviewDefaultDecisionEnum }),
    recurrence: t.field({ type: ReviewRecurrenceEnum, required: false }),
  }),
});

builder.mutationField('startReviewCampaign', (t) =>
  t.field({
    type: ReviewCampaignRef,
    description:
      'Starts a review campaign over the organisation or a unit: principal and co-admins and organisation referents over the organisation, a unit’s referents over their unit. Snapshots every member’s attachments and rights as items, each with its reviewers. Audited.',
    errors: { types: MUTATION_ERRORS },
    authScopes: { actingMember: true },
    args: { input: t.arg({ type: StartReviewCampaignInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      inTransaction(ctx, async (tx) =>
        startReviewCampaign(tx, await authzIn(ctx, tx), {
          organisationId: parseId(input.organisationId, 'Organisation', 'organisationId'),
          unitId: input.unitId ? parseId(input.unitId, 'Unit', 'unitId') : null,
          name: input.name,
          dueAt: input.dueAt,
          defaultDecision: input.defaultDecision,
          recurrence: input.recurrence ?? 'NONE',
        }),
      ),
  }),
);

const DecideReviewItemInput = builder.inputType('DecideReviewItemInput', {
  fields: (t) => ({
    itemId: t.id(),
    decision: t.field({ type: ReviewDecisionEnum }),
    comment: t.string({ required: false, description: 'Required to revoke; at most 1000 characters.' }),
    newUnitId: t.id({ required: false, description: 'CHANGE_ATTACHMENT: the unit to attach to instead.' }),
  }),
});

builder.mutationField('decideReviewItem', (t) =>
  t.field({
    type: ReviewItemRef,
    description:
      'A reviewer keeps, revokes (with a comment) or changes the attachment of one of its own items; applied at once (the right is taken away) and audited. An item is decided once: a second decision is a CONFLICT.',
    errors: { types: MUTATION_ERRORS },
    authScopes: { actingMember: true },
    args: { input: t.arg({ type: DecideReviewItemInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      inTransaction(ctx, async (tx) =>
        decideReviewItem(tx, await authzIn(ctx, tx), parseId(input.itemId, 'ReviewItem', 'itemId'), {
          decision: input.decision,
          comment: input.comment ?? null,
          newUnitId: input.newUnitId ? parseId(input.newUnitId, 'Unit', 'newUnitId') : null,
        }),
      ),
  }),
);

const CloseReviewCampaignInput = builder.inputType('CloseReviewCampaignInput', {
  fields: (t) => ({ campaignId: t.id() }),
});

builder.mutationField('closeReviewCampaign', (t) =>
  t.field({
    type: ReviewCampaignRef,
    description:
      'Closes a campaign before its due date: the undecided items take its default decision now, as at the due date. Those who may start a campaign over its scope. Audited.',
    errors: { types: MUTATION_ERRORS },
    authScopes: { actingMember: true },
    args: { input: t.arg({ type: CloseReviewCampaignInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      inTransaction(ctx, async (tx) =>
        closeReviewCampaign(
          tx,
          await authzIn(ctx, tx),
          parseId(input.campaignId, 'ReviewCampaign', 'campaignId'),
        ),
      ),
  }),
);
