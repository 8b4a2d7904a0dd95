import { randomInt } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  assertCan,
  checkPassword,
  emailSchema,
  groupScope,
  isNominativeEmail,
  isValidNationalNumber,
  type MemberStatusEvent,
  MOBILITY_VALUES,
  type Mobility,
  nextMemberStatus,
  normaliseNationalNumber,
  organisationScope,
  type ScopeRef,
  unitScope,
} from '@tessera/domain';
import { hashPassword } from '../../auth/passwords.js';
import {
  ConflictError,
  InvalidInputError,
  NotAuthorisedError,
  NotFoundError,
  RuleError,
} from '../../errors.js';
import { audit } from '../audit/audit.service.js';
import { type Authz, assertReaches, rule } from '../authz/authz.js';
import { assertVersion, bumpVersion } from '../common.js';
import { Group, GroupMembership } from '../groups/group.entity.js';
import { createNotifications } from '../notifications/notification.service.js';
import { Organisation, Unit } from '../organisations/organisation.entity.js';
import { lockOrganisation } from '../organisations/organisation.service.js';
import { queueEmail } from '../outbox/outbox.service.js';
import { queueAdminResetEmail, queueWelcomeEmail, requestBackupEmail } from '../people/account.service.js';
import { sealIdentityOnNewMembership } from '../people/identity-seal.js';
import { attachedEmail, recipientsOf } from '../people/mails.js';
import { type IPerson, Person } from '../people/person.entity.js';
import {
  consumePersonalIdentifier,
  findByPersonalIdentifier,
} from '../people/personal-identifier.service.js';
import {
  assertNotLimited,
  IDENTIFIER_PER_ACTOR,
  IDENTITY_PROBE_PER_ACTOR,
  recordFailure,
} from '../people/rate-limit.service.js';
import { revokeAllSessions, revokeSessionsActingFor } from '../people/session.service.js';
import { recordAttachmentRequest } from '../requests/attachment.js';
import type { IRequest } from '../requests/request.entity.js';
import { type IMember, Member, MemberUnit } from './member.entity.js';
import {
  assertMayActOnAdmins,
  assertNotSelf,
  assertOtherPrincipalRemains,
  authoriseOnIdentity,
  authoriseOnMember,
  type MemberTarget,
  refreshActorUnderLock,
} from './member-target.js';
import { memberSortName } from './sort-name.js';

/** Where links in e-mails point to, and the secret personal identifiers are derived with. */
export interface MailContext {
  appUrl: string;
}

const NAME_MAX = 100;

function today(now: Date): string {
  return now.toISOString().slice(0, 10);
}

function personName(value: string, field: string): string {
  const name = value.trim().replace(/\s+/g, ' ');
  if (name.length === 0) throw new InvalidInputError(field, 'This field is required.');
  if (name.length > NAME_MAX) throw new InvalidInputError(field, `Use at most ${NAME_MAX} characters.`);
  return name;
}

/** What an audit event keeps of a member. */
export function memberSnapshot(member: IMember): Record<string, unknown> {
  return {
    person: member.person,
    status: member.status,
    mobility: member.mobility ?? null,
    openingDate: member.openingDate,
  };
}

/** Resolves unit ids of one organisation; an unknown or foreign id is an input error naming the field. */
async function unitsOf(em: EntityManager, organisationId: string, ids: readonly string[], field = 'unitIds') {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  const rows = await em.find(Unit, { id: { $in: unique }, organisation: organisationId });
  if (rows.length !== unique.length)
    throw new InvalidInputError(field, 'One of these units does not exist in this organisation.');
  return rows;
}

async function groupsOf(
  em: EntityManager,
  organisationId: string,
  ids: readonly string[],
  field = 'groupIds',
) {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  const rows = await em.find(Group, { id: { $in: unique }, organisation: organisationId });
  if (rows.length !== unique.length)
    throw new InvalidInputError(field, 'One of these groups does not exist in this organisation.');
  return rows;
}

