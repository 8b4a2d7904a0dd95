import { randomInt } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  assertCan,
  checkPassword,
  emailSchema,
  groupScope,
  isNominativeEmail,
  isValidNationalNumber,
  MOBILITY_VALUES,
  type Mobility,
  normaliseNationalNumber,
  organisationScope,
  type ScopeRef,
  unitScope,
} from '@tessera/domain';
import { hashPassword } from '../../auth/passwords.js';
import { ConflictError, InvalidInputError, NotFoundError, RuleError } from '../../errors.js';
import { audit } from '../audit/audit.service.js';
import { type Authz, assertReaches, rule } from '../authz/authz.js';
import { Group, GroupMembership } from '../groups/group.entity.js';
import { createNotifications } from '../notifications/notification.service.js';
import { Organisation, Unit } from '../organisations/organisation.entity.js';
import { lockOrganisation } from '../organisations/organisation.service.js';
import { queueEmail } from '../outbox/outbox.service.js';
import { queueWelcomeEmail } from '../people/account.service.js';
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
import { recordAttachmentRequest } from '../requests/attachment.js';
import type { IRequest } from '../requests/request.entity.js';
import { type IMember, Member, MemberUnit } from './member.entity.js';
import { refreshActorUnderLock } from './member-target.js';
import { memberSortName } from './sort-name.js';

/** Where links in e-mails point to, and the secret personal identifiers are derived with. */
export interface MailContext {
  appUrl: string;
}

const NAME_MAX = 100;

function today(now: Date): string {
  return now.toISOString().slice(0, 10);
}

export function personName(value: string, field: string): string {
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
export async function unitsOf(
  em: EntityManager,
  organisationId: string,
  ids: readonly string[],
  field = 'unitIds',
) {
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

export async function assertCanEverywhere(
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
  // Decided again as things stand under the lock: a role or delegation ended meanwhile no longer counts, and a
  // unit or group deleted meanwhile is a typed NOT_FOUND, not a foreign key's failure.
  const unitsNow = await unitsOf(em, organisationId, input.unitIds ?? []);
  const groupsNow = await groupsOf(em, organisationId, input.groupIds ?? []);
  await assertCanEverywhere(
    authz,
    'member:create',
    landingScopes(
      organisationId,
      unitsNow.map((u) => u.id),
      groupsNow.map((g) => g.id),
    ),
  );
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
  const unitsNow = await unitsOf(em, organisationId, input.unitIds ?? []);
  await assertCanEverywhere(
    authz,
    'member:attach',
    landingScopes(
      organisationId,
      unitsNow.map((u) => u.id),
      [],
    ),
  );
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
