import type { EntityManager } from '@mikro-orm/postgresql';
import { NotAuthorisedError } from '../../errors.js';
import { audit } from '../audit/audit.service.js';
import type { Authz } from '../authz/authz.js';
import { Organisation } from '../organisations/organisation.entity.js';
import { queueAdminResetEmail, queueWelcomeEmail } from '../people/account.service.js';
import { requestBackupEmail } from '../people/email-address.service.js';
import { type IPerson, Person } from '../people/person.entity.js';
import { revokeAllSessions } from '../people/session.service.js';
import type { IMember } from './member.entity.js';
import type { MailContext } from './member.service.js';
import { assertMayActOnAdmins, authoriseOnIdentity, authoriseOnMember } from './member-target.js';

/** Health portal: sends a welcome e-mail with a single-use link to set a password (first sign-in). */
export async function sendWelcomeEmail(
  em: EntityManager,
  authz: Authz,
  memberId: string,
  mail: MailContext,
): Promise<IMember> {
  const target = await authoriseOnMember(em, authz, memberId, 'member:help');
  assertMayActOnAdmins(authz, target);
  const person = await authoriseOnIdentity(em, authz, target);
  const organisation = await em.findOneOrFail(Organisation, { id: target.member.organisation });
  await queueWelcomeEmail(em, person, mail.appUrl, authz.now, organisation.name, organisation.id);
  audit(em, authz.actor, {
    organisation: target.member.organisation,
    action: 'member.welcome-email-sent',
    targetType: 'Member',
    targetId: memberId,
  });
  await em.flush();
  return target.member;
}

/** Health portal: sends a password reset e-mail to a locked-out person (and its backup address). */
export async function sendPasswordResetEmail(
  em: EntityManager,
  authz: Authz,
  memberId: string,
  mail: MailContext,
): Promise<IMember> {
  const target = await authoriseOnMember(em, authz, memberId, 'member:help');
  assertMayActOnAdmins(authz, target);
  const person = await authoriseOnIdentity(em, authz, target);
  await queueAdminResetEmail(em, person, mail.appUrl, authz.now, target.member.organisation);
  audit(em, authz.actor, {
    organisation: target.member.organisation,
    action: 'member.reset-email-sent',
    targetType: 'Member',
    targetId: memberId,
  });
  await em.flush();
  return target.member;
}

/**
 * Health portal: asks for (or removes) the backup e-mail address of a member whose identity the organisation
 * owns (rule 7). The new address is used only after the person confirms it from the link sent to it.
 */
export async function setMemberBackupEmail(
  em: EntityManager,
  authz: Authz,
  memberId: string,
  backupEmail: string | null,
  mail: MailContext,
): Promise<IPerson> {
  const target = await authoriseOnMember(em, authz, memberId, 'member:help');
  assertMayActOnAdmins(authz, target);
  const person = await authoriseOnIdentity(em, authz, target);
  const { before, pending } = await requestBackupEmail(
    em,
    person,
    backupEmail,
    mail.appUrl,
    authz.now,
    target.member.organisation,
  );
  audit(em, authz.actor, {
    organisation: target.member.organisation,
    action: pending ? 'member.backup-email-requested' : 'member.backup-email-removed',
    targetType: 'Person',
    targetId: person.id,
    before: { backupEmail: before },
    after: { backupEmail: person.backupEmail ?? null, pendingBackupEmail: pending },
  });
  await em.flush();
  return person;
}

/** Asks for (or removes) the signed-in person's own backup e-mail address; used once confirmed from its link. */
export async function setOwnBackupEmail(
  em: EntityManager,
  personId: string,
  backupEmail: string | null,
  mail: MailContext,
  now: Date,
): Promise<IPerson> {
  const person = await em.findOneOrFail(Person, { id: personId });
  const { before, pending } = await requestBackupEmail(em, person, backupEmail, mail.appUrl, now, null);
  audit(
    em,
    { kind: 'self', personId },
    {
      organisation: null,
      action: pending ? 'person.backup-email-requested' : 'person.backup-email-removed',
      targetType: 'Person',
      targetId: personId,
      before: { backupEmail: before },
      after: { backupEmail: person.backupEmail ?? null, pendingBackupEmail: pending },
    },
  );
  await em.flush();
  return person;
}

/**
 * Caf: the operator forces a person to change its password at next sign-in; its sessions end at once. Never on
 * another operator administrator (rule 7).
 */
export async function forcePasswordChange(
  em: EntityManager,
  authz: Authz,
  memberId: string,
): Promise<IMember> {
  const target = await authoriseOnMember(em, authz, memberId, 'member:help');
  if (authz.actor.kind !== 'operator')
    throw new NotAuthorisedError('Only operator administrators may force a password change.');
  const person = await authoriseOnIdentity(em, authz, target);
  person.mustChangePassword = true;
  await revokeAllSessions(em, person.id);
  audit(em, authz.actor, {
    organisation: target.member.organisation,
    action: 'member.password-change-forced',
    targetType: 'Member',
    targetId: memberId,
  });
  await em.flush();
  return target.member;
}
