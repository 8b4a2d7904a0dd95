import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REGISTRY_KIND_VALUES } from '../model';
import { ideCheckDigit, isValidRegistryNumber, luhnValid, normaliseRegistryNumber } from './registry';

/** Appends the Luhn check digit, computed the textbook way. */
function withLuhn(body: string): string {
  for (let check = 0; check <= 9; check++) {
    const candidate = `${body}${check}`;
    const sum = [...candidate]
      .reverse()
      .map((c, i) =>
        i % 2 === 1 ? [...String(Number(c) * 2)].reduce((a, d) => a + Number(d), 0) : Number(c),
      )
      .reduce((a, b) => a + b, 0);
    if (sum % 10 === 0) return candidate;
  }
  throw new Error('unreachable');
}

function withMod97(firstEight: string): string {
  return `${firstEight}${String(97 - (Number(firstEight) % 97)).padStart(2, '0')}`;
}

function ide(firstEight: string): string | null {
  const check = ideCheckDigit(firstEight);
  if (check === null) return null;
  const d = `${firstEight}${check}`;
  return `CHE-${d.slice(0, 3)}.${d.slice(3, 6)}.${d.slice(6)}`;
}

describe('luhnValid', () => {
  it('checks the Luhn sum', () => {
    expect(luhnValid('79927398713')).toBe(true);
    expect(luhnValid('79927398710')).toBe(false);
    expect(luhnValid('')).toBe(false);
    expect(luhnValid('12a')).toBe(false);
  });
});

describe('SIREN', () => {
  it('accepts 9 digits with a valid Luhn check, with spaces', () => {
    expect(isValidRegistryNumber('SIREN', '732 829 320')).toBe(true);
    expect(isValidRegistryNumber('SIREN', withLuhn('40483304'))).toBe(true);
    expect(normaliseRegistryNumber('SIREN', '732 829 320')).toBe('732829320');
  });

  it('rejects a wrong check digit, wrong length or letters', () => {
    expect(isValidRegistryNumber('SIREN', '732829321')).toBe(false);
    expect(isValidRegistryNumber('SIREN', withLuhn('4048330'))).toBe(false);
    expect(isValidRegistryNumber('SIREN', '73282932A')).toBe(false);
  });

  it('accepts every Luhn-completed 8-digit body and rejects every other last digit', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{8}$/), (body) => {
        const valid = withLuhn(body);
        expect(isValidRegistryNumber('SIREN', valid)).toBe(true);
        const wrong = `${body}${(Number(valid[8]) + 1) % 10}`;
        expect(isValidRegistryNumber('SIREN', wrong)).toBe(false);
      }),
    );
  });
});

describe('ENTERPRISE_NUMBER (BCE/KBO)', () => {
  it('accepts 10 digits starting with 0 or 1 and a mod-97 check, in the usual spellings', () => {
    const number = withMod97('04031707');
    expect(isValidRegistryNumber('ENTERPRISE_NUMBER', number)).toBe(true);
    expect(
      isValidRegistryNumber(
        'ENTERPRISE_NUMBER',
        `BE ${number.slice(0, 4)}.${number.slice(4, 7)}.${number.slice(7)}`,
      ),
    ).toBe(true);
    expect(isValidRegistryNumber('ENTERPRISE_NUMBER', withMod97('10012345'))).toBe(true);
  });

  it('gives an old 9-digit number its leading 0', () => {
    const number = withMod97('04031707');
    expect(normaliseRegistryNumber('ENTERPRISE_NUMBER', number.slice(1))).toBe(number);
    expect(isValidRegistryNumber('ENTERPRISE_NUMBER', number.slice(1))).toBe(true);
  });

  it('rejects a wrong check, a first digit other than 0 or 1, or a wrong length', () => {
    const number = withMod97('04031707');
    const wrongCheck = `${number.slice(0, 8)}${String((Number(number.slice(8)) % 97) + 1).padStart(2, '0')}`;
    expect(isValidRegistryNumber('ENTERPRISE_NUMBER', wrongCheck)).toBe(false);
    expect(isValidRegistryNumber('ENTERPRISE_NUMBER', withMod97('24031707'))).toBe(false);
    expect(isValidRegistryNumber('ENTERPRISE_NUMBER', '04031707')).toBe(false);
  });
});

