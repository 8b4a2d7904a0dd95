import { canStartReviewCampaign, holdsARoleIn } from '@tessera/domain';
import type { RequestContext } from '../context.js';
import type { IReviewCampaign } from '../modules/reviews/campaign.entity.js';
import { campaignScope } from '../modules/reviews/campaign.service.js';

export type CampaignAccess = 'ADMIN' | 'REVIEWER' | null;

/**
 * What the viewer may see of a campaign: ADMIN when it may start a campaign over the campaign's scope (the domain's
 * `canStartReviewCampaign`: all items, progress, closing), REVIEWER when it reviews at least one item and still
 * holds a role there (its own items only, rule 2), else nothing: another organisation's admin, a lower admin or a plain member gets NOT_FOUND.
 */
export async function reviewCampaignAccess(ctx: RequestContext, campaignId: string): Promise<CampaignAccess> {
  const campaign = await ctx.loaders.reviewCampaign.load(campaignId);
  return campaign ? accessTo(ctx, campaign) : null;
}

export async function accessTo(ctx: RequestContext, campaign: IReviewCampaign): Promise<CampaignAccess> {
  const actor = await ctx.actor();
  if (actor?.kind !== 'member' || actor.organisationId !== campaign.organisation) return null;
  const topology = await ctx.topology(campaign.organisation);
  if (canStartReviewCampaign(actor, campaignScope(campaign), topology, ctx.now)) return 'ADMIN';
  // A reviewer chosen at the snapshot whose every role has ended since sees nothing more (domain `reviewsAsOf`).
  if (!holdsARoleIn(actor, campaign.organisation, ctx.now)) return null;
  return (await ctx.loaders.reviewsCampaign.load(`${campaign.id}|${actor.memberId}`)) ? 'REVIEWER' : null;
}
