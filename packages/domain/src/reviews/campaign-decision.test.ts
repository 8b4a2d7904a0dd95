import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors';
import { organisationScope } from '../model';
import {
  defaultDecisionFor,
  mayDecideReviewItem,
  REVIEW_DECISION_VALUES,
  type ReviewDecision,
  reviewProgress,
  reviewsAsOf,
  validateReviewDecision,
} from './campaign-decision';
import { REVIEW_ITEM_KIND_VALUES } from './campaign-items';

const inScope = (unitId: string) => unitId.startsWith('in-');
const fieldOf = (check: () => unknown) => {
  try {
    check();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return (error as DomainError).field;
  }
  return null;
};

describe('validateReviewDecision', () => {
  it('keeps without a comment and stores a trimmed one', () => {
    expect(validateReviewDecision('DIRECT_GRANT', null, { decision: 'KEEP' }, inScope)).toEqual({
      decision: 'KEEP',
      comment: null,
      newUnitId: null,
    });
    expect(
      validateReviewDecision('ATTACHMENT', 'in-1', { decision: 'REVOKE', comment: ' left ' }, inScope),
    ).toEqual({
      decision: 'REVOKE',
      comment: 'left',
      newUnitId: null,
    });
  });

  it('refuses a revoke without a reason, whatever blank it is given', () => {
    fc.assert(
      fc.property(fc.constantFrom(...REVIEW_ITEM_KIND_VALUES), fc.stringMatching(/^\s*$/), (kind, blank) => {
        expect(
          fieldOf(() => validateReviewDecision(kind, null, { decision: 'REVOKE', comment: blank }, inScope)),
        ).toBe('comment');
      }),
    );
  });

  it('changes only attachments, to another unit inside the scope', () => {
    const change = (kind: (typeof REVIEW_ITEM_KIND_VALUES)[number], newUnitId: string | null) => () =>
      validateReviewDecision(kind, 'in-1', { decision: 'CHANGE_ATTACHMENT', newUnitId }, inScope);
    expect(change('ATTACHMENT', 'in-2')()).toEqual({
      decision: 'CHANGE_ATTACHMENT',
      comment: null,
      newUnitId: 'in-2',
    });
    expect(fieldOf(change('GROUP_MEMBERSHIP', 'in-2'))).toBe('decision');
    expect(fieldOf(change('ATTACHMENT', null))).toBe('newUnitId');
    expect(fieldOf(change('ATTACHMENT', 'in-1'))).toBe('newUnitId');
    expect(fieldOf(change('ATTACHMENT', 'out-1'))).toBe('newUnitId');
    expect(
      fieldOf(() =>
        validateReviewDecision('ATTACHMENT', 'in-1', { decision: 'KEEP', newUnitId: 'in-2' }, inScope),
      ),
    ).toBe('newUnitId');
    expect(
      fieldOf(() =>
        validateReviewDecision('ATTACHMENT', null, { decision: 'KEEP', comment: 'x'.repeat(1001) }, inScope),
      ),
    ).toBe('comment');
  });

  it('gives the campaign’s default at the due date, with a reason for a revoke', () => {
    expect(defaultDecisionFor('KEEP')).toEqual({ decision: 'KEEP', comment: null, newUnitId: null });
    expect(defaultDecisionFor('REVOKE').decision).toBe('REVOKE');
    expect(defaultDecisionFor('REVOKE').comment).toBeTruthy();
  });
});

describe('mayDecideReviewItem and reviewsAsOf', () => {
  const at = new Date('2026-06-01T00:00:00Z');
  const reviewer = {
    kind: 'member' as const,
    personId: 'p',
    memberId: 'r1',
    organisationId: 'o',
    holdings: [{ kind: 'REFERENT' as const, scope: organisationScope('o') }],
  };
  it('lets only the item’s own reviewers decide, in its organisation, while the campaign is open', () => {
    const item = { organisationId: 'o', reviewerIds: ['r1', 'r2'], campaignState: 'OPEN' as const };
    expect(mayDecideReviewItem(reviewer, item, at)).toBe(true);
    expect(mayDecideReviewItem({ ...reviewer, memberId: 'r3' }, item, at)).toBe(false);
    expect(mayDecideReviewItem({ ...reviewer, organisationId: 'other' }, item, at)).toBe(false);
    expect(mayDecideReviewItem({ kind: 'operator', personId: 'op' }, item, at)).toBe(false);
    expect(mayDecideReviewItem(reviewer, { ...item, campaignState: 'CLOSED' }, at)).toBe(false);
  });
  it('drops a reviewer whose every role has ended since the snapshot, keeps one whose role ends exactly now', () => {
    const item = { organisationId: 'o', reviewerIds: ['r1'] };
    expect(reviewsAsOf({ ...reviewer, holdings: [] }, item, at)).toBe(false);
    const ended = {
      kind: 'REFERENT' as const,
      scope: organisationScope('o'),
      validUntil: new Date(at.getTime() - 1),
    };
    expect(reviewsAsOf({ ...reviewer, holdings: [ended] }, item, at)).toBe(false);
    expect(reviewsAsOf({ ...reviewer, holdings: [{ ...ended, validUntil: at }] }, item, at)).toBe(true);
    expect(reviewsAsOf(reviewer, item, at)).toBe(true);
  });
});

describe('reviewProgress', () => {
  it('counts overall and per reviewer', () => {
    const progress = reviewProgress([
      { reviewerIds: ['a'], decision: 'KEEP' },
      { reviewerIds: ['a', 'b'], decision: null },
      { reviewerIds: ['b'], decision: 'REVOKE' },
    ]);
    expect(progress.overall).toEqual({ total: 3, decided: 2, kept: 1, revoked: 1, changed: 0 });
    expect(progress.byReviewer.get('a')).toEqual({ total: 2, decided: 1, kept: 1, revoked: 0, changed: 0 });
    expect(progress.byReviewer.get('b')).toEqual({ total: 2, decided: 1, kept: 0, revoked: 1, changed: 0 });
  });

  it('adds up: decided = kept + revoked + changed ≤ total, and each reviewer counts its own items', () => {
    const item = fc.record({
      reviewerIds: fc.uniqueArray(fc.constantFrom<string>('a', 'b', 'c'), { minLength: 1 }),
      decision: fc.option(fc.constantFrom<ReviewDecision>(...REVIEW_DECISION_VALUES)),
    });
    fc.assert(
      fc.property(fc.array(item), (items) => {
        const { overall, byReviewer } = reviewProgress(items);
        expect(overall.total).toBe(items.length);
        expect(overall.decided).toBe(overall.kept + overall.revoked + overall.changed);
        expect(overall.decided).toBe(items.filter((i) => i.decision !== null).length);
        for (const [reviewer, count] of byReviewer) {
          const own = items.filter((i) => i.reviewerIds.includes(reviewer));
          expect(count.total).toBe(own.length);
          expect(count.decided).toBe(own.filter((i) => i.decision !== null).length);
        }
      }),
    );
  });
});
