import { describe, expect, it } from 'vitest';
import {
  chunk,
  filterKey,
  membersSearchSchema,
  nextSort,
  notSignedInSince,
  tallyFailure,
  tallyOutcomes,
} from './member-list';

describe('members list address', () => {
  it('keeps filters, order, page size and the pages walked through', () => {
    expect(
      membersSearchSchema.parse({
        search: 'mor',
        status: 'BLOCKED',
        inactive: 180,
        sort: 'LAST_SIGN_IN_DESC',
        size: 50,
        after: ['c1', 'c2'],
      }),
    ).toEqual({
      search: 'mor',
      status: 'BLOCKED',
      inactive: 180,
      sort: 'LAST_SIGN_IN_DESC',
      size: 50,
      after: ['c1', 'c2'],
    });
  });

  it('reads numbers written as text, as a hand-typed address has them', () => {
    expect(membersSearchSchema.parse({ size: '100', inactive: '365' })).toMatchObject({
      size: 100,
      inactive: 365,
    });
  });

  it('drops each value it does not offer instead of failing the page', () => {
    expect(
      membersSearchSchema.parse({
        status: 'GONE',
        sort: 'EMAIL',
        size: 1000,
        inactive: 7,
        after: 'not-a-list',
        search: 'ok',
      }),
    ).toEqual({ search: 'ok' });
    expect(membersSearchSchema.parse({ size: 'many', after: [''] })).toEqual({});
  });

  it('refuses a cursor trail longer than it remembers', () => {
    const after = Array.from({ length: 51 }, (_, index) => `c${index}`);
    expect(membersSearchSchema.parse({ after }).after).toBeUndefined();
  });

  it('tells a change of filters from a change of order or page', () => {
    const base = membersSearchSchema.parse({ search: 'a', inactive: 90 });
    expect(filterKey({ ...base, sort: 'LAST_SIGN_IN_ASC', size: 100, after: ['c'] })).toBe(filterKey(base));
    expect(filterKey({ ...base, inactive: 180 })).not.toBe(filterKey(base));
    expect(filterKey({ ...base, status: 'ARCHIVED' })).not.toBe(filterKey(base));
  });
});

describe('not signed in since', () => {
  it('counts whole days back from the start of today, in local time', () => {
    const now = new Date(2026, 11, 4, 15, 42, 10);
    expect(new Date(notSignedInSince(90, now))).toEqual(new Date(2026, 8, 5));
    expect(new Date(notSignedInSince(365, now))).toEqual(new Date(2025, 11, 4));
  });

  it('gives the same instant all day long', () => {
    expect(notSignedInSince(180, new Date(2026, 0, 31, 0, 0, 1))).toBe(
      notSignedInSince(180, new Date(2026, 0, 31, 23, 59, 59)),
    );
  });
});

describe('sorting by a column header', () => {
  it('goes oldest sign-in first, then newest first, and back', () => {
    expect(nextSort('lastSignIn', 'NAME')).toBe('LAST_SIGN_IN_ASC');
    expect(nextSort('lastSignIn', 'LAST_SIGN_IN_ASC')).toBe('LAST_SIGN_IN_DESC');
    expect(nextSort('lastSignIn', 'LAST_SIGN_IN_DESC')).toBe('LAST_SIGN_IN_ASC');
    expect(nextSort('name', 'LAST_SIGN_IN_DESC')).toBe('NAME');
  });
});

describe('archiving in chunks', () => {
  it('cuts a selection into calls of at most the API limit, in order', () => {
    const ids = Array.from({ length: 250 }, (_, index) => `m${index}`);
    const chunks = chunk(ids, 100);
    expect(chunks.map((part) => part.length)).toEqual([100, 100, 50]);
    expect(chunks.flat()).toEqual(ids);
    expect(chunk([], 100)).toEqual([]);
    expect(chunk(['a', 'b'], 100)).toEqual([['a', 'b']]);
    expect(() => chunk(['a'], 0)).toThrow(RangeError);
  });

  it('matches each outcome to the member at its position, across chunks', () => {
    let tally = { archived: [] as string[], refused: [] as { id: string; code: string }[] };
    tally = tallyOutcomes(
      tally,
      ['a', 'b', 'c'],
      [
        { index: 2, archived: true, refusal: null },
        { index: 0, archived: false, refusal: { code: 'LAST_PRINCIPAL_ADMIN' } },
        { index: 1, archived: true, refusal: null },
      ],
    );
    tally = tallyOutcomes(tally, ['d'], [{ index: 0, archived: false, refusal: { code: 'NOT_FOUND' } }]);
    expect(tally).toEqual({
      archived: ['b', 'c'],
      refused: [
        { id: 'a', code: 'LAST_PRINCIPAL_ADMIN' },
        { id: 'd', code: 'NOT_FOUND' },
      ],
    });
  });

  it('counts a member the answer left out, or a failed call, as refused', () => {
    const tally = tallyOutcomes(
      { archived: [], refused: [] },
      ['a', 'b'],
      [{ index: 0, archived: true, refusal: null }],
    );
    expect(tally.refused).toEqual([{ id: 'b', code: 'UNEXPECTED' }]);
    expect(tallyFailure(tally, ['c', 'd'], 'NETWORK')).toEqual({
      archived: ['a'],
      refused: [
        { id: 'b', code: 'UNEXPECTED' },
        { id: 'c', code: 'NETWORK' },
        { id: 'd', code: 'NETWORK' },
      ],
    });
  });
});
