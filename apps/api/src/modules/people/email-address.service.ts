/** A person's addresses: the backup e-mail (asked, confirmed by a link) and the verification of the main e-mail. */
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { emailSchema } from '@tessera/domain';
import { hashToken } from '../../auth/tokens.js';
import { InvalidInputError } from '../../errors.js';
import { audit } from '../audit/audit.service.js';
import { queueEmail } from '../outbox/outbox.service.js';
import { issueLink } from './account.service.js';
import { verifyEmailMail } from './identity-seal.js';
import { backupEmailNoticeEmail, confirmBackupEmail as confirmBackupEmailMail } from './mails.js';
import { type IPerson, OneTimeToken, Person } from './person.entity.js';
import { assertNotLimited, type RateRule, recordFailure } from './rate-limit.service.js';

/** A backup address waits this long for its confirmation link to be followed. */
export const BACKUP_EMAIL_LINK_HOURS = 24;

export function backupEmailLink(appUrl: string, token: string): string {
  return `${appUrl}/confirm-backup-email?token=${encodeURIComponent(token)}`;
}

/**
 * Asks for a new backup address (the person itself, or an administrator of the organisation that owns it, rule 7):
 * the address waits, unused, until the person follows the link sent to it; the main address is told. A blank value
 * removes the backup address at once. The caller audits.
 */
export async function requestBackupEmail(
  em: EntityManager,
  person: IPerson,
  value: string | null | undefined,
  appUrl: string,
  now: Date,
  issuedBy: string | null,
): Promise<{ before: string | null; pending: string | null }> {
  const before = person.backupEmail ?? null;
  const next = parseBackupEmail(person, value);
  if (next === null) {
    person.backupEmail = null;
    person.backupEmailSetByOrganisation = null;
    person.pendingBackupEmail = null;
    await em.nativeUpdate(
      OneTimeToken,
      { person: person.id, purpose: 'BACKUP_EMAIL', usedAt: null },
      { usedAt: now },
    );
    if (before !== null)
      queueEmail(
        em,
        backupEmailNoticeEmail({
          to: person.email,
          firstName: person.firstName,
          backupEmail: null,
          stage: 'REMOVED',
        }),
      );
    return { before, pending: null };
  }
  person.pendingBackupEmail = next;
  const token = await issueLink(em, person.id, 'BACKUP_EMAIL', BACKUP_EMAIL_LINK_HOURS * 60, now, issuedBy);
  queueEmail(
    em,
    confirmBackupEmailMail({
      to: next,
      firstName: person.firstName,
      link: backupEmailLink(appUrl, token),
      validHours: BACKUP_EMAIL_LINK_HOURS,
    }),
  );
  queueEmail(
    em,
    backupEmailNoticeEmail({
      to: person.email,
      firstName: person.firstName,
      backupEmail: next,
      stage: 'REQUESTED',
    }),
  );
  return { before, pending: next };
}

/** Confirms a backup address from the link sent to it: from now on account mails also go there. */
export async function confirmBackupEmail(
  em: EntityManager,
  input: { token: string },
  now: Date,
): Promise<IPerson> {
  const row = input.token
    ? await em.findOne(
        OneTimeToken,
        { id: hashToken(input.token), purpose: 'BACKUP_EMAIL' },
        { lockMode: LockMode.PESSIMISTIC_WRITE },
      )
    : null;
  if (!row || row.usedAt || row.expiresAt.getTime() <= now.getTime())
    throw new InvalidInputError('token', 'This link is no longer valid: ask for a new one.');
  const person = await em.findOneOrFail(Person, { id: row.person }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!person.pendingBackupEmail)
    throw new InvalidInputError('token', 'This link is no longer valid: ask for a new one.');
  row.usedAt = now;
  const before = person.backupEmail ?? null;
  person.backupEmail = person.pendingBackupEmail;
  person.backupEmailSetByOrganisation = row.issuedByOrganisation ?? null;
  person.pendingBackupEmail = null;
  audit(
    em,
    { kind: 'self', personId: person.id },
    {
      organisation: null,
      action: 'person.backup-email-confirmed',
      targetType: 'Person',
      targetId: person.id,
      before: { backupEmail: before },
      after: { backupEmail: person.backupEmail },
    },
  );
  queueEmail(
    em,
    backupEmailNoticeEmail({
      to: person.email,
      firstName: person.firstName,
      backupEmail: person.backupEmail,
      stage: 'CONFIRMED',
    }),
  );
  await em.flush();
  return person;
}

/** Validates a backup address: a valid e-mail, different from the main one; null or blank removes it. */
export function parseBackupEmail(person: IPerson, value: string | null | undefined): string | null {
  if (value == null || value.trim() === '') return null;
  const parsed = emailSchema.safeParse(value);
  if (!parsed.success) throw new InvalidInputError('backupEmail', 'This e-mail address is not valid.');
  if (parsed.data === person.email)
    throw new InvalidInputError('backupEmail', 'The backup address must differ from the main address.');
  return parsed.data;
}

/** An e-mail verification link lives one day; a person asks for one at most five times an hour. */
export const VERIFY_EMAIL_LINK_HOURS = 24;

const VERIFY_PER_PERSON: RateRule = {
  maxFailures: 5,
  windowSeconds: 3600,
  lockSeconds: 600,
  maxLockSeconds: 3600,
};

export function verifyEmailLink(appUrl: string, token: string): string {
  return `${appUrl}/verify-email?token=${encodeURIComponent(token)}`;
}

/**
 * The signed-in person asks to confirm its own address: a link is sent to that address alone (never to the
 * backup), so following it proves the person holds the mailbox. Invitations are accepted only on a verified
 * address (rule 7): an account an administrator created with somebody else's address cannot take that
 * person's invitations.
 */
export async function sendEmailVerification(
  em: EntityManager,
  personId: string,
  appUrl: string,
  now: Date,
): Promise<IPerson> {
  const person = await em.findOneOrFail(Person, { id: personId });
  if (person.emailVerifiedAt) return person;
  const key = `verify-email:${personId}`;
  await assertNotLimited(em, [key], now);
  await recordFailure(em, [[key, VERIFY_PER_PERSON]], now);
  const token = await issueLink(em, person.id, 'EMAIL_VERIFICATION', VERIFY_EMAIL_LINK_HOURS * 60, now, null);
  queueEmail(
    em,
    verifyEmailMail({
      to: person.email,
      firstName: person.firstName,
      link: verifyEmailLink(appUrl, token),
      validHours: VERIFY_EMAIL_LINK_HOURS,
    }),
  );
  await em.flush();
  return person;
}

/** Follows a verification link: the address it was sent to is the person's, verified now. Works once. */
export async function verifyEmail(em: EntityManager, input: { token: string }, now: Date): Promise<IPerson> {
  const row = input.token
    ? await em.findOne(
        OneTimeToken,
        { id: hashToken(input.token), purpose: 'EMAIL_VERIFICATION' },
        { lockMode: LockMode.PESSIMISTIC_WRITE },
      )
    : null;
  if (!row || row.usedAt || row.expiresAt.getTime() <= now.getTime())
    throw new InvalidInputError('token', 'This link is no longer valid: ask for a new one.');
  const person = await em.findOneOrFail(Person, { id: row.person }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  row.usedAt = now;
  person.emailVerifiedAt = now;
  audit(
    em,
    { kind: 'self', personId: person.id },
    { organisation: null, action: 'person.email-verified', targetType: 'Person', targetId: person.id },
  );
  await em.flush();
  return person;
}
