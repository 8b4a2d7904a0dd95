import type { EntityManager } from '@mikro-orm/postgresql';
import { InvalidInputError } from '../../errors.js';
import { type ConnectionArgs, type KeyValue, keysetPage } from '../../lib/keyset.js';
import { type IReviewCampaign, type IReviewItem, ReviewCampaign, ReviewItem } from './campaign.entity.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function uuidKey(after: KeyValue[], at: number[]): string[] {
  const values = at.map((index) => after[index]);
  if (!values.every((value) => typeof value === 'string' && UUID.test(value)))
    throw new InvalidInputError('after', 'This cursor is not valid for this list.');
  return values as string[];
}

/**
 * An organisation's campaigns, newest first; `unitIds` null for all of them, else only those over these units
 * (what a unit referent administers).
 */
export function listReviewCampaigns(
  em: EntityManager,
  organisationId: string,
  unitIds: readonly string[] | null,
  args: ConnectionArgs,
) {
  return keysetPage<IReviewCampaign>(
    args,
    (campaign) => [campaign.createdAt.toISOString(), campaign.id],
    2,
    (after, limit) => {
      if (unitIds !== null && unitIds.length === 0) return Promise.resolve([]);
      const qb = em
        .createQueryBuilder(ReviewCampaign, 'c')
        .select('*')
        .where({ organisation: organisationId });
      if (unitIds !== null) qb.andWhere({ unit: { $in: [...unitIds] } });
      if (after) {
        const [at] = after;
        if (typeof at !== 'string' || Number.isNaN(Date.parse(at)))
          throw new InvalidInputError('after', 'This cursor is not valid for this list.');
        qb.andWhere('(c.created_at, c.id) < (?, ?)', [new Date(at), ...uuidKey(after, [1])]);
      }
      return qb.orderBy({ createdAt: 'desc', id: 'desc' }).limit(limit).getResultList();
    },
  );
}

export interface ItemFilter {
  /** only the items this member reviews (a reviewer's own items) */
  reviewerId: string | null;
  /** only the undecided ones */
  undecidedOnly?: boolean | null;
}

/** A campaign's items, one member's together (by member, then item id); one statement per page. */
export function listCampaignItems(
  em: EntityManager,
  campaignId: string,
  filter: ItemFilter,
  args: ConnectionArgs,
) {
  return keysetPage<IReviewItem>(
    args,
    (item) => [item.member, item.id],
    2,
    (after, limit) => {
      const qb = em.createQueryBuilder(ReviewItem, 'i').select('*').where({ campaign: campaignId });
      if (filter.reviewerId) qb.andWhere('i.reviewer_ids @> array[?]::text[]', [filter.reviewerId]);
      if (filter.undecidedOnly) qb.andWhere({ decision: null });
      if (after) qb.andWhere('(i.member_id, i.id) > (?, ?)', uuidKey(after, [0, 1]));
      return qb.orderBy({ member: 'asc', id: 'asc' }).limit(limit).getResultList();
    },
  );
}

/** The items a member reviews in the open campaigns of its organisation, campaign by campaign. */
export function listMyReviewItems(
  em: EntityManager,
  organisationId: string,
  memberId: string,
  filter: { undecidedOnly?: boolean | null },
  args: ConnectionArgs,
) {
  return keysetPage<IReviewItem>(
    args,
    (item) => [item.campaign, item.member, item.id],
    3,
    (after, limit) => {
      const qb = em
        .createQueryBuilder(ReviewItem, 'i')
        .select('i.*')
        .join('i.campaign', 'c')
        .where({ organisation: organisationId })
        .andWhere("c.state = 'OPEN'")
        .andWhere('i.reviewer_ids @> array[?]::text[]', [memberId]);
      if (filter.undecidedOnly) qb.andWhere({ decision: null });
      if (after) qb.andWhere('(i.campaign_id, i.member_id, i.id) > (?, ?, ?)', uuidKey(after, [0, 1, 2]));
      return qb.orderBy({ campaign: 'asc', member: 'asc', id: 'asc' }).limit(limit).getResultList();
    },
  );
}
