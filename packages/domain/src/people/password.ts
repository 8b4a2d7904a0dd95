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

/** The rules of the policy as a person reads them, in the order screens list them. */
export const PASSWORD_RULES = [
  'LENGTH',
  'CHARACTER_CLASSES',
  'NO_PERSONAL_DATA',
  'NOT_COMMON',
  'DIFFERS_FROM_TEMPORARY',
] as const;
export type PasswordRule = (typeof PASSWORD_RULES)[number];

const RULE_VIOLATIONS: Readonly<
  Record<Exclude<PasswordRule, 'DIFFERS_FROM_TEMPORARY'>, PasswordViolation[]>
> = {
  LENGTH: ['TOO_SHORT', 'TOO_LONG'],
  CHARACTER_CLASSES: ['TOO_FEW_CHARACTER_CLASSES'],
  NO_PERSONAL_DATA: ['CONTAINS_PERSONAL_DATA'],
  NOT_COMMON: ['TOO_COMMON'],
};

/** MET or BROKEN when it can be told here; UNKNOWN when only the server can tell (it checks on save). */
export type PasswordRuleState = 'MET' | 'BROKEN' | 'UNKNOWN';
export interface PasswordRuleResult {
  rule: PasswordRule;
  state: PasswordRuleState;
}

export interface PasswordRuleContext {
  /** the person the password is for; null when unknown (a reset or welcome link, before signing in) */
  owner: PasswordOwner | null;
  /** the password replaces a temporary one (first sign-in): it must differ from it */
  replacesTemporary?: boolean;
  /** the temporary password, when known; otherwise that rule stays UNKNOWN */
  temporaryPassword?: string | null;
}

/**
 * Every rule of the policy with its state for this password, for a checklist that ticks rules as the person
 * types. The same checks as `checkPassword`; a rule that needs what the caller does not know (the owner's name,
 * the temporary password) is UNKNOWN, never MET. "Differs from the temporary password" is listed only when the
 * password replaces a temporary one.
 */
export function passwordRuleResults(password: string, context: PasswordRuleContext): PasswordRuleResult[] {
  const violations = new Set(
    checkPassword(password, context.owner ?? { email: '', firstName: '', lastName: '' }),
  );
  const results: PasswordRuleResult[] = [];
  for (const rule of PASSWORD_RULES) {
    if (rule === 'DIFFERS_FROM_TEMPORARY') {
      if (!context.replacesTemporary) continue;
      const known = context.temporaryPassword;
      results.push({
        rule,
        state: known == null ? 'UNKNOWN' : password === known ? 'BROKEN' : 'MET',
      });
      continue;
    }
    if (rule === 'NO_PERSONAL_DATA' && !context.owner) {
      results.push({ rule, state: 'UNKNOWN' });
      continue;
    }
    const broken = RULE_VIOLATIONS[rule].some((violation) => violations.has(violation));
    results.push({ rule, state: broken ? 'BROKEN' : 'MET' });
  }
  return results;
}

/** The rule a violation breaks, to mark it on the checklist when the server refuses a password. */
export function passwordRuleOf(violation: PasswordViolation): PasswordRule {
  return (Object.keys(RULE_VIOLATIONS) as (keyof typeof RULE_VIOLATIONS)[]).find((rule) =>
    RULE_VIOLATIONS[rule].includes(violation),
  )!;
}
