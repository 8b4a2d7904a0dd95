import type { RequestState } from '../model';

/**
 * The dashboard's figures (issue 14): what a request submitted in a week became, and the weeks a chart shows.
 * The SQL of apps/api groups by these outcomes; these functions say what they mean and fill the empty weeks.
 */
export const REQUEST_OUTCOME_VALUES = ['ACCEPTED', 'REFUSED', 'PENDING', 'CANCELLED'] as const;
export type RequestOutcome = (typeof REQUEST_OUTCOME_VALUES)[number];

/** How many weeks a figure may cover: at least one, at most a year; twelve unless asked. */
export const FIGURE_WEEKS = { min: 1, max: 53, default: 12 } as const;

export function isValidFigureWeeks(weeks: number): boolean {
  return Number.isInteger(weeks) && weeks >= FIGURE_WEEKS.min && weeks <= FIGURE_WEEKS.max;
}

/**
 * What a request became: accepted or refused by its decision (closed afterwards or not), pending while submitted,
 * cancelled when withdrawn before any decision (closed afterwards or not).
 */
export function requestOutcome(state: RequestState, decision: 'APPROVED' | 'REFUSED' | null): RequestOutcome {
  if (decision === 'APPROVED') return 'ACCEPTED';
  if (decision === 'REFUSED') return 'REFUSED';
  return state === 'SUBMITTED' ? 'PENDING' : 'CANCELLED';
}

const DAY = 86_400_000;

/** Monday 00:00 UTC of the ISO week holding `at`. */
export function weekStart(at: Date): Date {
  const day = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  const sinceMonday = (day.getUTCDay() + 6) % 7;
  return new Date(day.getTime() - sinceMonday * DAY);
}

/** The starts of the `count` weeks that end with the one holding `at`, oldest first. */
export function lastWeeks(at: Date, count: number): Date[] {
  const current = weekStart(at).getTime();
  return Array.from({ length: count }, (_, index) => new Date(current - (count - 1 - index) * 7 * DAY));
}

export interface WeekOutcomeCount {
  weekStart: Date;
  outcome: RequestOutcome;
  count: number;
}
export interface WeekOfRequests {
  weekStart: Date;
  /** requests submitted that week */
  submitted: number;
  counts: Record<RequestOutcome, number>;
}

/** One entry per week (zero-filled), each with a count per outcome; rows outside the weeks are ignored. */
export function requestsByWeek(weeks: readonly Date[], rows: readonly WeekOutcomeCount[]): WeekOfRequests[] {
  const byWeek = new Map(
    weeks.map((week) => [
      week.getTime(),
      {
        weekStart: week,
        submitted: 0,
        counts: Object.fromEntries(REQUEST_OUTCOME_VALUES.map((outcome) => [outcome, 0])) as Record<
          RequestOutcome,
          number
        >,
      },
    ]),
  );
  for (const row of rows) {
    const week = byWeek.get(row.weekStart.getTime());
    if (!week) continue;
    week.counts[row.outcome] += row.count;
    week.submitted += row.count;
  }
  return [...byWeek.values()];
}
