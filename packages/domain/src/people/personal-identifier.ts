import { DomainError } from '../errors';

/** Crockford base32: digits and capitals without I, L, O and U, so a code survives being read aloud. */
export const CROCKFORD_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** The canonical shape of a personal identifier: three groups of four Crockford symbols. */
export const PERSONAL_IDENTIFIER_PATTERN =
  /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;

const SYMBOLS = 12;
const BITS = SYMBOLS * 5;
const MIN_BYTES = Math.ceil(BITS / 8);

function group(symbols: string): string {
  return `${symbols.slice(0, 4)}-${symbols.slice(4, 8)}-${symbols.slice(8, 12)}`;
}

/**
 * Turns random bytes into a personal identifier `XXXX-XXXX-XXXX` (60 bits, Crockford base32). The caller
 * supplies the randomness (e.g. crypto.randomBytes(10)) so the rule stays pure; at least 8 bytes are needed.
 */
export function generatePersonalIdentifier(randomBytes: Uint8Array): string {
  if (randomBytes.length < MIN_BYTES) {
    throw new DomainError('INVALID_INPUT', `A personal identifier needs at least ${MIN_BYTES} random bytes.`);
  }
  let symbols = '';
  for (let i = 0; i < SYMBOLS; i++) {
    let value = 0;
    for (let bit = i * 5; bit < i * 5 + 5; bit++) {
      const byte = randomBytes[bit >> 3] as number;
      value = (value << 1) | ((byte >> (7 - (bit & 7))) & 1);
    }
    symbols += CROCKFORD_ALPHABET[value];
  }
  return group(symbols);
}

/**
 * Normalises what a person typed or read out: upper case, no spaces or dashes, O read as 0, I and L read
 * as 1. Twelve valid symbols come back as `XXXX-XXXX-XXXX`, equal to the generated code; anything else
 * comes back cleaned but will match no code.
 */
export function normalisePersonalIdentifier(input: string): string {
  const cleaned = input
    .toUpperCase()
    .replace(/[\s\-_.]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  return cleaned.length === SYMBOLS && [...cleaned].every((c) => CROCKFORD_ALPHABET.includes(c))
    ? group(cleaned)
    : cleaned;
}

/** Tells whether an input, once normalised, has the shape of a personal identifier. */
export function isPersonalIdentifier(input: string): boolean {
  return PERSONAL_IDENTIFIER_PATTERN.test(normalisePersonalIdentifier(input));
}
