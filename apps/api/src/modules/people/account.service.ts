import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { checkPassword, emailSchema, PASSWORD_MAX_LENGTH } from '@tessera/domain';
import { hashPassword, verifyPassword } from '../../auth/passwords.js';
import { hashToken, newToken } from '../../auth/tokens.js';
import { InvalidInputError, PasswordPolicyError } from '../../errors.js';
import { audit } from '../audit/audit.service.js';
import { queueEmail } from '../outbox/outbox.service.js';
import { passwordChangedEmail, passwordResetEmail, recipientsOf, welcomeEmail } from './mails.js';
import { type IPerson, OneTimeToken, Person } from './person.entity.js';
import {
  assertNotLimited,
  clearFailures,
  clearSignInLimits,
  type RateRule,
  recordFailure,
  SIGN_IN_PER_PAIR,
} from './rate-limit.service.js';
import { revokeAllSessions } from './session.service.js';

/** A self-service reset link lives one hour; one sent by an administrator a day; a welcome link a week. */
export const RESET_LINK_MINUTES = 60;

export const ADMIN_RESET_LINK_MINUTES = 24 * 60;

export const WELCOME_LINK_DAYS = 7;

/**
 * Reset requests are refused per (e-mail address, client address) pair and per client address, counted whether
 * or not the account exists: one address cannot keep a person from resetting its own password elsewhere. Per
 * e-mail address alone they only slow down: past RESET_PER_ACCOUNT an hour, one mail at most every
 * RESET_SLOW_MINUTES, so the mailbox is not flooded and the person still gets a link.
 */
export const RESET_PER_PAIR: RateRule = {
  maxFailures: 3,
  windowSeconds: 3600,
  lockSeconds: 900,
  maxLockSeconds: 3600,
};

export const RESET_PER_ACCOUNT: RateRule = {
  maxFailures: 10,
  windowSeconds: 3600,
  lockSeconds: 0,
  maxLockSeconds: 0,
};

export const RESET_SLOW_MINUTES = 5;

export const RESET_PER_ADDRESS: RateRule = {
  maxFailures: 20,
  windowSeconds: 3600,
  lockSeconds: 300,
  maxLockSeconds: 3600,
};

function assertNewPassword(field: string, password: string, owner: IPerson): void {
  if (password.length > PASSWORD_MAX_LENGTH * 4) throw new PasswordPolicyError(field, ['TOO_LONG']);
  const violations = checkPassword(password, owner);
  if (violations.length > 0) throw new PasswordPolicyError(field, violations);
}

/**
 * Issues a single-use link secret for a person; only its hash is stored, and older links of that kind stop
 * working. `issuedBy` is the organisation whose administrator had it sent (null: the person itself), so the
 * links an organisation asked for can be voided when the person joins another one (identity-seal.ts).
 */
export async function issueLink(
  em: EntityManager,
  personId: string,
  purpose: 'PASSWORD_RESET' | 'WELCOME' | 'BACKUP_EMAIL' | 'EMAIL_VERIFICATION',
  validMinutes: number,
  now: Date,
  issuedBy: string | null,
): Promise<string> {
  await em.nativeUpdate(OneTimeToken, { person: personId, purpose, usedAt: null }, { usedAt: now });
  const { token, hash } = newToken();
  em.create(OneTimeToken, {
    id: hash,
    person: personId,
    purpose,
    createdAt: now,
    expiresAt: new Date(now.getTime() + validMinutes * 60_000),
    issuedByOrganisation: issuedBy,
  });
  return token;
}

export function resetLink(appUrl: string, token: string): string {
  return `${appUrl}/reset-password?token=${encodeURIComponent(token)}`;
}

export function welcomeLink(appUrl: string, token: string): string {
  return `${appUrl}/reset-password?token=${encodeURIComponent(token)}&welcome=1`;
}

/**
 * Changes the signed-in person's password. The current password is required, except while the person must
 * replace a temporary one (first sign-in, right after signing in with it); the new one must then differ from
 * the temporary one. Other sessions are revoked.
 */
