import { DomainError } from '../errors';
import type { RequestState, RequestType } from '../model';
import type { Action } from '../permissions/actions';

export const REQUEST_EVENT_VALUES = ['APPROVE', 'REFUSE', 'CANCEL', 'CLOSE'] as const;
export type RequestEvent = (typeof REQUEST_EVENT_VALUES)[number];

/**
 * The legal moves of a request: a submitted request is approved, refused or cancelled, and any decided
 * request is then closed. Everything else is refused.
 */
export const REQUEST_TRANSITIONS: Readonly<
  Record<RequestState, Readonly<Partial<Record<RequestEvent, RequestState>>>>
> = {
  SUBMITTED: { APPROVE: 'APPROVED', REFUSE: 'REFUSED', CANCEL: 'CANCELLED' },
  APPROVED: { CLOSE: 'CLOSED' },
  REFUSED: { CLOSE: 'CLOSED' },
  CANCELLED: { CLOSE: 'CLOSED' },
  CLOSED: {},
};

/** The state a request reaches on an event; throws INVALID_TRANSITION for an illegal move. */
export function nextState(state: RequestState, event: RequestEvent): RequestState {
  const next = REQUEST_TRANSITIONS[state][event];
  if (next === undefined) {
    throw new DomainError('INVALID_TRANSITION', `A ${state.toLowerCase()} request cannot receive ${event}.`);
  }
  return next;
}

/** The events a request in that state accepts, in REQUEST_EVENT_VALUES order. */
export function availableEvents(state: RequestState): RequestEvent[] {
  return REQUEST_EVENT_VALUES.filter((event) => REQUEST_TRANSITIONS[state][event] !== undefined);
}

/** Tells whether a request is finished for retention: refused, cancelled or closed (an approval still awaits closing). */
export function isFinished(state: RequestState): boolean {
  return state === 'REFUSED' || state === 'CANCELLED' || state === 'CLOSED';
}

/** The action needed to approve or refuse a request of that type (the same for every type today). */
export function requestDecisionAction(_type: RequestType): Action {
  return 'request:decide';
}

const DAY_MS = 86_400_000;

/** The instant before which finished requests are destroyed: `now` minus `retentionDays` days. */
export function retentionCutoff(now: Date, retentionDays: number): Date {
  if (!Number.isInteger(retentionDays) || retentionDays < 0) {
    throw new DomainError(
      'INVALID_INPUT',
      'Retention is a whole, non-negative number of days.',
      'retentionDays',
    );
  }
  return new Date(now.getTime() - retentionDays * DAY_MS);
}

/**
 * Tells whether retention destroys a request now (rule 5): it is finished and was closed strictly before
 * the cutoff. `closedAt` is when the request reached its finished state; a request without it is kept.
 */
export function isDueForDestruction(
  request: { state: RequestState; closedAt: Date | null },
  cutoff: Date,
): boolean {
  return (
    isFinished(request.state) && request.closedAt !== null && request.closedAt.getTime() < cutoff.getTime()
  );
}
