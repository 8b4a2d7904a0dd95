import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatNationalNumber,
  isValidNationalNumber,
  nationalNumberCheckDigits,
  normaliseNationalNumber,
} from './national-number';

/** Builds a valid number from its first nine digits, the way the register does. */
function withCheck(firstNine: string, bornFrom2000: boolean): string {
  const base = Number(firstNine);
  const check = bornFrom2000 ? 97 - ((2_000_000_000 + base) % 97) : 97 - (base % 97);
  return `${firstNine}${String(check).padStart(2, '0')}`;
}

describe('isValidNationalNumber', () => {
  it('accepts the documented example with or without separators', () => {
    expect(isValidNationalNumber('85.07.30-033.28')).toBe(true);
    expect(isValidNationalNumber('85073003328')).toBe(true);
    expect(isValidNationalNumber(' 850730 033 28 ')).toBe(true);
  });

  it('accepts people born from 2000 on through the "2" prefix rule', () => {
    const number = withCheck('050214123', true);
    expect(number).not.toBe(withCheck('050214123', false));
    expect(isValidNationalNumber(number)).toBe(true);
  });

  it('accepts BIS numbers (month + 20 or + 40) and unknown birth month or day', () => {
    expect(isValidNationalNumber(withCheck('852730033', false))).toBe(true);
    expect(isValidNationalNumber(withCheck('854730033', false))).toBe(true);
    expect(isValidNationalNumber(withCheck('850000033', false))).toBe(true);
  });

  it('rejects a wrong check, wrong length, letters and impossible dates', () => {
    expect(isValidNationalNumber('85.07.30-033.29')).toBe(false);
    expect(isValidNationalNumber('8507300332')).toBe(false);
    expect(isValidNationalNumber('850730033288')).toBe(false);
    expect(isValidNationalNumber('85.07.30-0A3.28')).toBe(false);
    expect(isValidNationalNumber(withCheck('851330033', false))).toBe(false);
    expect(isValidNationalNumber(withCheck('856130033', false))).toBe(false);
    expect(isValidNationalNumber(withCheck('850732033', false))).toBe(false);
    expect(isValidNationalNumber('')).toBe(false);
  });

  it('catches every single-digit typo in the nine first digits', () => {
    const valid = '85073003328';
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 8 }), fc.integer({ min: 1, max: 9 }), (position, shift) => {
        const digit = (Number(valid[position]) + shift) % 10;
        const typo = `${valid.slice(0, position)}${digit}${valid.slice(position + 1)}`;
        const { before2000 } = nationalNumberCheckDigits(typo.slice(0, 9));
        expect(before2000).not.toBe(28);
      }),
    );
  });
});

describe('normaliseNationalNumber and formatNationalNumber', () => {
  it('strip separators and format as YY.MM.DD-SSS.CC', () => {
    expect(normaliseNationalNumber('85.07.30-033.28')).toBe('85073003328');
    expect(formatNationalNumber('85073003328')).toBe('85.07.30-033.28');
    expect(formatNationalNumber('nope')).toBe('nope');
  });
});