export async function changePassword(
  em: EntityManager,
  session: { id: string; personId: string },
  input: { currentPassword?: string | null; newPassword: string },
  now: Date,
): Promise<void> {
  const person = await em.findOneOrFail(Person, { id: session.personId });
  if (!person.mustChangePassword || input.currentPassword) {
    if (!input.currentPassword)
      throw new InvalidInputError('currentPassword', 'Enter your current password.');
    const key = `current-password:${person.id}`;
    await assertNotLimited(em, [key], now);
    if (!(await verifyPassword(person.passwordHash ?? null, input.currentPassword))) {
      await recordFailure(em, [[key, SIGN_IN_PER_PAIR]], now);
      throw new InvalidInputError('currentPassword', 'Your current password is not this one.');
    }
    if (input.currentPassword === input.newPassword)
      throw new InvalidInputError('newPassword', 'Choose a password different from the current one.');
  } else if (await verifyPassword(person.passwordHash ?? null, input.newPassword)) {
    throw new InvalidInputError('newPassword', 'Choose a password different from the temporary one.');
  }
  assertNewPassword('newPassword', input.newPassword, person);
  person.passwordHash = await hashPassword(input.newPassword);
  const wasTemporary = person.mustChangePassword;
  person.mustChangePassword = false;
  await revokeAllSessions(em, person.id, session.id);
  audit(
    em,
    { kind: 'self', personId: person.id },
    {
      organisation: null,
      action: 'person.password-changed',
      targetType: 'Person',
      targetId: person.id,
      after: { temporaryReplaced: wasTemporary },
    },
  );
  queueEmail(em, passwordChangedEmail({ to: recipientsOf(person), firstName: person.firstName }));
  await em.flush();
}

/** Records that the signed-in person accepted the terms of use (first sign-in). */
export async function acceptTerms(em: EntityManager, personId: string, now: Date): Promise<void> {
  const person = await em.findOneOrFail(Person, { id: personId });
  if (person.termsAcceptedAt) return;
  person.termsAcceptedAt = now;
  audit(
    em,
    { kind: 'self', personId },
    { organisation: null, action: 'person.terms-accepted', targetType: 'Person', targetId: personId },
  );
  await em.flush();
}

/**
 * Sends a reset link when the address belongs to an account, and does nothing visible otherwise: the answer,
 * and the rate limit (per address asked and per client), are the same either way.
 */
/** Past RESET_PER_ACCOUNT requests this hour, a new link only when the last one is RESET_SLOW_MINUTES old. */
async function slowedDown(
  em: EntityManager,
  accountKey: string,
  personId: string,
  now: Date,
): Promise<boolean> {
  const [row] = await em.execute<{ failures: number; recent: boolean }[]>(
    `select coalesce((select failures from rate_limit where key = ?), 0)::int as failures,
            exists (select 1 from one_time_token where person_id = ? and purpose = 'PASSWORD_RESET'
                     and issued_by_organisation_id is null and created_at > ?) as recent`,
    [accountKey, personId, new Date(now.getTime() - RESET_SLOW_MINUTES * 60_000)],
  );
  return (row?.failures ?? 0) > RESET_PER_ACCOUNT.maxFailures && Boolean(row?.recent);
}

export async function requestPasswordReset(
  em: EntityManager,
  input: { email: string },
  ip: string,
  appUrl: string,
  now: Date,
): Promise<void> {
  const parsed = emailSchema.safeParse(input.email);
  if (!parsed.success) throw new InvalidInputError('email', 'This e-mail address is not valid.');
  const email = parsed.data;
  const refusing: [string, RateRule][] = [
    [`reset:pair:${email}:${ip}`, RESET_PER_PAIR],
    [`reset:address:${ip}`, RESET_PER_ADDRESS],
  ];
  await assertNotLimited(
    em,
    refusing.map(([key]) => key),
    now,
  );
  const accountKey = `reset:account:${email}`;
  await recordFailure(em, [...refusing, [accountKey, RESET_PER_ACCOUNT]], now);
  const person = await em.findOne(Person, { email });
  if (!person) return;
  if (await slowedDown(em, accountKey, person.id, now)) return;
  const token = await issueLink(em, person.id, 'PASSWORD_RESET', RESET_LINK_MINUTES, now, null);
  queueEmail(
    em,
    passwordResetEmail({
      to: recipientsOf(person),
      firstName: person.firstName,
      link: resetLink(appUrl, token),
      validMinutes: RESET_LINK_MINUTES,
      byAdministrator: false,
    }),
  );
  audit(
    em,
    { kind: 'self', personId: person.id },
    {
      organisation: null,
      action: 'person.password-reset-requested',
      targetType: 'Person',
      targetId: person.id,
    },
  );
  await em.flush();
}

