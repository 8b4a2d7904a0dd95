/** Strips the usual separators (spaces, dots, dashes, slashes) from a Belgian national register number. */
export function normaliseNationalNumber(value: string): string {
  return value.trim().replace(/[\s./-]/g, '');
}

/** The two check digits of a national number from its first nine digits, for people born before or from 2000. */
export function nationalNumberCheckDigits(firstNine: string): { before2000: number; from2000: number } {
  const base = Number(firstNine);
  return { before2000: 97 - (base % 97), from2000: 97 - ((2_000_000_000 + base) % 97) };
}

/**
 * Tells whether a value is a valid Belgian national register number (also a BIS number): 11 digits once
 * separators are removed (`85.07.30-033.28`), a plausible month (0-12, +20 or +40 for BIS numbers) and day
 * (0-31, 0 when unknown), and check digits equal to 97 - (first nine digits mod 97), where people born
 * from 2000 on have a '2' put in front of the nine digits.
 */
export function isValidNationalNumber(value: string): boolean {
  const digits = normaliseNationalNumber(value);
  if (!/^\d{11}$/.test(digits)) return false;
  const month = Number(digits.slice(2, 4)) % 20;
  const day = Number(digits.slice(4, 6));
  const monthBase = Number(digits.slice(2, 4)) - month;
  if (monthBase > 40 || month > 12 || day > 31) return false;
  const check = Number(digits.slice(9));
  const { before2000, from2000 } = nationalNumberCheckDigits(digits.slice(0, 9));
  return check === before2000 || check === from2000;
}

/** Formats a national number as `YY.MM.DD-SSS.CC`; returns the input unchanged when it is not 11 digits. */
export function formatNationalNumber(value: string): string {
  const d = normaliseNationalNumber(value);
  if (!/^\d{11}$/.test(d)) return value;
  return `${d.slice(0, 2)}.${d.slice(2, 4)}.${d.slice(4, 6)}-${d.slice(6, 9)}.${d.slice(9)}`;
}
