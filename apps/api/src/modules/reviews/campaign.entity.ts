import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import {
  REVIEW_CAMPAIGN_STATE_VALUES,
  REVIEW_DECISION_VALUES,
  REVIEW_DEFAULT_DECISION_VALUES,
  REVIEW_ITEM_KIND_VALUES,
  REVIEW_RECURRENCE_VALUES,
} from '@tessera/domain';
import { baseProperties } from '../common.js';
import { Member } from '../members/member.entity.js';
import { Organisation, Unit } from '../organisations/organisation.entity.js';

/**
 * A review campaign (guide 003, issue 14): over an organisation or a unit subtree, started by a referent (or a
 * principal or co-admin), due at `dueAt`, when undecided items take `defaultDecision`. Its items are a snapshot of
 * the members' rights taken when it starts. A yearly campaign starts its successor when it closes.
 */
export const ReviewCampaign = defineEntity({
  name: 'ReviewCampaign',
  properties: {
    ...baseProperties,
    organisation: () => p.manyToOne(Organisation).mapToPk(),
    /** null: the whole organisation */
    unit: () => p.manyToOne(Unit).mapToPk().nullable().index().deleteRule('cascade'),
    startedBy: () => p.manyToOne(Member).mapToPk().nullable().index().deleteRule('set null'),
    name: p.string(),
    dueAt: p.datetime(),
    defaultDecision: p.enum([...REVIEW_DEFAULT_DECISION_VALUES]),
    recurrence: p.enum([...REVIEW_RECURRENCE_VALUES]).default('NONE'),
    state: p.enum([...REVIEW_CAMPAIGN_STATE_VALUES]).default('OPEN'),
    itemCount: p.integer().default(0),
    remindedAt: p.datetime().nullable(),
    closedAt: p.datetime().nullable(),
    /** the campaign this one recurs from */
    previous: () => p.manyToOne(ReviewCampaign).mapToPk().nullable().index().deleteRule('set null'),
  },
  indexes: [{ properties: ['organisation', 'createdAt', 'id'] }, { properties: ['state', 'dueAt'] }],
});
export type IReviewCampaign = InferEntity<typeof ReviewCampaign>;

/**
 * One right of one member to certify in a campaign: an attachment to the unit `subjectId`, a membership of the
 * group `subjectId` (with the service roles it granted at the snapshot), or the direct grant of the service role
 * `subjectId`. The subject is a plain id: the evidence outlives the unit, group or role. Decided once.
 */
export const ReviewItem = defineEntity({
  name: 'ReviewItem',
  properties: {
    ...baseProperties,
    campaign: () => p.manyToOne(ReviewCampaign).mapToPk().deleteRule('cascade'),
    organisation: () => p.manyToOne(Organisation).mapToPk().index(),
    member: () => p.manyToOne(Member).mapToPk().index().deleteRule('cascade'),
    kind: p.enum([...REVIEW_ITEM_KIND_VALUES]),
    subjectId: p.uuid(),
    serviceRoleIds: p.array().default([]),
    reviewerIds: p.array(),
    decision: p.enum([...REVIEW_DECISION_VALUES]).nullable(),
    newUnitId: p.uuid().nullable(),
    comment: p.text().nullable(),
    decidedAt: p.datetime().nullable(),
    decidedBy: () => p.manyToOne(Member).mapToPk().nullable().index().deleteRule('set null'),
    byDefault: p.boolean().default(false),
  },
  uniques: [{ properties: ['campaign', 'member', 'kind', 'subjectId'] }],
});
export type IReviewItem = InferEntity<typeof ReviewItem>;
