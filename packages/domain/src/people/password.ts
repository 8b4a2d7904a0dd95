import { DomainError } from '../errors';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;
export const PASSWORD_MIN_CHARACTER_CLASSES = 3;

export const PASSWORD_VIOLATION_VALUES = [
  'TOO_SHORT',
  'TOO_LONG',
  'TOO_FEW_CHARACTER_CLASSES',
  'CONTAINS_PERSONAL_DATA',
  'TOO_COMMON',
] as const;
/** One way a password breaks the policy. */
export type PasswordViolation = (typeof PASSWORD_VIOLATION_VALUES)[number];

/** One plain sentence per violation, for logs and API messages (the web client translates the codes). */
export const PASSWORD_VIOLATION_MESSAGES: Readonly<Record<PasswordViolation, string>> = {
  TOO_SHORT: `Use at least ${PASSWORD_MIN_LENGTH} characters.`,
  TOO_LONG: `Use at most ${PASSWORD_MAX_LENGTH} characters.`,
  TOO_FEW_CHARACTER_CLASSES: `Mix at least ${PASSWORD_MIN_CHARACTER_CLASSES} of: lower case, upper case, digits, other characters.`,
  CONTAINS_PERSONAL_DATA: 'Do not use your name or e-mail address in your password.',
  TOO_COMMON: 'This password is too common.',
};

/** The person a password belongs to: its name and e-mail must not appear in it. */
export type PasswordOwner = { email: string; firstName: string; lastName: string };

/**
 * Very common passwords and their stems, compared after stripping leading and trailing digits and symbols
 * (so 'Password123!' and 'Motdepasse2024' are refused as well).
 */
const COMMON_PASSWORDS: ReadonlySet<string> = new Set([
  'password',
  'passw0rd',
  'motdepasse',
  'passwort',
  'wachtwoord',
  'azerty',
  'azertyuiop',
  'qwerty',
  'qwertyuiop',
  'qwertz',
  'qwertzuiop',
  'abcdef',
  'abcdefgh',
  'abcdefghijkl',
  'letmein',
  'welcome',
  'bienvenue',
  'soleil',
  'bonjour',
  'admin',
  'administrator',
  'administrateur',
  'changeme',
  'iloveyou',
  'jetaime',
  'dragon',
  'monkey',
  'football',
  'sunshine',
  'princess',
  'master',
  'secret',
  'trustno',
  'loulou',
  'doudou',
  'chouchou',
  'marseille',
  'bruxelles',
  'lausanne',
  '123456789012',
  '1234567890ab',
  '111111111111',
  '000000000000',
  '123123123123',
]);

const CHARACTER_CLASSES: readonly RegExp[] = [/\p{Ll}/u, /\p{Lu}/u, /\p{Nd}/u, /[^\p{Ll}\p{Lu}\p{Nd}]/u];

/** Lower case without accents, so 'Éloïse' and 'eloise' compare equal. */
function fold(value: string): string {
  return value.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

function personalFragments(owner: PasswordOwner): string[] {
  const email = fold(owner.email.trim());
  const local = (email.split('@')[0] ?? '').split('+')[0] ?? '';
  const fragments = [local, ...local.split(/[._-]+/)];
  for (const name of [owner.firstName, owner.lastName]) {
    const folded = fold(name.trim());
    fragments.push(folded, folded.replace(/[\s'’\-.]+/g, ''), ...folded.split(/[\s'’\-.]+/));
  }
  return [...new Set(fragments.filter((fragment) => fragment.length >= 3))];
}

/**
 * Checks a password against the policy: 12 to 128 characters, at least 3 of 4 character classes, none of
 * the owner's names or e-mail local part (case- and accent-insensitive, fragments of 3+ characters), and
 * not a very common password. Returns every violation, empty when the password is acceptable.
 */
export function checkPassword(password: string, owner: PasswordOwner): PasswordViolation[] {
  const violations: PasswordViolation[] = [];
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) violations.push('TOO_SHORT');
  if (length > PASSWORD_MAX_LENGTH) violations.push('TOO_LONG');
  if (CHARACTER_CLASSES.filter((pattern) => pattern.test(password)).length < PASSWORD_MIN_CHARACTER_CLASSES) {
    violations.push('TOO_FEW_CHARACTER_CLASSES');
  }
  const folded = fold(password);
  if (personalFragments(owner).some((fragment) => folded.includes(fragment)))
    violations.push('CONTAINS_PERSONAL_DATA');
  const stem = folded.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
  if (COMMON_PASSWORDS.has(folded) || COMMON_PASSWORDS.has(stem)) violations.push('TOO_COMMON');
  return violations;
}

/** Throws PASSWORD_POLICY (field 'password') listing every violation, when there is any. */
export function assertPassword(password: string, owner: PasswordOwner): void {
  const violations = checkPassword(password, owner);
  if (violations.length > 0) {
    throw new DomainError(
      'PASSWORD_POLICY',
      violations.map((violation) => PASSWORD_VIOLATION_MESSAGES[violation]).join(' '),
      'password',
    );
  }
}
