import { describe, expect, it } from 'vitest';
import { parseDay } from './day';

describe('parseDay', () => {
  it('reads the language’s way of writing a day, and ISO', () => {
    expect(parseDay('04.12.2026', 'fr')).toBe('2026-12-04');
    expect(parseDay(' 04.12.2026 ', 'fr')).toBe('2026-12-04');
    expect(parseDay('04/12/2026', 'en')).toBe('2026-12-04');
    expect(parseDay('2026-12-04', 'fr')).toBe('2026-12-04');
    expect(parseDay('2026-12-04', 'en')).toBe('2026-12-04');
  });

  it('takes no half-typed, foreign or impossible day for another one', () => {
    for (const text of ['04.12.2', '04.12', '', '04/12/2026', '31.02.2026', '2026-02-30', 'demain'])
      expect(parseDay(text, 'fr'), text).toBeNull();
    expect(parseDay('04.12.2026', 'en')).toBeNull();
    expect(parseDay('12/31/2026', 'en')).toBeNull();
  });
});
