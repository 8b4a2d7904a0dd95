import type { EntityManager } from '@mikro-orm/postgresql';
import {
  type Actor,
  ADMIN_ROLE_KIND_VALUES,
  type AdminRoleKind,
  assertCanName,
  assertCanRemoveAdminRole,
  assertNotLastPrincipal,
  assertValidRoleScope,
  emailSchema,
  isHeldAt,
  isNominativeEmail,
  reachOf,
} from '@tessera/domain';
import { ConflictError, InvalidInputError, NotFoundError, RuleError } from '../../errors.js';
import { afterKey, type ConnectionArgs, keysetPage } from '../../lib/keyset.js';
import { audit } from '../audit/audit.service.js';
import { type Authz, assertOperator, assertReaches, rule } from '../authz/authz.js';
import { roleScope } from '../authz/roles.js';
import { type IMember, Member } from '../members/member.entity.js';
import { memberReachCondition } from '../members/member-list.js';
import { currentActor } from '../members/member-target.js';
import { memberSortName } from '../members/sort-name.js';
import { lockOrganisation, requiredName } from '../organisations/organisation.service.js';
import { queueEmail } from '../outbox/outbox.service.js';
import { queueWelcomeEmail } from '../people/account.service.js';
import { bilingualEmail, recipientsOf } from '../people/mails.js';
import { type IPerson, Person } from '../people/person.entity.js';
import { AdminRole, type IAdminRole } from './admin-role.entity.js';
import { roleScopeIn } from './role-scope.js';

const roleSnapshot = (role: IAdminRole) => ({
  memberId: role.member,
  kind: role.kind,
  unitId: role.unit ?? null,
  groupId: role.group ?? null,
  validUntil: role.validUntil?.toISOString() ?? null,
});

export interface AdministratorFilter {
  kind?: AdminRoleKind | null;
  memberId?: string | null;
}

/**
 * The admin roles of one organisation the actor may see ('admin:read'): all of them for the operator and
 * organisation-wide admins, else those on the units and groups its own holdings cover, held by members it may
 * read ('member:read'). Oldest first.
 */
export async function listAdministrators(
  em: EntityManager,
  authz: Authz,
  organisationId: string,
  filter: AdministratorFilter,
  args: ConnectionArgs,
) {
  assertReaches(authz.actor, organisationId);
  const topology = await authz.topology(organisationId);
  const reach = reachOf(authz.actor, 'admin:read', organisationId, topology, authz.now);
  // A role lists with its holder (AdminRole.member is not null): a unit admin sees the roles of its scope held by
  // members it may read, not a group manager of its unit attached elsewhere, which would fail the whole page.
  const holders = reachOf(authz.actor, 'member:read', organisationId, topology, authz.now);
  return keysetPage<IAdminRole>(
    args,
    (role) => [role.createdAt.toISOString(), role.id],
    2,
    async (after, limit) => {
      if (!reach.whole && reach.unitIds.size === 0 && reach.groupIds.size === 0) return [];
      const qb = em.createQueryBuilder(AdminRole, 'r').select('*').where({ organisation: organisationId });
      if (filter.kind) qb.andWhere({ kind: filter.kind });
      if (filter.memberId) qb.andWhere({ member: filter.memberId });
      if (!reach.whole) {
        qb.andWhere({
          $or: [{ unit: { $in: [...reach.unitIds] }, group: null }, { group: { $in: [...reach.groupIds] } }],
        });
      }
      if (!holders.whole) {
        const [readable, params] = memberReachCondition(holders, 'holder');
        qb.andWhere(
          `exists (select 1 from member holder where holder.id = r.member_id and ${readable})`,
          params,
        );
      }
      if (after) qb.andWhere(afterKey(['r.created_at', 'r.id']), after);
      return qb.orderBy({ createdAt: 'asc', id: 'asc' }).limit(limit).getResultList();
    },
  );
}

/**
 * The ids of the active principal admin roles (not expired, member not archived) of some organisations, by
 * organisation, in one query: rule 6 counts them, and `AdminRole.viewerCanRemove` batches it per request.
 */
