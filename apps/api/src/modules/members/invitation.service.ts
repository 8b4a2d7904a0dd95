import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { emailSchema, organisationScope, unitScope } from '@tessera/domain';
import {
  ConflictError,
  InvalidInputError,
  NotAuthorisedError,
  NotFoundError,
  RuleError,
} from '../../errors.js';
import { AdminRole } from '../admins/admin-role.entity.js';
import { audit } from '../audit/audit.service.js';
import { type Authz, assertAllowed, assertReaches } from '../authz/authz.js';
import { createNotifications } from '../notifications/notification.service.js';
import { Organisation, Unit } from '../organisations/organisation.entity.js';
import { lockOrganisation } from '../organisations/organisation.service.js';
import { queueEmail } from '../outbox/outbox.service.js';
import { sealIdentityOnNewMembership } from '../people/identity-seal.js';
import { invitationEmail } from '../people/mails.js';
import { Person } from '../people/person.entity.js';
import { assertNotLimited, type RateRule, recordFailure } from '../people/rate-limit.service.js';
import { recordAttachmentRequest } from '../requests/attachment.js';
import { type IInvitation, Invitation } from './invitation.entity.js';
import { type IMember, Member, MemberUnit } from './member.entity.js';
import { memberSnapshot } from './member.service.js';
import { memberSortName } from './sort-name.js';

/** An invitation waits this long for the person's answer. */
export const INVITATION_DAYS = 14;
/** Invitations one administrator may send in an hour: e-mail to any address must not become a spam relay. */
export const INVITATIONS_PER_ACTOR: RateRule = {
  maxFailures: 50,
  windowSeconds: 3600,
  lockSeconds: 3600,
  maxLockSeconds: 3600,
};

export interface InviteMemberInput {
  organisationId?: string | null;
  email: string;
  unitIds?: readonly string[] | null;
  /** operator only: the principal admin role comes with acceptance (Caf: the operator names the partner admin) */
  asPrincipalAdmin?: boolean | null;
}

/**
 * Invites a person, named by e-mail address, to become a member (rule 7: no attachment without consent). The
 * answer and the e-mail are the same whether or not an account has this address, so nothing about the person
 * is revealed. The administrator needs member:attach where the member will land (its units, else the whole
 * organisation), as for an attachment by personal identifier.
 */
export async function inviteMember(
  em: EntityManager,
  authz: Authz,
  input: InviteMemberInput,
  mail: { appUrl: string },
): Promise<IInvitation> {
  const organisationId =
    input.organisationId ?? (authz.actor.kind === 'member' ? authz.actor.organisationId : null);
  if (!organisationId) throw new InvalidInputError('organisationId', 'Choose the organisation.');
  assertReaches(authz.actor, organisationId);
  const parsed = emailSchema.safeParse(input.email);
  if (!parsed.success) throw new InvalidInputError('email', 'This e-mail address is not valid.');
  const email = parsed.data;
  if (input.asPrincipalAdmin && authz.actor.kind !== 'operator')
    throw new NotAuthorisedError('Only operator administrators invite a principal administrator.');
  const unitIds = [...new Set(input.unitIds ?? [])];
  if (unitIds.length > 0) {
    const found = await em.count(Unit, { id: { $in: unitIds }, organisation: organisationId });
    if (found !== unitIds.length)
      throw new InvalidInputError('unitIds', 'One of these units does not exist in this organisation.');
  }
  const scopes =
    unitIds.length > 0
      ? unitIds.map((id) => unitScope(organisationId, id))
      : [organisationScope(organisationId)];
  for (const scope of scopes) await assertAllowed(authz, 'member:attach', scope);
  const organisation = await lockOrganisation(em, organisationId);
  const key = `invitation:actor:${authz.actor.personId}`;
  await assertNotLimited(em, [key], authz.now);
  await recordFailure(em, [[key, INVITATIONS_PER_ACTOR]], authz.now);
  const pending = await em.findOne(Invitation, { organisation: organisationId, email, status: 'PENDING' });
  if (pending && pending.expiresAt.getTime() > authz.now.getTime())
    throw new ConflictError('An invitation to this address is already waiting for an answer.', 'email');
  if (pending) pending.status = 'REVOKED';
  const invitation = em.create(Invitation, {
    organisation: organisationId,
    email,
    invitedBy: authz.actor.personId,
    unitIds,
    asPrincipalAdmin: Boolean(input.asPrincipalAdmin),
    expiresAt: new Date(authz.now.getTime() + INVITATION_DAYS * 86_400_000),
  });
  audit(em, authz.actor, {
    organisation: organisationId,
    action: 'member.invited',
    targetType: 'Invitation',
    targetId: invitation.id,
    after: { email, unitIds, asPrincipalAdmin: invitation.asPrincipalAdmin },
  });
  queueEmail(
    em,
    invitationEmail({
      to: email,
      organisationName: organisation.name,
      link: `${mail.appUrl}/account`,
      expiresOn: invitation.expiresAt.toISOString().slice(0, 10),
      asPrincipalAdmin: invitation.asPrincipalAdmin,
    }),
  );
  await em.flush();
  return invitation;
}

/** The invitations waiting for a person's answer: those sent to its own (main) address, not expired. */
export async function invitationsFor(em: EntityManager, personId: string, now: Date): Promise<IInvitation[]> {
  const person = await em.findOne(Person, { id: personId }, { fields: ['email', 'emailVerifiedAt'] });
  // Rule 7: only a person who proved it holds the address sees what was sent to it.
  if (!person?.emailVerifiedAt) return [];
  return em.find(
    Invitation,
    { email: person.email, status: 'PENDING', expiresAt: { $gt: now } },
    { orderBy: { createdAt: 'asc' }, limit: 100 },
  );
}

