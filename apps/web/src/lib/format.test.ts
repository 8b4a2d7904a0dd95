import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatDay, formatNumber, formatShortDay } from './format';

describe('format: one style per language', () => {
  const instant = '2026-03-12T13:05:00Z';

  it('writes a calendar day the same way in both languages, without a time zone shift', () => {
    expect(formatDay('2026-03-12', 'fr')).toBe('12 mars 2026');
    expect(formatDay('2026-03-12', 'en')).toBe('12 March 2026');
    expect(formatDay(null, 'en')).toBe('');
    expect(formatShortDay('2026-11-30', 'fr')).toBe('30 nov.');
    expect(formatShortDay('2026-11-30', 'en')).toBe('30 Nov');
    expect(formatShortDay(undefined, 'fr')).toBe('');
  });

  it('writes an instant’s date in the long style, day before month in English too', () => {
    expect(formatDate(instant, 'fr')).toMatch(/^1[23] mars 2026$/);
    expect(formatDate(instant, 'en')).toMatch(/^1[23] March 2026$/);
  });

  it('writes an instant with its time, day first and 24-hour clock', () => {
    expect(formatDateTime(instant, 'fr')).toMatch(/^1[23] mars 2026, \d\d:\d\d$/);
    expect(formatDateTime(instant, 'en')).toMatch(/^1[23] Mar 2026, \d\d:\d\d$/);
  });

  it('groups digits as each language expects', () => {
    expect(formatNumber(1234.5, 'en')).toBe('1,234.5');
    expect(formatNumber(1234.5, 'fr').replace(/\s/gu, ' ')).toBe('1 234,5');
  });
});
