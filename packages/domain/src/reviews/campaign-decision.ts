import { DomainError } from '../errors';
import type { Actor } from '../model';
import { activeHoldings } from '../permissions/policy';
import type { ReviewCampaignState, ReviewDefaultDecision } from './campaign';
import type { ReviewItemKind } from './campaign-items';

export const REVIEW_DECISION_VALUES = ['KEEP', 'REVOKE', 'CHANGE_ATTACHMENT'] as const;
export type ReviewDecision = (typeof REVIEW_DECISION_VALUES)[number];

export const REVIEW_COMMENT_MAX = 1000;

/** A reviewer's answer on one item: keep, revoke (with a reason), or move an attachment to another unit. */
export type ReviewDecisionInput = {
  decision: ReviewDecision;
  comment?: string | null;
  newUnitId?: string | null;
};

/** The decision as it is stored: the comment trimmed (null when empty), the new unit only for a change. */
export type ValidDecision = { decision: ReviewDecision; comment: string | null; newUnitId: string | null };

/**
 * Validates a decision on an item of some kind: a revoke needs a comment (the evidence says why); changing the
 * attachment applies to attachments only and needs another unit of the scope. Throws INVALID_INPUT naming the field.
 */
export function validateReviewDecision(
  kind: ReviewItemKind,
  currentUnitId: string | null,
  input: ReviewDecisionInput,
  unitInScope: (unitId: string) => boolean,
): ValidDecision {
  const comment = input.comment?.trim() ? input.comment.trim() : null;
  if (comment && comment.length > REVIEW_COMMENT_MAX)
    throw new DomainError(
      'INVALID_INPUT',
      `A comment has at most ${REVIEW_COMMENT_MAX} characters.`,
      'comment',
    );
  if (input.decision === 'REVOKE' && !comment)
    throw new DomainError('INVALID_INPUT', 'Say why this right is revoked.', 'comment');
  if (input.decision !== 'CHANGE_ATTACHMENT') {
    if (input.newUnitId)
      throw new DomainError('INVALID_INPUT', 'Only a change of attachment names a unit.', 'newUnitId');
    return { decision: input.decision, comment, newUnitId: null };
  }
  if (kind !== 'ATTACHMENT')
    throw new DomainError('INVALID_INPUT', 'Only an attachment to a unit can be changed.', 'decision');
  if (!input.newUnitId)
    throw new DomainError('INVALID_INPUT', 'Choose the unit to attach to instead.', 'newUnitId');
  if (input.newUnitId === currentUnitId)
    throw new DomainError('INVALID_INPUT', 'Choose another unit than the current one.', 'newUnitId');
  if (!unitInScope(input.newUnitId))
    throw new DomainError('INVALID_INPUT', 'Choose a unit inside the campaign’s scope.', 'newUnitId');
  return { decision: 'CHANGE_ATTACHMENT', comment, newUnitId: input.newUnitId };
}

/** The decision an undecided item takes at the due date: the campaign's default, never a change of attachment. */
export function defaultDecisionFor(defaultDecision: ReviewDefaultDecision): ValidDecision {
  return {
    decision: defaultDecision,
    comment:
      defaultDecision === 'REVOKE' ? 'Default decision at the due date: no answer from the reviewer.' : null,
    newUnitId: null,
  };
}

/** Whether a decision takes something away (and so must be applied to the member's rights). */
export function decisionChangesRights(decision: ReviewDecision): boolean {
  return decision !== 'KEEP';
}

export type ProgressCount = {
  total: number;
  decided: number;
  kept: number;
  revoked: number;
  changed: number;
};
export type ReviewProgress = { overall: ProgressCount; byReviewer: Map<string, ProgressCount> };

const empty = (): ProgressCount => ({ total: 0, decided: 0, kept: 0, revoked: 0, changed: 0 });

function add(count: ProgressCount, decision: ReviewDecision | null): void {
  count.total += 1;
  if (decision === null) return;
  count.decided += 1;
  if (decision === 'KEEP') count.kept += 1;
  else if (decision === 'REVOKE') count.revoked += 1;
  else count.changed += 1;
}

/** Progress of a campaign, overall and per reviewer (an item with two reviewers counts for each of them). */
export function reviewProgress(
  items: readonly { reviewerIds: readonly string[]; decision: ReviewDecision | null }[],
): ReviewProgress {
  const overall = empty();
  const byReviewer = new Map<string, ProgressCount>();
  for (const item of items) {
    add(overall, item.decision);
    for (const reviewer of new Set(item.reviewerIds)) {
      let count = byReviewer.get(reviewer);
      if (!count) {
        count = empty();
        byReviewer.set(reviewer, count);
      }
      add(count, item.decision);
    }
  }
  return { overall, byReviewer };
}

/**
 * Tells whether an actor reviews items listed for `reviewerIds`: one of them, acting for the campaign's organisation,
 * and still holding an administrator's role there now. A reviewer chosen at the snapshot whose every role has ended
 * since (a referent replaced, a group manager removed) no longer sees its items, is not reminded and does not decide
 * (rule 2: what it could see came from that role).
 */
export function reviewsAsOf(
  actor: Actor,
  item: { organisationId: string; reviewerIds: readonly string[] },
  at: Date,
): boolean {
  return (
    holdsARoleIn(actor, item.organisationId, at) &&
    actor.kind === 'member' &&
    item.reviewerIds.includes(actor.memberId)
  );
}

/** Tells whether an actor acts as a member of the organisation and still holds an administrator's role there now. */
export function holdsARoleIn(actor: Actor, organisationId: string, at: Date): boolean {
  return (
    actor.kind === 'member' &&
    actor.organisationId === organisationId &&
    activeHoldings(actor.holdings, at).length > 0
  );
}

/**
 * Tells whether an actor may decide an item: only one of the item's own reviewers who still reviews (`reviewsAsOf`),
 * while the campaign is open.
 */
export function mayDecideReviewItem(
  actor: Actor,
  item: { organisationId: string; reviewerIds: readonly string[]; campaignState: ReviewCampaignState },
  at: Date,
): boolean {
  return item.campaignState === 'OPEN' && reviewsAsOf(actor, item, at);
}
