import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CROCKFORD_ALPHABET,
  generatePersonalIdentifier,
  isPersonalIdentifier,
  normalisePersonalIdentifier,
  PERSONAL_IDENTIFIER_PATTERN,
} from './personal-identifier';

describe('generatePersonalIdentifier', () => {
  it('maps bits to Crockford symbols, five bits each', () => {
    expect(generatePersonalIdentifier(new Uint8Array(10))).toBe('0000-0000-0000');
    expect(generatePersonalIdentifier(new Uint8Array(10).fill(0xff))).toBe('ZZZZ-ZZZZ-ZZZZ');
    // 0b00001 00010 00011 ... : the first symbols are 1, 2, 3.
    const bytes = new Uint8Array([0b00001000, 0b10000110, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(generatePersonalIdentifier(bytes).slice(0, 4)).toBe('1230');
  });

  it('never uses I, L, O or U and always has the XXXX-XXXX-XXXX shape', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 10, maxLength: 32 }), (bytes) => {
        const code = generatePersonalIdentifier(bytes);
        expect(code).toMatch(PERSONAL_IDENTIFIER_PATTERN);
        expect(code).not.toMatch(/[ILOU]/);
      }),
    );
  });

  it('gives different codes for different 60-bit prefixes', () => {
    const a = new Uint8Array(10);
    const b = new Uint8Array(10);
    b[7] = 0b00010000; // the 60th bit
    expect(generatePersonalIdentifier(a)).not.toBe(generatePersonalIdentifier(b));
  });

  it('refuses too little randomness', () => {
    expect(() => generatePersonalIdentifier(new Uint8Array(7))).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    );
    expect(() => generatePersonalIdentifier(new Uint8Array(8))).not.toThrow();
  });
});

describe('normalisePersonalIdentifier', () => {
  it('leaves a generated code unchanged', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 10, maxLength: 10 }), (bytes) => {
        const code = generatePersonalIdentifier(bytes);
        expect(normalisePersonalIdentifier(code)).toBe(code);
      }),
    );
  });

  it('matches a code read over the phone: lower case, spaces, O for 0, I or L for 1', () => {
    expect(normalisePersonalIdentifier('7k1o 2qzr-ml0a')).toBe('7K10-2QZR-M10A');
    expect(normalisePersonalIdentifier(' 7K10 2QZR M1OA ')).toBe('7K10-2QZR-M10A');
    expect(normalisePersonalIdentifier('7ki02qzrmioa')).toBe('7K10-2QZR-M10A');
  });

  it('returns anything else cleaned, so it matches no code', () => {
    expect(normalisePersonalIdentifier('7K10-2QZR-M10')).toBe('7K102QZRM10');
    expect(normalisePersonalIdentifier('UUUU-UUUU-UUUU')).toBe('UUUUUUUUUUUU');
  });
});

describe('isPersonalIdentifier', () => {
  it('accepts what normalises to the canonical shape only', () => {
    expect(isPersonalIdentifier('7k1o 2qzr ml0a')).toBe(true);
    expect(isPersonalIdentifier('7K10-2QZR-M10')).toBe(false);
    expect(isPersonalIdentifier('UUUU-UUUU-UUUU')).toBe(false);
    expect(CROCKFORD_ALPHABET).toHaveLength(32);
  });
});
