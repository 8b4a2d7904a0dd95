import type { EntityManager } from '@mikro-orm/postgresql';
import {
  type IReviewCampaign,
  type IReviewItem,
  ReviewCampaign,
  ReviewItem,
} from '../modules/reviews/campaign.entity.js';
import { loadCampaignProgress, type ProgressRow, pgArray } from '../modules/reviews/campaign.repository.js';
import { BatchLoader } from './batch-loader.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Per-request loaders of review campaigns: the rows, the viewer's reviewer status, the progress counts. */
export function createReviewLoaders(em: EntityManager) {
  return {
    reviewCampaign: new BatchLoader<string, IReviewCampaign | null>(async (ids) => {
      const valid = ids.filter((id) => UUID.test(id));
      const rows = valid.length > 0 ? await em.find(ReviewCampaign, { id: { $in: valid } }) : [];
      const map = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => map.get(id) ?? null);
    }),
    reviewItem: new BatchLoader<string, IReviewItem | null>(async (ids) => {
      const valid = ids.filter((id) => UUID.test(id));
      const rows = valid.length > 0 ? await em.find(ReviewItem, { id: { $in: valid } }) : [];
      const map = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => map.get(id) ?? null);
    }),
    /** key: `${campaignId}|${memberId}`: whether the member reviews at least one item of the campaign */
    reviewsCampaign: new BatchLoader<string, boolean>(async (keys) => {
      const pairs = keys.map((key) => key.split('|') as [string, string]);
      const rows = await em.execute<{ campaign_id: string; member_id: string }[]>(
        `select distinct i.campaign_id, k.member_id
           from unnest(?::uuid[], ?::text[]) as k(campaign_id, member_id)
           join review_item i on i.campaign_id = k.campaign_id and i.reviewer_ids @> array[k.member_id]`,
        [pgArray(pairs.map(([c]) => c)), pgArray(pairs.map(([, m]) => m))],
      );
      const found = new Set(rows.map((row) => `${row.campaign_id}|${row.member_id}`));
      return keys.map((key) => found.has(key));
    }),
    campaignProgress: new BatchLoader<string, ProgressRow[]>(async (ids) => {
      const map = await loadCampaignProgress(em, ids);
      return ids.map((id) => map.get(id) ?? []);
    }),
  };
}
