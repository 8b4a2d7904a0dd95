import type { RegistryKind } from '../model';

/** Tells whether a string of digits passes the Luhn check (its last digit being the check digit). */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** The check digit of a Swiss UID from its first eight digits (weights 5,4,3,2,7,6,5,4; mod 11), or null when 10 (never issued). */
export function ideCheckDigit(firstEight: string): number | null {
  const weights = [5, 4, 3, 2, 7, 6, 5, 4];
  const sum = weights.reduce((total, weight, i) => total + weight * Number(firstEight[i]), 0);
  const check = 11 - (sum % 11);
  if (check === 11) return 0;
  return check === 10 ? null : check;
}

function compact(value: string): string {
  return value
    .trim()
    .toUpperCase()
    .replace(/[\s.\-/]/g, '');
}

/**
 * Puts a registry number in its stored form: SIREN `123456789`; enterprise number `0123456789` (the 'BE'
 * prefix dropped, an old 9-digit number given its leading 0); IDE `CHE-123.456.789` (a VAT suffix such as
 * MWST, TVA or IVA dropped); FINESS `2A0012345` style, 9 characters upper case. Separators go everywhere.
 * A value that does not fit the shape comes back compacted only, and fails isValidRegistryNumber.
 */
export function normaliseRegistryNumber(kind: RegistryKind, value: string): string {
  const raw = compact(value);
  switch (kind) {
    case 'SIREN':
    case 'FINESS':
      return raw;
    case 'ENTERPRISE_NUMBER': {
      const digits = raw.startsWith('BE') ? raw.slice(2) : raw;
      return /^\d{9}$/.test(digits) ? `0${digits}` : digits;
    }
    case 'IDE': {
      const match = /^CHE(\d{9})(MWST|TVA|IVA)?$/.exec(raw);
      if (!match) return raw;
      const d = match[1] as string;
      return `CHE-${d.slice(0, 3)}.${d.slice(3, 6)}.${d.slice(6)}`;
    }
  }
}

/** The Luhn inputs tried for a FINESS number: Corsican 2A/2B read as 20, or as 19 and 18 like the NIR. */
function finessLuhnCandidates(value: string): string[] {
  if (/^\d{9}$/.test(value)) return [value];
  const corsica = /^2([AB])(\d{7})$/.exec(value);
  if (!corsica) return [];
  const rest = corsica[2] as string;
  return [`20${rest}`, `${corsica[1] === 'A' ? '19' : '18'}${rest}`];
}

/**
 * Tells whether a registry number is valid once normalised: SIREN is 9 digits with a Luhn check;
 * ENTERPRISE_NUMBER (Belgian BCE/KBO) is 10 digits starting with 0 or 1 whose last two equal
 * 97 - (first eight mod 97); IDE (Swiss UID) is CHE + 9 digits whose last is the mod-11 check of the first
 * eight; FINESS is 9 characters, a department (2 digits, or 2A/2B for Corsica) then 7 digits, the last being
 * a Luhn check. For Corsica the published rule is unclear, so either reading of 2A/2B (as 20, or as 19/18)
 * is accepted.
 */
export function isValidRegistryNumber(kind: RegistryKind, value: string): boolean {
  const number = normaliseRegistryNumber(kind, value);
  switch (kind) {
    case 'SIREN':
      return /^\d{9}$/.test(number) && luhnValid(number);
    case 'ENTERPRISE_NUMBER':
      return /^[01]\d{9}$/.test(number) && 97 - (Number(number.slice(0, 8)) % 97) === Number(number.slice(8));
    case 'IDE': {
      const match = /^CHE-(\d{3})\.(\d{3})\.(\d{3})$/.exec(number);
      if (!match) return false;
      const digits = match.slice(1).join('');
      return ideCheckDigit(digits.slice(0, 8)) === Number(digits[8]);
    }
    case 'FINESS':
      return finessLuhnCandidates(number).some(luhnValid);
  }
}