export async function activePrincipalRoleIds(
  em: EntityManager,
  organisationIds: readonly string[],
  now: Date,
): Promise<Map<string, string[]>> {
  const byOrganisation = new Map<string, string[]>();
  if (organisationIds.length === 0) return byOrganisation;
  const rows: { id: string; organisation_id: string; valid_until: Date | string | null }[] = await em
    .createQueryBuilder(AdminRole, 'r')
    .select(['r.id', 'r.organisation', 'r.validUntil'])
    .join('r.member', 'm')
    .where({ organisation: { $in: [...organisationIds] }, kind: 'PRINCIPAL_ADMIN' })
    // Rule 6 counts principals who can act: a blocked one cannot (same as assertOtherPrincipalRemains).
    .andWhere({ 'm.status': 'ACTIVE' })
    .execute('all', false);
  for (const row of rows) {
    // held or not: the domain's one expiry rule
    if (!isHeldAt(row.valid_until === null ? null : new Date(row.valid_until), now)) continue;
    const list = byOrganisation.get(row.organisation_id);
    if (list) list.push(row.id);
    else byOrganisation.set(row.organisation_id, [row.id]);
  }
  return byOrganisation;
}

/** Active principal admins of an organisation other than `exceptRoleId`: rule 6 counts them. */
async function otherPrincipalCount(
  em: EntityManager,
  organisationId: string,
  exceptRoleId: string,
  now: Date,
) {
  const ids = (await activePrincipalRoleIds(em, [organisationId], now)).get(organisationId) ?? [];
  return ids.filter((id) => id !== exceptRoleId).length;
}

export interface NameAdministratorInput {
  memberId: string;
  kind: AdminRoleKind;
  unitId?: string | null;
  groupId?: string | null;
  validUntil?: Date | null;
}

/**
 * Names a member to an admin role (CSAM: co-principals, an access manager per domain, group managers; Vaud:
 * referents and unit admins). Rule 1: only below the namer's own level, and on a scope the role suits.
 * `validUntil` makes it a time-limited delegation.
 */
export async function nameAdministrator(
  em: EntityManager,
  authz: Authz,
  input: NameAdministratorInput,
): Promise<IAdminRole> {
  // The organisation first, then its rows: the namer's own roles and the target are read under the lock.
  const [row] = await em.execute<{ organisation_id: string }[]>(
    'select organisation_id from member where id = ?',
    [input.memberId],
  );
  if (!row) throw new NotFoundError('No member has this memberId.');
  assertReaches(authz.actor, row.organisation_id);
  await lockOrganisation(em, row.organisation_id);
  authz = { ...authz, actor: await currentActor(em, authz.actor, authz.now) };
  const member = await em.findOne(Member, { id: input.memberId });
  if (!member) throw new NotFoundError('No member has this memberId.');
  const organisationId = member.organisation;
  if (!ADMIN_ROLE_KIND_VALUES.includes(input.kind))
    throw new InvalidInputError('kind', 'Unknown kind of role.');
  const scope = await roleScopeIn(
    em,
    organisationId,
    input,
    'Name an admin on a unit or on a group, not both.',
  );
  rule(() => assertValidRoleScope(input.kind, scope));
  const topology = await authz.topology(organisationId);
  rule(() => assertCanName(authz.actor, { kind: input.kind, scope }, topology, authz.now));
  if (input.validUntil && input.validUntil.getTime() <= authz.now.getTime())
    throw new InvalidInputError('validUntil', 'A delegation must end in the future.');
  if (member.status === 'ARCHIVED') throw new ConflictError('This member is archived.', 'memberId');
  const existing = await em.findOne(AdminRole, {
    member: member.id,
    kind: input.kind,
    unit: scope.kind === 'UNIT' ? scope.unitId : null,
    group: scope.kind === 'GROUP' ? scope.groupId : null,
  });
  if (existing) throw new ConflictError('This member already holds this role here.', 'memberId');
  const role = em.create(AdminRole, {
    organisation: organisationId,
    member: member.id,
    kind: input.kind,
    unit: scope.kind === 'UNIT' ? scope.unitId : null,
    group: scope.kind === 'GROUP' ? scope.groupId : null,
    validUntil: input.validUntil ?? null,
    namedBy: authz.actor.personId,
  });
  audit(em, authz.actor, {
    organisation: organisationId,
    action: 'admin-role.named',
    targetType: 'AdminRole',
    targetId: role.id,
    after: roleSnapshot(role),
  });
  await em.flush();
  return role;
}