/** The scopes a new member lands in: its units and groups, or the whole organisation when none is given. */
function landingScopes(organisationId: string, unitIds: string[], groupIds: string[]): ScopeRef[] {
  const scopes = [
    ...unitIds.map((id) => unitScope(organisationId, id)),
    ...groupIds.map((id) => groupScope(organisationId, id)),
  ];
  return scopes.length > 0 ? scopes : [organisationScope(organisationId)];
}

async function assertCanEverywhere(
  authz: Authz,
  action: 'member:create' | 'member:attach',
  scopes: ScopeRef[],
) {
  for (const scope of scopes) {
    const topology = await authz.topology(scope.organisationId);
    rule(() => assertCan(authz.actor, action, scope, topology, authz.now));
  }
}

function organisationOf(authz: Authz, organisationId: string | null | undefined): string {
  if (organisationId) return organisationId;
  if (authz.actor.kind === 'member') return authz.actor.organisationId;
  throw new InvalidInputError('organisationId', 'Choose the organisation.');
}

const TEMPORARY_ALPHABETS = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnpqrstuvwxyz', '23456789'];

/** A temporary password that meets the policy: four groups of four characters mixing cases and digits. */
export function temporaryPassword(owner: { email: string; firstName: string; lastName: string }): string {
  for (;;) {
    const groups: string[] = [];
    for (let g = 0; g < 4; g++) {
      let group = '';
      for (let i = 0; i < 4; i++) {
        const alphabet = TEMPORARY_ALPHABETS[(g + i) % 3]!;
        group += alphabet[randomInt(alphabet.length)];
      }
      groups.push(group);
    }
    const password = groups.join('-');
    if (checkPassword(password, owner).length === 0) return password;
  }
}

export interface CreateMemberInput {
  organisationId?: string | null;
  lastName: string;
  firstName: string;
  email: string;
  emailConfirmation: string;
  nationalNumber?: string | null;
  mobility: Mobility;
  openingDate?: string | null;
  unitIds?: readonly string[] | null;
  groupIds?: readonly string[] | null;
}

export interface CreateMemberResult {
  member: IMember;
  person: IPerson;
  /** true when the person had no account yet */
  personCreated: boolean;
  /** shown once to the administrator who hands it over (Caf); null when the person already had an account */
  temporaryPassword: string | null;
}

/**
 * Creates a member (Caf: an administrator creates a user; CSAM: by national number): a new person with an
 * account whose temporary password it must change at first sign-in, and a welcome e-mail with a single-use link
 * to choose its password; the organisation owns that identity (rule 7). A known person (same e-mail or national
 * number) is never attached here: PERSON_EXISTS asks for its personal identifier or an invitation. The administrator needs member:create where the member lands: its units and groups, else the whole
 * organisation. Issue 5 calls this to create a group manager on the spot.
 */
function keepingWrites<E extends RuleError>(error: E): E {
  error.keepWrites = true;
  return error;
}

/** Counts one PERSON_EXISTS answer for an administrator, in the mutation's transaction (IDENTITY_PROBE_PER_ACTOR). */
async function countProbe(em: EntityManager, key: string, now: Date): Promise<void> {
  const rule = IDENTITY_PROBE_PER_ACTOR;
  const windowStart = new Date(now.getTime() - rule.windowSeconds * 1000);
  await em.execute(
    `insert into rate_limit (key, failures, window_started_at, locked_until) values (?, 1, ?, null)
     on conflict (key) do update set
       failures = case when rate_limit.window_started_at < ? then 1 else rate_limit.failures + 1 end,
       window_started_at = case when rate_limit.window_started_at < ? then excluded.window_started_at else rate_limit.window_started_at end,
       locked_until = case when rate_limit.window_started_at >= ? and rate_limit.failures + 1 >= ? then ? else rate_limit.locked_until end`,
    [
      key,
      now,
      windowStart,
      windowStart,
      windowStart,
      rule.maxFailures,
      new Date(now.getTime() + rule.lockSeconds * 1000),
    ],
  );
}

