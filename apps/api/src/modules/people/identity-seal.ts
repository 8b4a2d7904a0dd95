import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { audit } from '../audit/audit.service.js';
import { queueEmail } from '../outbox/outbox.service.js';
import { backupEmailNoticeEmail, bilingualEmail } from './mails.js';
import { OneTimeToken, Person } from './person.entity.js';

/**
 * Rule 7 when a person's owner changes. An organisation owns an identity only while the person belongs to no
 * other; what it set up while it owned it must not outlive that. When a person gains a membership in an
 * organisation other than the one that created its account (an attachment with its personal identifier, an
 * accepted invitation, an approved account request), every unused link an administrator had sent is voided, a
 * backup address waiting for confirmation is dropped, and a backup address an administrator set is removed,
 * the person's own address being told. Links and a backup address the person set itself stay. Call it in the
 * transaction that creates the membership, with the person's row locked.
 */
export async function sealIdentityOnNewMembership(
  em: EntityManager,
  personId: string,
  joinedOrganisationId: string,
  now: Date,
): Promise<void> {
  const person = await em.findOneOrFail(Person, { id: personId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (person.createdByOrganisation === joinedOrganisationId) return;
  const voided = await em.nativeUpdate(
    OneTimeToken,
    { person: personId, usedAt: null, issuedByOrganisation: { $ne: null } },
    { usedAt: now },
  );
  const pendingDropped = person.pendingBackupEmail ?? null;
  if (pendingDropped) {
    person.pendingBackupEmail = null;
    await em.nativeUpdate(
      OneTimeToken,
      { person: personId, purpose: 'BACKUP_EMAIL', usedAt: null },
      { usedAt: now },
    );
  }
  const backupRemoved = person.backupEmailSetByOrganisation ? (person.backupEmail ?? null) : null;
  if (backupRemoved) {
    person.backupEmail = null;
    person.backupEmailSetByOrganisation = null;
    queueEmail(
      em,
      backupEmailNoticeEmail({
        to: person.email,
        firstName: person.firstName,
        backupEmail: null,
        stage: 'REMOVED',
      }),
    );
  }
  if (voided === 0 && !pendingDropped && !backupRemoved) return;
  audit(em, null, {
    organisation: null,
    action: 'person.identity-sealed',
    targetType: 'Person',
    targetId: personId,
    before: { backupEmail: backupRemoved, pendingBackupEmail: pendingDropped },
    after: { linksVoided: voided, joinedOrganisationId },
  });
}

/** Sent to the person's own address only: following it proves the person holds that mailbox. */
export function verifyEmailMail(input: { to: string; firstName: string; link: string; validHours: number }) {
  return bilingualEmail(input.to, {
    fr: {
      subject: 'Confirmez votre adresse e-mail',
      body: [
        `Bonjour ${input.firstName},`,
        '',
        `Pour confirmer que cette adresse est bien la vôtre, ouvrez ce lien (valable ${input.validHours} heures) :`,
        input.link,
        '',
        'Si vous n’avez rien demandé, ignorez ce message.',
      ],
    },
    en: {
      subject: 'Confirm your e-mail address',
      body: [
        `Hello ${input.firstName},`,
        '',
        `To confirm that this address is yours, open this link (valid for ${input.validHours} hours):`,
        input.link,
        '',
        'If you did not ask for this, ignore this message.',
      ],
    },
  });
}
