import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REQUEST_STATE_VALUES } from '../model';
import {
  FIGURE_WEEKS,
  isValidFigureWeeks,
  lastWeeks,
  REQUEST_OUTCOME_VALUES,
  requestOutcome,
  requestsByWeek,
  weekStart,
} from './figures';

const DAY = 86_400_000;
const instant = fc.date({
  min: new Date('2000-01-01T00:00:00Z'),
  max: new Date('2100-01-01T00:00:00Z'),
  noInvalidDate: true,
});

describe('dashboard figures', () => {
  it('starts a week on Monday 00:00 UTC, at most six days and a day before the instant', () => {
    fc.assert(
      fc.property(instant, (at) => {
        const start = weekStart(at);
        expect(start.getUTCDay()).toBe(1);
        expect(
          start.getUTCHours() + start.getUTCMinutes() + start.getUTCSeconds() + start.getUTCMilliseconds(),
        ).toBe(0);
        expect(start.getTime()).toBeLessThanOrEqual(at.getTime());
        expect(at.getTime() - start.getTime()).toBeLessThan(7 * DAY);
      }),
    );
    expect(weekStart(new Date('2026-12-06T23:59:59Z')).toISOString()).toBe('2026-11-30T00:00:00.000Z');
    expect(weekStart(new Date('2026-12-07T00:00:00Z')).toISOString()).toBe('2026-12-07T00:00:00.000Z');
  });

  it('lists consecutive weeks, oldest first, the last one holding the instant', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: FIGURE_WEEKS.min, max: FIGURE_WEEKS.max }), (at, count) => {
        const weeks = lastWeeks(at, count);
        expect(weeks).toHaveLength(count);
        expect(weeks.at(-1)!.getTime()).toBe(weekStart(at).getTime());
        for (let index = 1; index < weeks.length; index++)
          expect(weekStart(new Date(weeks[index]!.getTime() - 1)).getTime()).toBe(
            weeks[index - 1]!.getTime(),
          );
      }),
    );
  });

  it('accepts 1 to 53 whole weeks only', () => {
    expect([0, 1, 12, 53, 54, 1.5, -1, Number.NaN].map(isValidFigureWeeks)).toEqual([
      false,
      true,
      true,
      true,
      false,
      false,
      false,
      false,
    ]);
  });

  it('names the outcome by the decision first, then by whether it still waits', () => {
    expect(requestOutcome('SUBMITTED', null)).toBe('PENDING');
    expect(requestOutcome('APPROVED', 'APPROVED')).toBe('ACCEPTED');
    expect(requestOutcome('CLOSED', 'APPROVED')).toBe('ACCEPTED');
    expect(requestOutcome('REFUSED', 'REFUSED')).toBe('REFUSED');
    expect(requestOutcome('CLOSED', 'REFUSED')).toBe('REFUSED');
    expect(requestOutcome('CANCELLED', null)).toBe('CANCELLED');
    expect(requestOutcome('CLOSED', null)).toBe('CANCELLED');
    for (const state of REQUEST_STATE_VALUES)
      expect(REQUEST_OUTCOME_VALUES).toContain(requestOutcome(state, null));
  });

  it('zero-fills every week and keeps each count of a listed week, so submitted is the sum of outcomes', () => {
    const row = (weeks: Date[]) =>
      fc.record({
        weekStart: fc.constantFrom(...weeks, new Date(weeks[0]!.getTime() - 7 * DAY)),
        outcome: fc.constantFrom(...REQUEST_OUTCOME_VALUES),
        count: fc.integer({ min: 0, max: 1000 }),
      });
    fc.assert(
      fc.property(
        instant,
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 0, max: 1000 }),
        (at, count, seed) => {
          const weeks = lastWeeks(at, count);
          const rows = fc.sample(fc.array(row(weeks), { maxLength: 40 }), { numRuns: 1, seed })[0]!;
          const result = requestsByWeek(weeks, rows);
          expect(result.map((week) => week.weekStart)).toEqual(weeks);
          const inside = rows.filter((r) => weeks.some((w) => w.getTime() === r.weekStart.getTime()));
          const total = inside.reduce((sum, r) => sum + r.count, 0);
          expect(result.reduce((sum, week) => sum + week.submitted, 0)).toBe(total);
          for (const week of result)
            expect(week.submitted).toBe(REQUEST_OUTCOME_VALUES.reduce((sum, o) => sum + week.counts[o], 0));
        },
      ),
    );
  });
});