export async function createMember(
  em: EntityManager,
  authz: Authz,
  input: CreateMemberInput,
  mail: MailContext,
): Promise<CreateMemberResult> {
  const organisationId = organisationOf(authz, input.organisationId);
  assertReaches(authz.actor, organisationId);
  const lastName = personName(input.lastName, 'lastName');
  const firstName = personName(input.firstName, 'firstName');
  const email = emailSchema.safeParse(input.email);
  if (!email.success) throw new InvalidInputError('email', 'This e-mail address is not valid.');
  if (!isNominativeEmail(email.data))
    throw new RuleError(
      'SHARED_MAILBOX',
      'Use the person’s own address, not a shared mailbox such as contact@ or info@.',
      'email',
    );
  const confirmation = emailSchema.safeParse(input.emailConfirmation);
  if (!confirmation.success || confirmation.data !== email.data)
    throw new InvalidInputError('emailConfirmation', 'The two e-mail addresses differ.');
  let nationalNumber: string | null = null;
  if (input.nationalNumber?.trim()) {
    if (!isValidNationalNumber(input.nationalNumber))
      throw new InvalidInputError('nationalNumber', 'This national register number is not valid.');
    nationalNumber = normaliseNationalNumber(input.nationalNumber);
  }
  if (!MOBILITY_VALUES.includes(input.mobility))
    throw new InvalidInputError('mobility', 'Choose mobile or desk-based.');
  const openingDate = input.openingDate ?? today(authz.now);
  const probeKey = `identity-probe:actor:${authz.actor.personId}`;
  await assertNotLimited(em, [probeKey], authz.now);
  const organisation = await em.findOne(Organisation, { id: organisationId });
  if (!organisation) throw new NotFoundError('No organisation has this id.');
  const units = await unitsOf(em, organisationId, input.unitIds ?? []);
  const groups = await groupsOf(em, organisationId, input.groupIds ?? []);
  await assertCanEverywhere(
    authz,
    'member:create',
    landingScopes(
      organisationId,
      units.map((u) => u.id),
      groups.map((g) => g.id),
    ),
  );

  // Rule 7: an existing person is never attached here, only with its consent (personal identifier or invitation).
  const byEmail = await em.findOne(Person, { email: email.data }, { fields: ['id'] });
  const existingPerson =
    byEmail ?? (nationalNumber ? await em.findOne(Person, { nationalNumber }, { fields: ['id'] }) : null);
  if (existingPerson) {
    const field = byEmail ? 'email' : 'nationalNumber';
    // Counted and audited in this transaction, which commits them before answering (keepWrites).
    await countProbe(em, probeKey, authz.now);
    audit(em, authz.actor, {
      organisation: organisationId,
      action: 'member.create-refused-existing-person',
      targetType: 'Organisation',
      targetId: organisationId,
      after: { field },
    });
    const existing = await em.findOne(Member, { organisation: organisationId, person: existingPerson.id });
    if (existing)
      throw new ConflictError(
        existing.status === 'ARCHIVED'
          ? 'This person is an archived member of the organisation: restore it instead.'
          : 'This person is already a member of the organisation.',
        field,
      );
    throw keepingWrites(
      new RuleError(
        'PERSON_EXISTS',
        'Someone already has an account with this e-mail address or national number. Nobody is attached without consent: ask the person for the personal identifier shown in its account and attach it, or send it an invitation to accept.',
        field,
      ),
    );
  }
  const password = temporaryPassword({ email: email.data, firstName, lastName });
  const passwordHash = await hashPassword(password);
  // Then the organisation lock, and the acting admin as it stands now (rules 1 and 8); nothing here needs a
  // second connection while the lock is held (a refusal's count and audit are written before).
  await lockOrganisation(em, organisationId);
  await refreshActorUnderLock(em, authz);
  const person = em.create(Person, {
    firstName,
    lastName,
    email: email.data,
    nationalNumber,
    passwordHash,
    mustChangePassword: true,
    termsAcceptedAt: null,
    createdByOrganisation: organisationId,
  } as never) as IPerson;

  const member = em.create(Member, {
    organisation: organisationId,
    person: person.id,
    status: 'ACTIVE',
    mobility: input.mobility,
    openingDate,
    sortName: memberSortName(person),
  });
  for (const unit of units)
    em.create(MemberUnit, { member: member.id, unit: unit.id, organisation: organisationId });
  for (const group of groups)
    em.create(GroupMembership, { group: group.id, member: member.id, organisation: organisationId });
  audit(em, authz.actor, {
    organisation: organisationId,
    action: 'member.created',
    targetType: 'Member',
    targetId: member.id,
    after: {
      ...memberSnapshot(member),
      email: person.email,
      personCreated: true,
      unitIds: units.map((u) => u.id),
      groupIds: groups.map((g) => g.id),
    },
  });
  await queueWelcomeEmail(em, person, mail.appUrl, authz.now, organisation.name, organisation.id);
  await em.flush();
  return { member, person, personCreated: true, temporaryPassword: password };
}