async function lockedInvitationFor(em: EntityManager, personId: string, invitationId: string, now: Date) {
  // Locks in the order every other change takes them (rule 8): the organisation, the person, then the invitation.
  const peek = await em.findOne(Invitation, { id: invitationId }, { fields: ['organisation'] });
  if (!peek) throw new NotFoundError('no invitation has this id');
  await lockOrganisation(em, peek.organisation);
  const person = await em.findOneOrFail(Person, { id: personId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  const invitation = await em.findOne(
    Invitation,
    { id: invitationId },
    { lockMode: LockMode.PESSIMISTIC_WRITE },
  );
  // Someone else's invitation is, for this person, not found.
  if (!invitation || invitation.email !== person.email) throw new NotFoundError('invitation of someone else');
  // Rule 7: an account an administrator created with this address is not the address's holder until it proves it.
  if (!person.emailVerifiedAt)
    throw new RuleError(
      'EMAIL_NOT_VERIFIED',
      'Confirm your e-mail address first: ask for a confirmation link in your account, then open it.',
      'invitationId',
    );
  if (invitation.status !== 'PENDING' || invitation.expiresAt.getTime() <= now.getTime())
    throw new ConflictError('This invitation is no longer open.', 'invitationId');
  return { person, invitation };
}

/**
 * The person accepts an invitation in its own account: it becomes an active member (free services only), in the
 * invited units that still exist, with the principal admin role when the operator invited it as such. A closed
 * attachment request keeps the history: submitted by the inviter, approved by the person.
 */
export async function acceptInvitation(
  em: EntityManager,
  personId: string,
  invitationId: string,
  now: Date,
): Promise<{ invitation: IInvitation; member: IMember }> {
  const { person, invitation } = await lockedInvitationFor(em, personId, invitationId, now);
  const organisationId = invitation.organisation;
  let member = await em.findOne(Member, { organisation: organisationId, person: person.id });
  if (member?.status === 'ARCHIVED')
    throw new ConflictError(
      'Your membership of this organisation is archived: ask its administrators to restore it.',
      'invitationId',
    );
  const self = { kind: 'self' as const, personId: person.id };
  if (!member) {
    await sealIdentityOnNewMembership(em, person.id, organisationId, now);
    member = em.create(Member, {
      organisation: organisationId,
      person: person.id,
      status: 'ACTIVE',
      mobility: null,
      openingDate: now.toISOString().slice(0, 10),
      sortName: memberSortName(person),
    });
    const units = invitation.unitIds.length
      ? await em.find(Unit, { id: { $in: invitation.unitIds }, organisation: organisationId })
      : [];
    for (const unit of units)
      em.create(MemberUnit, { member: member.id, unit: unit.id, organisation: organisationId });
    const request = recordAttachmentRequest(em, {
      organisationId,
      actorPersonId: invitation.invitedBy,
      approverPersonId: person.id,
      subjectPersonId: person.id,
      subjectMemberId: member.id,
      unitId: units[0]?.id ?? null,
      submittedAt: invitation.createdAt,
      at: now,
    });
    createNotifications(em, {
      personIds: [person.id],
      organisationId,
      kind: 'ATTACHED',
      requestId: request.id,
    });
    audit(em, self, {
      organisation: organisationId,
      action: 'member.attached',
      targetType: 'Member',
      targetId: member.id,
      after: {
        ...memberSnapshot(member),
        invitationId: invitation.id,
        requestId: request.id,
        unitIds: units.map((u) => u.id),
      },
    });
  }
  if (
    invitation.asPrincipalAdmin &&
    !(await em.findOne(AdminRole, { member: member.id, kind: 'PRINCIPAL_ADMIN' }))
  ) {
    const role = em.create(AdminRole, {
      organisation: organisationId,
      member: member.id,
      kind: 'PRINCIPAL_ADMIN',
      namedBy: invitation.invitedBy,
    });
    audit(em, self, {
      organisation: organisationId,
      action: 'admin-role.named',
      targetType: 'AdminRole',
      targetId: role.id,
      after: { kind: 'PRINCIPAL_ADMIN', memberId: member.id, invitationId: invitation.id },
    });
  }
  invitation.status = 'ACCEPTED';
  invitation.decidedAt = now;
  invitation.person = person.id;
  audit(em, self, {
    organisation: organisationId,
    action: 'invitation.accepted',
    targetType: 'Invitation',
    targetId: invitation.id,
    before: { status: 'PENDING' },
    after: { status: 'ACCEPTED', memberId: member.id },
  });
  await em.flush();
  return { invitation, member };
}

/** The person declines an invitation: nothing else changes. */
export async function declineInvitation(
  em: EntityManager,
  personId: string,
  invitationId: string,
  now: Date,
): Promise<IInvitation> {
  const { person, invitation } = await lockedInvitationFor(em, personId, invitationId, now);
  invitation.status = 'DECLINED';
  invitation.decidedAt = now;
  invitation.person = person.id;
  audit(
    em,
    { kind: 'self', personId: person.id },
    {
      organisation: invitation.organisation,
      action: 'invitation.declined',
      targetType: 'Invitation',
      targetId: invitation.id,
      before: { status: 'PENDING' },
      after: { status: 'DECLINED' },
    },
  );
  await em.flush();
  return invitation;
}

/** The name of an invitation's organisation, for the person's account page. */
export async function organisationNameOf(em: EntityManager, invitation: IInvitation): Promise<string> {
  const organisation = await em.findOne(Organisation, { id: invitation.organisation }, { fields: ['name'] });
  return organisation?.name ?? '';
}
