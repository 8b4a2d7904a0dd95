import { DomainError } from '../errors';
import type { Actor, OrgTopology, ScopeRef } from '../model';
import { can } from '../permissions/policy';

export const REVIEW_DEFAULT_DECISION_VALUES = ['KEEP', 'REVOKE'] as const;
export type ReviewDefaultDecision = (typeof REVIEW_DEFAULT_DECISION_VALUES)[number];

export const REVIEW_RECURRENCE_VALUES = ['NONE', 'YEARLY'] as const;
export type ReviewRecurrence = (typeof REVIEW_RECURRENCE_VALUES)[number];

export const REVIEW_CAMPAIGN_STATE_VALUES = ['OPEN', 'CLOSED'] as const;
export type ReviewCampaignState = (typeof REVIEW_CAMPAIGN_STATE_VALUES)[number];

const DAY = 86_400_000;
/** A campaign lasts at least a day and at most a year (366 days): beyond that, certifying is no longer a review. */
export const REVIEW_MIN_DAYS = 1;
export const REVIEW_MAX_DAYS = 366;
/** Reviewers with undecided items are reminded this long before the due date (once per campaign). */
export const REVIEW_REMINDER_DAYS = 3;
export const REVIEW_NAME_MAX = 120;

/**
 * Tells whether an actor may start a review campaign over a scope (guide 003: the referents run the account review).
 * Only an organisation or a unit (an établissement) is reviewed, and only by a member acting for that organisation
 * whose roles permit `review:read` on the whole scope: principal and co-admins and organisation referents over the
 * organisation, and a unit's referents over their unit subtree (rule 1: never beyond the starter's own scope).
 * Unit admins hold no `review:read` (ROLE_PERMISSIONS: campaigns belong to referents). The operator does not take
 * part: reviewers and the fallback reviewer are members of the organisation.
 */
export function canStartReviewCampaign(
  actor: Actor,
  scope: ScopeRef,
  topology: OrgTopology,
  at: Date,
): boolean {
  if (actor.kind !== 'member' || actor.organisationId !== scope.organisationId) return false;
  if (scope.kind === 'GROUP') return false;
  return can(actor, 'review:read', scope, topology, at);
}

/** Same as canStartReviewCampaign, but throws NOT_AUTHORISED when refused. */
export function assertCanStartReviewCampaign(
  actor: Actor,
  scope: ScopeRef,
  topology: OrgTopology,
  at: Date,
): void {
  if (!canStartReviewCampaign(actor, scope, topology, at))
    throw new DomainError('NOT_AUTHORISED', 'You cannot start a review campaign over this scope.');
}

/** Checks a campaign's settings: a name, a due date between a day and a year ahead. Throws INVALID_INPUT. */
export function assertValidCampaignSettings(input: { name: string; dueAt: Date; now: Date }): void {
  const name = input.name.trim();
  if (name.length === 0) throw new DomainError('INVALID_INPUT', 'Give the campaign a name.', 'name');
  if (name.length > REVIEW_NAME_MAX)
    throw new DomainError('INVALID_INPUT', `A name has at most ${REVIEW_NAME_MAX} characters.`, 'name');
  const span = input.dueAt.getTime() - input.now.getTime();
  if (Number.isNaN(span) || span < REVIEW_MIN_DAYS * DAY)
    throw new DomainError('INVALID_INPUT', 'The due date must be at least a day from now.', 'dueAt');
  if (span > REVIEW_MAX_DAYS * DAY)
    throw new DomainError(
      'INVALID_INPUT',
      `The due date must be within ${REVIEW_MAX_DAYS} days from now.`,
      'dueAt',
    );
}

/** The due date of the next campaign of a yearly recurrence: one year later (29 February becomes 1 March). */
export function nextRecurrenceDueAt(dueAt: Date): Date {
  const next = new Date(dueAt.getTime());
  next.setUTCFullYear(next.getUTCFullYear() + 1);
  return next;
}

/** When the reminder of a campaign is due: REVIEW_REMINDER_DAYS before its due date. */
export function reminderAt(dueAt: Date): Date {
  return new Date(dueAt.getTime() - REVIEW_REMINDER_DAYS * DAY);
}
