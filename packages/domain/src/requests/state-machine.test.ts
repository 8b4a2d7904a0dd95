import { describe, expect, it } from 'vitest';
import { isDomainError } from '../errors';
import { REQUEST_STATE_VALUES, REQUEST_TYPE_VALUES, type RequestState } from '../model';
import {
  availableEvents,
  isDueForDestruction,
  isFinished,
  nextState,
  REQUEST_EVENT_VALUES,
  type RequestEvent,
  requestDecisionAction,
  retentionCutoff,
} from './state-machine';

/** The whole table, written out: state -> event -> next state, or null when the move is illegal. */
const TABLE: Record<RequestState, Record<RequestEvent, RequestState | null>> = {
  SUBMITTED: { APPROVE: 'APPROVED', REFUSE: 'REFUSED', CANCEL: 'CANCELLED', CLOSE: null },
  APPROVED: { APPROVE: null, REFUSE: null, CANCEL: null, CLOSE: 'CLOSED' },
  REFUSED: { APPROVE: null, REFUSE: null, CANCEL: null, CLOSE: 'CLOSED' },
  CANCELLED: { APPROVE: null, REFUSE: null, CANCEL: null, CLOSE: 'CLOSED' },
  CLOSED: { APPROVE: null, REFUSE: null, CANCEL: null, CLOSE: null },
};

describe('nextState: the full transition table', () => {
  for (const state of REQUEST_STATE_VALUES) {
    for (const event of REQUEST_EVENT_VALUES) {
      const expected = TABLE[state][event];
      if (expected === null) {
        it(`${state} refuses ${event} with INVALID_TRANSITION`, () => {
          try {
            nextState(state, event);
            expect.unreachable();
          } catch (error) {
            expect(isDomainError(error, 'INVALID_TRANSITION')).toBe(true);
          }
        });
      } else {
        it(`${state} --${event}--> ${expected}`, () => {
          expect(nextState(state, event)).toBe(expected);
        });
      }
    }
  }
});

describe('availableEvents', () => {
  it('lists exactly the legal events of each state', () => {
    for (const state of REQUEST_STATE_VALUES) {
      expect(availableEvents(state)).toEqual(
        REQUEST_EVENT_VALUES.filter((event) => TABLE[state][event] !== null),
      );
    }
    expect(availableEvents('CLOSED')).toEqual([]);
  });
});

describe('isFinished', () => {
  it('counts refused, cancelled and closed requests as finished, not submitted or approved ones', () => {
    expect(REQUEST_STATE_VALUES.filter(isFinished)).toEqual(['REFUSED', 'CANCELLED', 'CLOSED']);
  });
});

describe('requestDecisionAction', () => {
  it("asks for 'request:decide' for every type", () => {
    for (const type of REQUEST_TYPE_VALUES) expect(requestDecisionAction(type)).toBe('request:decide');
  });
});

describe('retentionCutoff', () => {
  it('goes back the given number of days', () => {
    const now = new Date('2025-06-15T08:30:00Z');
    expect(retentionCutoff(now, 365).toISOString()).toBe('2024-06-15T08:30:00.000Z');
    expect(retentionCutoff(now, 0).getTime()).toBe(now.getTime());
  });

  it('refuses a negative or fractional retention', () => {
    const now = new Date('2025-06-15Z');
    expect(() => retentionCutoff(now, -1)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(() => retentionCutoff(now, 1.5)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });
});

describe('isDueForDestruction', () => {
  const cutoff = new Date('2024-06-15T00:00:00Z');
  const before = new Date('2024-06-14T23:59:59Z');

  it('destroys finished requests closed before the cutoff', () => {
    for (const state of ['REFUSED', 'CANCELLED', 'CLOSED'] as const) {
      expect(isDueForDestruction({ state, closedAt: before }, cutoff)).toBe(true);
    }
  });

  it('keeps requests closed at or after the cutoff', () => {
    expect(isDueForDestruction({ state: 'CLOSED', closedAt: cutoff }, cutoff)).toBe(false);
    expect(isDueForDestruction({ state: 'CLOSED', closedAt: new Date('2025-01-01Z') }, cutoff)).toBe(false);
  });

  it('keeps open requests and finished ones without a closing date, however old', () => {
    expect(isDueForDestruction({ state: 'SUBMITTED', closedAt: before }, cutoff)).toBe(false);
    expect(isDueForDestruction({ state: 'APPROVED', closedAt: before }, cutoff)).toBe(false);
    expect(isDueForDestruction({ state: 'CLOSED', closedAt: null }, cutoff)).toBe(false);
  });
});