export interface AttachMemberInput {
  organisationId?: string | null;
  personalIdentifier: string;
  unitIds?: readonly string[] | null;
}

/**
 * Vaud: an administrator attaches a person with the personal identifier the person read in its own account.
 * A closed ATTACHMENT request keeps the history; the member is active with no grant (free services only); the
 * identifier is used up; the person is e-mailed and notified. Wrong identifiers are counted per administrator.
 */
export async function attachMember(
  em: EntityManager,
  authz: Authz,
  input: AttachMemberInput,
  options: MailContext & { secret: string },
): Promise<{ member: IMember; request: IRequest }> {
  const organisationId = organisationOf(authz, input.organisationId);
  assertReaches(authz.actor, organisationId);
  const organisation = await em.findOne(Organisation, { id: organisationId });
  if (!organisation) throw new NotFoundError('No organisation has this id.');
  const units = await unitsOf(em, organisationId, input.unitIds ?? []);
  await assertCanEverywhere(
    authz,
    'member:attach',
    landingScopes(
      organisationId,
      units.map((u) => u.id),
      [],
    ),
  );

  const key = `identifier:actor:${authz.actor.personId}`;
  await assertNotLimited(em, [key], authz.now);
  const person = await findByPersonalIdentifier(
    em,
    input.personalIdentifier ?? '',
    options.secret,
    authz.now,
  );
  if (!person) {
    await recordFailure(em, [[key, IDENTIFIER_PER_ACTOR]], authz.now);
    throw new InvalidInputError(
      'personalIdentifier',
      'No person has this identifier. Check it with the person: an identifier works once and expires.',
    );
  }
  // The organisation lock, then the acting admin as it stands now (rules 1 and 8), after the identifier's check
  // (whose failure count uses a second connection).
  await lockOrganisation(em, organisationId);
  await refreshActorUnderLock(em, authz);
  const existing = await em.findOne(Member, { organisation: organisationId, person: person.id });
  if (existing)
    throw new ConflictError(
      existing.status === 'ARCHIVED'
        ? 'This person is an archived member of the organisation: restore it instead.'
        : 'This person is already a member of the organisation.',
      'personalIdentifier',
    );

  await sealIdentityOnNewMembership(em, person.id, organisationId, authz.now);
  const member = em.create(Member, {
    organisation: organisationId,
    person: person.id,
    status: 'ACTIVE',
    mobility: null,
    openingDate: today(authz.now),
    sortName: memberSortName(person),
  });
  for (const unit of units)
    em.create(MemberUnit, { member: member.id, unit: unit.id, organisation: organisationId });
  consumePersonalIdentifier(person);
  const request = recordAttachmentRequest(em, {
    organisationId,
    actorPersonId: authz.actor.personId,
    subjectPersonId: person.id,
    subjectMemberId: member.id,
    unitId: units[0]?.id ?? null,
    at: authz.now,
  });
  createNotifications(em, {
    personIds: [person.id],
    organisationId,
    kind: 'ATTACHED',
    requestId: request.id,
  });
  audit(em, authz.actor, {
    organisation: organisationId,
    action: 'member.attached',
    targetType: 'Member',
    targetId: member.id,
    after: { ...memberSnapshot(member), requestId: request.id, unitIds: units.map((u) => u.id) },
  });
  queueEmail(
    em,
    attachedEmail({
      to: recipientsOf(person),
      firstName: person.firstName,
      organisationName: organisation.name,
      link: options.appUrl,
    }),
  );
  await em.flush();
  return { member, request };
}