/**
 * Removes an admin role: the same level rule as naming (the operator takes a delegation back, Caf), or its holder
 * stepping down. Rule 6: the last principal admin of an organisation stays.
 */
export async function removeAdministrator(
  em: EntityManager,
  authz: Authz,
  adminRoleId: string,
): Promise<string> {
  const [row] = await em.execute<{ organisation_id: string }[]>(
    'select organisation_id from admin_role where id = ?',
    [adminRoleId],
  );
  if (!row) throw new NotFoundError('No administrator role has this id.');
  assertReaches(authz.actor, row.organisation_id);
  // The lock makes two principals removing each other at once queue up, so one of them stays (rule 6); the role,
  // the remover's own roles and the principals that remain are all read after it.
  await lockOrganisation(em, row.organisation_id);
  authz = { ...authz, actor: await currentActor(em, authz.actor, authz.now) };
  const role = await em.findOne(AdminRole, { id: adminRoleId });
  if (!role) throw new NotFoundError('No administrator role has this id.');
  const topology = await authz.topology(role.organisation);
  rule(() =>
    assertCanRemoveAdminRole(
      authz.actor,
      { kind: role.kind, scope: roleScope(role), memberId: role.member },
      topology,
      authz.now,
    ),
  );
  if (role.kind === 'PRINCIPAL_ADMIN') {
    const others = await otherPrincipalCount(em, role.organisation, role.id, authz.now);
    rule(() => assertNotLastPrincipal(others));
  }
  audit(em, authz.actor, {
    organisation: role.organisation,
    action: 'admin-role.removed',
    targetType: 'AdminRole',
    targetId: role.id,
    before: roleSnapshot(role),
  });
  em.remove(role);
  await em.flush();
  return role.id;
}

export interface NewPersonInput {
  firstName: string;
  lastName: string;
  email: string;
}

export interface NamePrincipalInput {
  organisationId: string;
  personId?: string | null;
  /** The e-mail address of a person who has an account, instead of its id. */
  existingPersonEmail?: string | null;
  newPerson?: NewPersonInput | null;
}

function namedPrincipalEmail(person: IPerson, organisationName: string, appUrl: string) {
  return bilingualEmail(recipientsOf(person), {
    fr: {
      subject: `Vous administrez ${organisationName}`,
      body: [
        `Bonjour ${person.firstName},`,
        '',
        `L’opérateur vous a nommé administrateur principal de l’organisation ${organisationName}.`,
        'À votre prochaine connexion, choisissez d’agir pour cette organisation.',
        '',
        appUrl,
      ],
    },
    en: {
      subject: `You administer ${organisationName}`,
      body: [
        `Hello ${person.firstName},`,
        '',
        `The operator named you principal administrator of ${organisationName}.`,
        'At your next sign-in, choose to act for this organisation.',
        '',
        appUrl,
      ],
    },
  });
}

async function newPerson(em: EntityManager, input: NewPersonInput, organisationId: string): Promise<IPerson> {
  const firstName = requiredName(input.firstName, 'firstName', 100);
  const lastName = requiredName(input.lastName, 'lastName', 100);
  const parsed = emailSchema.safeParse(input.email);
  if (!parsed.success) throw new InvalidInputError('email', 'This e-mail address is not valid.');
  const email = parsed.data;
  // Caf: every account has a nominative address, never a shared mailbox.
  if (!isNominativeEmail(email))
    throw new RuleError(
      'SHARED_MAILBOX',
      'Use a personal address, not a shared mailbox such as contact@.',
      'email',
    );
  if (await em.findOne(Person, { email }))
    throw new RuleError(
      'PERSON_EXISTS',
      'Someone already has an account with this e-mail address: nobody is attached without consent, so invite it instead.',
      'email',
    );
  // No password yet: the welcome link lets the person choose one, then the terms come at first sign-in.
  return em.create(Person, {
    firstName,
    lastName,
    email,
    termsAcceptedAt: null,
    createdByOrganisation: organisationId,
  } as never) as IPerson;
}