/**
 * Sets a new password from an e-mailed link (reset or welcome). The link works once, until it expires; every
 * session of the person is revoked, and the sign-in lock of the account is lifted.
 */
export async function resetPassword(
  em: EntityManager,
  input: { token: string; newPassword: string },
  now: Date,
): Promise<{ email: string }> {
  const row = input.token
    ? await em.findOne(
        OneTimeToken,
        { id: hashToken(input.token), purpose: { $in: ['PASSWORD_RESET', 'WELCOME'] } },
        // locked: two simultaneous uses of one link cannot both succeed
        { lockMode: LockMode.PESSIMISTIC_WRITE },
      )
    : null;
  if (!row || row.usedAt || row.expiresAt.getTime() <= now.getTime())
    throw new InvalidInputError('token', 'This link is no longer valid: ask for a new one.');
  const person = await em.findOneOrFail(Person, { id: row.person });
  assertNewPassword('newPassword', input.newPassword, person);
  row.usedAt = now;
  await em.nativeUpdate(
    OneTimeToken,
    { person: person.id, usedAt: null, id: { $ne: row.id } },
    { usedAt: now },
  );
  person.passwordHash = await hashPassword(input.newPassword);
  person.mustChangePassword = false;
  await revokeAllSessions(em, person.id);
  await clearSignInLimits(em, person.email);
  await clearFailures(em, [`current-password:${person.id}`]);
  audit(
    em,
    { kind: 'self', personId: person.id },
    {
      organisation: null,
      action: row.purpose === 'WELCOME' ? 'person.password-set' : 'person.password-reset',
      targetType: 'Person',
      targetId: person.id,
    },
  );
  queueEmail(em, passwordChangedEmail({ to: recipientsOf(person), firstName: person.firstName }));
  await em.flush();
  return { email: person.email };
}

/** Queues a welcome e-mail with a single-use link to set a password (an administrator helps a person start). */
export async function queueWelcomeEmail(
  em: EntityManager,
  person: IPerson,
  appUrl: string,
  now: Date,
  organisationName: string | null,
  issuedBy: string | null,
): Promise<void> {
  const token = await issueLink(em, person.id, 'WELCOME', WELCOME_LINK_DAYS * 24 * 60, now, issuedBy);
  queueEmail(
    em,
    welcomeEmail({
      to: recipientsOf(person),
      firstName: person.firstName,
      email: person.email,
      link: welcomeLink(appUrl, token),
      validDays: WELCOME_LINK_DAYS,
      organisationName,
    }),
  );
}

/** Queues a reset e-mail sent on a person's behalf by an administrator (health portal: a locked-out professional). */
export async function queueAdminResetEmail(
  em: EntityManager,
  person: IPerson,
  appUrl: string,
  now: Date,
  issuedBy: string,
): Promise<void> {
  const token = await issueLink(em, person.id, 'PASSWORD_RESET', ADMIN_RESET_LINK_MINUTES, now, issuedBy);
  queueEmail(
    em,
    passwordResetEmail({
      to: recipientsOf(person),
      firstName: person.firstName,
      link: resetLink(appUrl, token),
      validMinutes: ADMIN_RESET_LINK_MINUTES,
      byAdministrator: true,
    }),
  );
}

/** Signs the person out of every other session (another browser, a lost device). */
export async function revokeOtherSessions(
  em: EntityManager,
  session: { id: string; personId: string },
): Promise<void> {
  await revokeAllSessions(em, session.personId, session.id);
  audit(
    em,
    { kind: 'self', personId: session.personId },
    {
      organisation: null,
      action: 'person.sessions-revoked',
      targetType: 'Person',
      targetId: session.personId,
    },
  );
  await em.flush();
}