const STATUS_ACTIONS = {
  BLOCK: { action: 'member:block', audit: 'member.blocked', verb: 'block' },
  UNBLOCK: { action: 'member:block', audit: 'member.unblocked', verb: 'unblock' },
  ARCHIVE: { action: 'member:archive', audit: 'member.archived', verb: 'archive' },
  RESTORE: { action: 'member:archive', audit: 'member.restored', verb: 'restore' },
} as const;

/**
 * Blocks a member for all groups or unblocks it (CSAM), archives an account no longer used or restores it
 * (health portal). Nobody does this to itself or to an admin at or above its level, and blocking or archiving
 * the last principal admin is refused (rule 6). Blocking or archiving ends the person's sessions acting for the
 * organisation (and their live streams).
 */
export async function changeMemberStatus(
  em: EntityManager,
  authz: Authz,
  memberId: string,
  event: MemberStatusEvent,
  expectedVersion?: number | null,
): Promise<IMember> {
  const { action, audit: auditAction, verb } = STATUS_ACTIONS[event];
  const target = await authoriseOnMember(em, authz, memberId, action);
  assertVersion(target.member, expectedVersion, 'member');
  assertNotSelf(authz, target, verb);
  assertMayActOnAdmins(authz, target);
  const member = target.member;
  const before = memberSnapshot(member);
  member.status = rule(() => nextMemberStatus(member.status, event));
  if (event === 'BLOCK' || event === 'ARCHIVE') {
    await assertOtherPrincipalRemains(em, target, authz.now);
    await revokeSessionsActingFor(em, member.person, member.organisation);
  }
  member.archivedAt = member.status === 'ARCHIVED' ? authz.now : null;
  bumpVersion(member);
  audit(em, authz.actor, {
    organisation: member.organisation,
    action: auditAction,
    targetType: 'Member',
    targetId: member.id,
    before,
    after: memberSnapshot(member),
  });
  await em.flush();
  return member;
}

async function membershipOf(em: EntityManager, target: MemberTarget, groupId: string) {
  const membership = await em.findOne(GroupMembership, { member: target.member.id, group: groupId });
  if (!membership) throw new NotFoundError('This member is not in this group.');
  return membership;
}

async function authoriseInGroup(em: EntityManager, authz: Authz, memberId: string, groupId: string) {
  const target = await authoriseOnMember(em, authz, memberId, 'member:read');
  const group = await em.findOne(Group, { id: groupId, organisation: target.member.organisation });
  if (!group) throw new NotFoundError('No group of this organisation has this id.');
  rule(() =>
    assertCan(
      authz.actor,
      'group:manage',
      groupScope(group.organisation, group.id),
      target.topology,
      authz.now,
    ),
  );
  return { target, group };
}

/** CSAM: blocks or unblocks a member in one group only; its other groups keep their access. */
export async function setBlockedInGroup(
  em: EntityManager,
  authz: Authz,
  memberId: string,
  groupId: string,
  blocked: boolean,
): Promise<IMember> {
  const { target, group } = await authoriseInGroup(em, authz, memberId, groupId);
  assertNotSelf(authz, target, blocked ? 'block' : 'unblock');
  assertMayActOnAdmins(authz, target);
  const membership = await membershipOf(em, target, groupId);
  if (membership.blocked === blocked) return target.member;
  membership.blocked = blocked;
  audit(em, authz.actor, {
    organisation: group.organisation,
    action: blocked ? 'member.blocked-in-group' : 'member.unblocked-in-group',
    targetType: 'Member',
    targetId: memberId,
    before: { groupId, blocked: !blocked },
    after: { groupId, blocked },
  });
  await em.flush();
  return target.member;
}

