import type { EntityManager } from '@mikro-orm/postgresql';
import type { AdminRoleKind } from '@tessera/domain';
import { Member } from '../members/member.entity.js';
import { createNotifications, type NotificationKind } from '../notifications/notification.service.js';
import { Organisation } from '../organisations/organisation.entity.js';
import { queueEmail } from '../outbox/outbox.service.js';
import { bilingualEmail, recipientsOf } from '../people/mails.js';
import { Person } from '../people/person.entity.js';
import type { IDelegation } from './delegation.entity.js';

export type DelegationNotice = 'GRANTED' | 'STARTED' | 'ENDED' | 'REVOKED';

const ROLE_FR: Record<AdminRoleKind, string> = {
  PRINCIPAL_ADMIN: 'administrateur principal',
  CO_ADMIN: 'co-administrateur',
  REFERENT: 'référent',
  SUBSTITUTE_REFERENT: 'référent suppléant',
  UNIT_ADMIN: 'administrateur d’unité',
  GROUP_MANAGER: 'responsable de groupe',
};
const ROLE_EN: Record<AdminRoleKind, string> = {
  PRINCIPAL_ADMIN: 'principal administrator',
  CO_ADMIN: 'co-administrator',
  REFERENT: 'referent',
  SUBSTITUTE_REFERENT: 'substitute referent',
  UNIT_ADMIN: 'unit administrator',
  GROUP_MANAGER: 'group manager',
};
const KIND: Record<DelegationNotice, NotificationKind> = {
  GRANTED: 'DELEGATION_GRANTED',
  STARTED: 'DELEGATION_STARTED',
  ENDED: 'DELEGATION_ENDED',
  REVOKED: 'DELEGATION_REVOKED',
};

const day = (date: Date) => `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/**
 * Tells the delegate and the delegator, by e-mail (outbox) and in the app, that a delegation was granted, started,
 * ended or was revoked; written in the caller's transaction (rule 4).
 */
export async function noticeDelegation(
  em: EntityManager,
  delegation: IDelegation,
  notice: DelegationNotice,
): Promise<void> {
  const members = await em.find(Member, { id: { $in: [delegation.delegator, delegation.delegate] } });
  const people = await em.find(Person, { id: { $in: members.map((member) => member.person) } });
  const organisation = await em.findOne(Organisation, { id: delegation.organisation });
  const personOf = (memberId: string) => {
    const member = members.find((row) => row.id === memberId);
    return people.find((person) => person.id === member?.person);
  };
  const delegator = personOf(delegation.delegator);
  const delegate = personOf(delegation.delegate);
  if (!delegator || !delegate) return;
  const where = organisation?.name ?? '';
  const delegatorName = `${delegator.firstName} ${delegator.lastName}`;
  const delegateName = `${delegate.firstName} ${delegate.lastName}`;
  const period = {
    fr: `du ${day(delegation.startsAt)} au ${day(delegation.endsAt)}`,
    en: `from ${day(delegation.startsAt)} to ${day(delegation.endsAt)}`,
  };
  const what = {
    fr: {
      GRANTED: `${delegatorName} délègue son rôle de ${ROLE_FR[delegation.roleKind]} à ${delegateName} ${period.fr} (${where}).`,
      STARTED: `La délégation du rôle de ${ROLE_FR[delegation.roleKind]} de ${delegatorName} à ${delegateName} commence (${where}).`,
      ENDED: `La délégation du rôle de ${ROLE_FR[delegation.roleKind]} de ${delegatorName} à ${delegateName} a pris fin (${where}).`,
      REVOKED: `La délégation du rôle de ${ROLE_FR[delegation.roleKind]} de ${delegatorName} à ${delegateName} a été révoquée (${where}).`,
    }[notice],
    en: {
      GRANTED: `${delegatorName} delegates the role of ${ROLE_EN[delegation.roleKind]} to ${delegateName} ${period.en} (${where}).`,
      STARTED: `The delegation of ${delegatorName}'s role of ${ROLE_EN[delegation.roleKind]} to ${delegateName} starts (${where}).`,
      ENDED: `The delegation of ${delegatorName}'s role of ${ROLE_EN[delegation.roleKind]} to ${delegateName} has ended (${where}).`,
      REVOKED: `The delegation of ${delegatorName}'s role of ${ROLE_EN[delegation.roleKind]} to ${delegateName} was revoked (${where}).`,
    }[notice],
  };
  const subject = {
    fr: {
      GRANTED: 'Délégation accordée',
      STARTED: 'Délégation commencée',
      ENDED: 'Délégation terminée',
      REVOKED: 'Délégation révoquée',
    }[notice],
    en: {
      GRANTED: 'Delegation granted',
      STARTED: 'Delegation started',
      ENDED: 'Delegation ended',
      REVOKED: 'Delegation revoked',
    }[notice],
  };
  for (const person of [delegate, delegator]) {
    queueEmail(
      em,
      bilingualEmail(recipientsOf(person), {
        fr: {
          subject: subject.fr,
          body: [`Bonjour ${person.firstName},`, '', what.fr, `Motif : ${delegation.reason}`],
        },
        en: {
          subject: subject.en,
          body: [`Hello ${person.firstName},`, '', what.en, `Reason: ${delegation.reason}`],
        },
      }),
    );
  }
  createNotifications(em, {
    personIds: [delegate.id, delegator.id],
    organisationId: delegation.organisation,
    kind: KIND[notice],
    requestId: null,
  });
}
