import { canStartReviewCampaign, holdsARoleIn, organisationScope, unitScope } from '@tessera/domain';
import { parseId } from '../../lib/ids.js';
import { listMyReviewItems, listReviewCampaigns } from '../../modules/reviews/campaign.queries.js';
import { authzOf, scopeId } from '../authz.js';
import { builder } from '../builder.js';
import { ReviewCampaignRef, ReviewItemRef } from '../types/review-campaign.js';

builder.queryField('reviewCampaigns', (t) =>
  t.connection({
    type: ReviewCampaignRef,
    description:
      'The review campaigns of an organisation the caller administers, newest first: all of them for those who may review the whole organisation, those over its units for a unit referent.',
    authScopes: (_root, args) => ({
      canSomewhereIn: { action: 'review:read', organisationId: scopeId(args.organisationId, 'Organisation') },
    }),
    args: { organisationId: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const organisationId = parseId(args.organisationId, 'Organisation', 'organisationId');
      const authz = await authzOf(ctx);
      const topology = await authz.topology(organisationId);
      const whole = canStartReviewCampaign(
        authz.actor,
        organisationScope(organisationId),
        topology,
        authz.now,
      );
      const unitIds = whole
        ? null
        : [...topology.unitParent.keys()].filter((unitId) =>
            canStartReviewCampaign(authz.actor, unitScope(organisationId, unitId), topology, authz.now),
          );
      return listReviewCampaigns(ctx.em, organisationId, unitIds, args);
    },
  }),
);

builder.queryField('myReviewItems', (t) =>
  t.connection({
    type: ReviewItemRef,
    description:
      'The items the acting member reviews in the open campaigns of its organisation (rule 2: only its own).',
    authScopes: { actingMember: true },
    args: { undecidedOnly: t.arg.boolean({ required: false }) },
    resolve: async (_root, args, ctx) => {
      const actor = (await authzOf(ctx)).actor;
      // Not a member, or a reviewer whose every role has ended since the snapshot (domain reviewsAsOf): nothing.
      if (actor.kind !== 'member' || !holdsARoleIn(actor, actor.organisationId, ctx.now))
        return listMyReviewItems(ctx.em, '', '', {}, { first: 0 });
      return listMyReviewItems(
        ctx.em,
        actor.organisationId,
        actor.memberId,
        { undecidedOnly: args.undecidedOnly },
        args,
      );
    },
  }),
);