/** CSAM "supprimer du groupe": takes a member out of one group; it stays a member of the organisation. */
export async function removeMemberFromGroup(
  em: EntityManager,
  authz: Authz,
  memberId: string,
  groupId: string,
): Promise<IMember> {
  const { target, group } = await authoriseInGroup(em, authz, memberId, groupId);
  assertMayActOnAdmins(authz, target);
  const membership = await membershipOf(em, target, groupId);
  em.remove(membership);
  audit(em, authz.actor, {
    organisation: group.organisation,
    action: 'member.removed-from-group',
    targetType: 'Member',
    targetId: memberId,
    before: { groupId, blocked: membership.blocked },
  });
  await em.flush();
  return target.member;
}

/** Health portal: attaches a member to more units (each establishment it works in); already attached units are kept. */
export async function attachMemberToUnits(
  em: EntityManager,
  authz: Authz,
  memberId: string,
  unitIds: readonly string[],
): Promise<IMember> {
  if (unitIds.length === 0) throw new InvalidInputError('unitIds', 'Choose at least one unit.');
  const target = await authoriseOnMember(em, authz, memberId, 'member:read');
  assertMayActOnAdmins(authz, target);
  const organisationId = target.member.organisation;
  const units = await unitsOf(em, organisationId, unitIds);
  await assertCanEverywhere(
    authz,
    'member:attach',
    units.map((unit) => unitScope(organisationId, unit.id)),
  );
  const already = new Set(target.scopes.flatMap((scope) => (scope.kind === 'UNIT' ? [scope.unitId] : [])));
  const added = units.filter((unit) => !already.has(unit.id));
  for (const unit of added)
    em.create(MemberUnit, { member: memberId, unit: unit.id, organisation: organisationId });
  if (added.length > 0) {
    audit(em, authz.actor, {
      organisation: organisationId,
      action: 'member.attached-to-units',
      targetType: 'Member',
      targetId: memberId,
      after: { unitIds: added.map((unit) => unit.id) },
    });
  }
  await em.flush();
  return target.member;
}

/** Detaches a member from one unit; it stays a member of the organisation. */
export async function detachMemberFromUnit(
  em: EntityManager,
  authz: Authz,
  memberId: string,
  unitId: string,
): Promise<IMember> {
  const target = await authoriseOnMember(em, authz, memberId, 'member:read');
  assertMayActOnAdmins(authz, target);
  const organisationId = target.member.organisation;
  const link = await em.findOne(MemberUnit, { member: memberId, unit: unitId });
  if (!link) throw new NotFoundError('This member is not attached to this unit.');
  rule(() =>
    assertCan(authz.actor, 'member:attach', unitScope(organisationId, unitId), target.topology, authz.now),
  );
  em.remove(link);
  audit(em, authz.actor, {
    organisation: organisationId,
    action: 'member.detached-from-unit',
    targetType: 'Member',
    targetId: memberId,
    before: { unitId },
  });
  await em.flush();
  return target.member;
}

/**
 * Removes a member from the organisation (a person leaves): its units, groups, grants and admin roles go with
 * it; the person keeps its own account, and its sessions acting for the organisation end. The last principal
 * admin cannot be removed (rule 6).
 */
export async function removeMember(em: EntityManager, authz: Authz, memberId: string): Promise<string> {
  const target = await authoriseOnMember(em, authz, memberId, 'member:remove');
  assertNotSelf(authz, target, 'remove');
  assertMayActOnAdmins(authz, target);
  await assertOtherPrincipalRemains(em, target, authz.now);
  const member = target.member;
  await em.nativeUpdate(Group, { manager: member.id }, { manager: null });
  // The name is kept in the event: once the member is gone, the log still says whom it removed.
  const person = await em.findOne(Person, { id: member.person });
  const personName = person ? `${person.firstName} ${person.lastName}` : null;
  audit(em, authz.actor, {
    organisation: member.organisation,
    action: 'member.removed',
    targetType: 'Member',
    targetId: member.id,
    before: {
      ...memberSnapshot(member),
      name: personName,
      scopes: target.scopes,
      adminRoles: target.holdings.map((holding) => ({ kind: holding.kind, scope: holding.scope })),
    },
  });
  em.remove(member);
  await revokeSessionsActingFor(em, member.person, member.organisation);
  await em.flush();
  return member.id;
}

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