/**
 * Caf step 2: the operator names the partner administrator of an organisation: a member of it, or a new person
 * (who gets a welcome link to choose a password, then the terms at first sign-in). A person with an account who
 * is not a member is never attached here (rule 7): PERSON_EXISTS, and the operator invites it instead.
 */
export async function namePrincipalAdministrator(
  em: EntityManager,
  actor: Actor,
  input: NamePrincipalInput,
  appUrl: string,
  now: Date,
): Promise<IAdminRole> {
  assertOperator(actor);
  if ([input.personId, input.existingPersonEmail, input.newPerson].filter(Boolean).length !== 1)
    throw new InvalidInputError('person', 'Choose an existing person or describe a new one, not both.');
  const organisation = await lockOrganisation(em, input.organisationId);
  let person: IPerson;
  let created = false;
  if (input.personId) {
    const found = await em.findOne(Person, { id: input.personId });
    if (!found) throw new NotFoundError('No person has this personId.');
    person = found;
  } else if (input.existingPersonEmail) {
    const parsed = emailSchema.safeParse(input.existingPersonEmail);
    if (!parsed.success)
      throw new InvalidInputError('existingPersonEmail', 'This e-mail address is not valid.');
    const found = await em.findOne(Person, { email: parsed.data });
    if (!found)
      throw new InvalidInputError(
        'existingPersonEmail',
        'No person has an account with this e-mail address.',
      );
    person = found;
  } else {
    person = await newPerson(em, input.newPerson!, organisation.id);
    created = true;
  }
  const personField = input.existingPersonEmail ? 'existingPersonEmail' : 'personId';
  let member: IMember | null = created
    ? null
    : await em.findOne(Member, { organisation: organisation.id, person: person.id });
  // Rule 7: a person who is not yet a member is attached only with its consent, through an invitation.
  if (!created && !member)
    throw new RuleError(
      'PERSON_EXISTS',
      'This person has an account but is not a member of this organisation: nobody is attached without consent, so invite it as principal administrator instead.',
      personField,
    );
  if (member?.status === 'ARCHIVED')
    throw new ConflictError('This person’s membership is archived: restore it first.', personField);
  if (member && (await em.findOne(AdminRole, { member: member.id, kind: 'PRINCIPAL_ADMIN' })))
    throw new ConflictError('This person is already a principal administrator here.', personField);
  if (created)
    audit(em, actor, {
      organisation: organisation.id,
      action: 'person.created',
      targetType: 'Person',
      targetId: person.id,
      after: { firstName: person.firstName, lastName: person.lastName, email: person.email },
    });
  if (!member) {
    member = em.create(Member, {
      organisation: organisation.id,
      person: person.id,
      openingDate: now.toISOString().slice(0, 10),
      sortName: memberSortName(person),
    });
    audit(em, actor, {
      organisation: organisation.id,
      action: 'member.created',
      targetType: 'Member',
      targetId: member.id,
      after: { personId: person.id, openingDate: member.openingDate },
    });
  }
  const role = em.create(AdminRole, {
    organisation: organisation.id,
    member: member.id,
    kind: 'PRINCIPAL_ADMIN',
    namedBy: actor.personId,
  });
  audit(em, actor, {
    organisation: organisation.id,
    action: 'admin-role.named',
    targetType: 'AdminRole',
    targetId: role.id,
    after: roleSnapshot(role),
  });
  if (created) await queueWelcomeEmail(em, person, appUrl, now, organisation.name, organisation.id);
  else queueEmail(em, namedPrincipalEmail(person, organisation.name, appUrl));
  await em.flush();
  return role;
}