describe('IDE (Swiss UID)', () => {
  it('accepts CHE + 9 digits with the mod-11 check digit, in the usual spellings', () => {
    const number = ide('10993525') as string;
    expect(number).not.toBeNull();
    expect(isValidRegistryNumber('IDE', number)).toBe(true);
    expect(isValidRegistryNumber('IDE', `${number.replace(/[-.]/g, '').toLowerCase()} MWST`)).toBe(true);
    expect(normaliseRegistryNumber('IDE', `${number.replace(/[-.]/g, ' ')} TVA`)).toBe(number);
  });

  it('computes the weighted sum 5,4,3,2,7,6,5,4 mod 11', () => {
    // 1*5 + 2*4 + 3*3 + 4*2 + 5*7 + 6*6 + 7*5 + 8*4 = 168; 168 mod 11 = 3; 11 - 3 = 8.
    expect(ideCheckDigit('12345678')).toBe(8);
    expect(isValidRegistryNumber('IDE', 'CHE-123.456.788')).toBe(true);
    expect(isValidRegistryNumber('IDE', 'CHE-123.456.789')).toBe(false);
  });

  it('maps a check of 11 to 0 and never issues a check of 10', () => {
    expect(ideCheckDigit('00000000')).toBe(0); // sum 0 -> 11 -> 0
    expect(ideCheckDigit('00000003')).toBe(null); // sum 3*4 = 12 = 1 mod 11 -> 10, not issued
    for (let d = 0; d <= 9; d++) expect(isValidRegistryNumber('IDE', `CHE-000.000.03${d}`)).toBe(false);
  });

  it('rejects other prefixes and lengths', () => {
    expect(isValidRegistryNumber('IDE', '123.456.788')).toBe(false);
    expect(isValidRegistryNumber('IDE', 'CHF-123.456.788')).toBe(false);
    expect(isValidRegistryNumber('IDE', 'CHE-123.456.78')).toBe(false);
  });
});

describe('FINESS', () => {
  it('accepts 9 digits with a Luhn check', () => {
    expect(isValidRegistryNumber('FINESS', withLuhn('13078342'))).toBe(true);
    expect(isValidRegistryNumber('FINESS', ` ${withLuhn('06000012')} `)).toBe(true);
  });

  it('accepts Corsican 2A/2B numbers with either reading of the department', () => {
    const rest20 = withLuhn('20000123').slice(2);
    expect(isValidRegistryNumber('FINESS', `2A${rest20}`)).toBe(true);
    expect(isValidRegistryNumber('FINESS', `2b${rest20}`)).toBe(true);
    const rest19 = withLuhn('19000123').slice(2);
    expect(isValidRegistryNumber('FINESS', `2A${rest19}`)).toBe(true);
    const rest18 = withLuhn('18000123').slice(2);
    expect(isValidRegistryNumber('FINESS', `2B${rest18}`)).toBe(true);
  });

  it('rejects a Corsican number that fails both readings', () => {
    const body = '000123';
    const good = new Set([withLuhn(`20${body}`).at(-1), withLuhn(`19${body}`).at(-1)]);
    const bad = [...'0123456789'].find((d) => !good.has(d)) as string;
    expect(isValidRegistryNumber('FINESS', `2A${body}${bad}`)).toBe(false);
  });

  it('rejects a wrong check, other letters and wrong lengths', () => {
    const valid = withLuhn('13078342');
    expect(isValidRegistryNumber('FINESS', `${valid.slice(0, 8)}${(Number(valid[8]) + 1) % 10}`)).toBe(false);
    expect(isValidRegistryNumber('FINESS', `2C${valid.slice(2)}`)).toBe(false);
    expect(isValidRegistryNumber('FINESS', valid.slice(0, 8))).toBe(false);
  });
});

describe('every kind', () => {
  it('rejects an empty value', () => {
    for (const kind of REGISTRY_KIND_VALUES) expect(isValidRegistryNumber(kind, '')).toBe(false);
  });
});
