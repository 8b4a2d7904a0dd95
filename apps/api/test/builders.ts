import type { EntityManager } from '@mikro-orm/postgresql';
import type { AdminRoleKind } from '@tessera/domain';
import { hashPassword } from '../src/auth/passwords.js';
import { DEMO_PASSWORD } from '../src/db/seed/index.js';
import { AdminRole } from '../src/modules/admins/admin-role.entity.js';
import { Agreement, AgreementItem, Service, ServiceRole } from '../src/modules/catalogue/service.entity.js';
import { Grant, Group, GroupMembership } from '../src/modules/groups/group.entity.js';
import { Member, MemberUnit } from '../src/modules/members/member.entity.js';
import { memberSortName } from '../src/modules/members/sort-name.js';
import { Organisation, Unit } from '../src/modules/organisations/organisation.entity.js';
import { Person } from '../src/modules/people/person.entity.js';
import { Request } from '../src/modules/requests/request.entity.js';
import type { TestApp, TestClient } from './app.js';
import { gid, siren } from './tenants.js';

/**
 * Test data in one place: organisations, units, groups, members, admin roles and grants written with the
 * entities (so a renamed column breaks here, once, at compile time), each call in its own committed transaction,
 * answering raw ids and Relay global ids. A test that builds what it needs does not depend on the demo seed nor
 * on what an earlier test changed in it. The rows are written as the services would leave them: nothing is
 * audited and no mail is queued.
 */

/** A row the builder made: its uuid and its Relay global id. */
export interface Built {
  id: string;
  gid: string;
}
export interface BuiltOrganisation extends Built {
  name: string;
  /** its agreement (empty unless `agreement` listed roles) */
  agreement: Built;
}
export interface BuiltPerson extends Built {
  email: string;
  firstName: string;
  lastName: string;
  /** DEMO_PASSWORD unless built with `password: null` */
  password: string | null;
}
export interface BuiltMember extends Built {
  organisationId: string;
  person: BuiltPerson;
  email: string;
}
export interface BuiltGroup extends Built {
  organisationId: string;
  name: string;
}

/** A row known by its global id (e.g. a demo organisation a built member joins). */
export function ref(globalId: string): Built {
  const id = Buffer.from(globalId, 'base64').toString('utf8').split(':').slice(1).join(':');
  return { id, gid: globalId };
}

let passwordHash: Promise<string> | undefined;
/** One argon2 hash of DEMO_PASSWORD per test file. */
const demoHash = () => (passwordHash ??= hashPassword(DEMO_PASSWORD));

let sequence = 0;
/** A suffix no other row of this run has (names and addresses are unique in the database). */
const unique = () =>
  `${process.pid.toString(36)}${(++sequence).toString(36)}${Date.now().toString(36).slice(-4)}`;

const today = () => new Date().toISOString().slice(0, 10);

export interface OrganisationOptions {
  name?: string;
  status?: 'ACTIVE' | 'PENDING_ACTIVATION' | 'SUSPENDED';
  /** service roles its agreement covers, as 'SERVICE/role' codes of the catalogue (e.g. 'CDAP/saisie') */
  agreement?: string[];
}

export interface PersonOptions {
  firstName?: string;
  lastName?: string;
  email?: string;
  /** null: no password yet (a welcome e-mail sets one); default DEMO_PASSWORD */
  password?: string | null;
  mustChangePassword?: boolean;
  /** default true: first sign-in is done, so `authenticated` holds */
  termsAccepted?: boolean;
  nationalNumber?: string | null;
}

export interface MemberOptions extends PersonOptions {
  units?: Built[];
  status?: 'ACTIVE' | 'BLOCKED' | 'ARCHIVED';
  /** an existing person instead of a new one */
  person?: BuiltPerson;
  /** default true: the organisation created the account, so it owns the identity (rule 7) */
  ownsIdentity?: boolean;
}

export interface RequestOptions {
  /** default SUBMITTED; a decided state sets the decision (APPROVED, REFUSED), CLOSED keeps `decision` */
  state?: 'SUBMITTED' | 'APPROVED' | 'REFUSED' | 'CANCELLED' | 'CLOSED';
  /** for CLOSED: the decision it had (null: cancelled, then closed) */
  decision?: 'APPROVED' | 'REFUSED' | null;
  /** when it was submitted (default now) */
  createdAt?: Date;
  /** the unit it names */
  unit?: Built;
}

export interface GroupOptions {
  name?: string;
  parent?: Built;
  unit?: Built;
  manager?: Built;
  /** members put in the group at once */
  members?: Built[];
}

export function testData(t: TestApp) {
  const write = async <T>(work: (tx: EntityManager) => T | Promise<T>): Promise<T> =>
    t.app.services.orm.em.fork().transactional(async (tx) => work(tx as EntityManager));

  async function serviceRole(code: string): Promise<Built> {
    const [serviceCode, roleCode] = code.split('/');
    const em = t.app.services.orm.em.fork();
    const service = await em.findOneOrFail(Service, { code: serviceCode! });
    const role = await em.findOneOrFail(ServiceRole, { service: service.id, code: roleCode! });
    return { id: role.id, gid: gid('ServiceRole', role.id) };
  }

  async function person(options: PersonOptions = {}): Promise<BuiltPerson> {
    const suffix = unique();
    const firstName = options.firstName ?? 'Alex';
    const lastName = options.lastName ?? `Test${suffix}`;
    const email = options.email ?? `alex.${suffix}@builder.demo`;
    const password = options.password === undefined ? DEMO_PASSWORD : options.password;
    const hash =
      password === null ? null : password === DEMO_PASSWORD ? await demoHash() : await hashPassword(password);
    const row = await write(
      (tx) =>
        tx.create(Person, {
          firstName,
          lastName,
          email,
          passwordHash: hash,
          mustChangePassword: options.mustChangePassword ?? false,
          termsAcceptedAt: options.termsAccepted === false ? null : new Date(),
          emailVerifiedAt: new Date(),
          nationalNumber: options.nationalNumber ?? null,
          // hidden properties are branded (never serialised): the seed writes them the same way
        } as never) as unknown as { id: string },
    );
    return { id: row.id, gid: gid('Person', row.id), email, firstName, lastName, password };
  }

  return {
    serviceRole,
    person,

    /** An organisation with its agreement (covering `agreement`'s roles), active unless told otherwise. */
    async organisation(options: OrganisationOptions = {}): Promise<BuiltOrganisation> {
      const name = options.name ?? `Organisation ${unique()}`;
      const roles = await Promise.all((options.agreement ?? []).map(serviceRole));
      const status = options.status ?? 'ACTIVE';
      const row = await write((tx) => {
        const organisation = tx.create(Organisation, {
          name,
          registryKind: 'SIREN',
          registryNumber: siren(String(Math.floor(Math.random() * 1e8)).padStart(8, '0')),
          status,
          activatedAt: status === 'PENDING_ACTIVATION' ? null : new Date(),
          suspendedAt: status === 'SUSPENDED' ? new Date() : null,
        });
        const agreement = tx.create(Agreement, {
          organisation: organisation.id,
          reference: `TEST-${unique()}`,
          validFrom: today(),
        });
        for (const role of roles)
          tx.create(AgreementItem, {
            agreement: agreement.id,
            organisation: organisation.id,
            serviceRole: role.id,
          });
        return { organisation, agreement };
      });
      return {
        id: row.organisation.id,
        gid: gid('Organisation', row.organisation.id),
        name,
        agreement: { id: row.agreement.id, gid: gid('Agreement', row.agreement.id) },
      };
    },

    async unit(organisation: Built, options: { name?: string; parent?: Built } = {}): Promise<Built> {
      const row = await write((tx) =>
        tx.create(Unit, {
          organisation: organisation.id,
          parent: options.parent?.id ?? null,
          name: options.name ?? `Unité ${unique()}`,
        }),
      );
      return { id: row.id, gid: gid('Unit', row.id) };
    },

    /** A member of `organisation` (a new person unless `person` is given), in `units`. */
    async member(organisation: Built, options: MemberOptions = {}): Promise<BuiltMember> {
      const who = options.person ?? (await person(options));
      const row = await write(async (tx) => {
        const member = tx.create(Member, {
          organisation: organisation.id,
          person: who.id,
          status: options.status ?? 'ACTIVE',
          openingDate: today(),
          mobility: 'DESK',
          sortName: memberSortName(who),
          archivedAt: options.status === 'ARCHIVED' ? new Date() : null,
        });
        for (const unit of options.units ?? [])
          tx.create(MemberUnit, { member: member.id, unit: unit.id, organisation: organisation.id });
        if (!options.person && options.ownsIdentity !== false)
          await tx.nativeUpdate(Person, { id: who.id }, { createdByOrganisation: organisation.id });
        return member;
      });
      return {
        id: row.id,
        gid: gid('Member', row.id),
        organisationId: organisation.id,
        person: who,
        email: who.email,
      };
    },

    /** An admin role of `member`: organisation-wide, or on a unit or group (`scope`). */
    async adminRole(
      member: BuiltMember,
      kind: AdminRoleKind,
      scope: { unit?: Built; group?: Built; validUntil?: Date | null } = {},
    ): Promise<Built> {
      const row = await write((tx) =>
        tx.create(AdminRole, {
          organisation: member.organisationId,
          member: member.id,
          kind,
          unit: scope.unit?.id ?? null,
          group: scope.group?.id ?? null,
          validUntil: scope.validUntil ?? null,
        }),
      );
      return { id: row.id, gid: gid('AdminRole', row.id) };
    },

    /** A group (with its manager and members, when given). */
    async group(organisation: Built, options: GroupOptions = {}): Promise<BuiltGroup> {
      const name = options.name ?? `Groupe ${unique()}`;
      const row = await write((tx) => {
        const group = tx.create(Group, {
          organisation: organisation.id,
          parent: options.parent?.id ?? null,
          unit: options.unit?.id ?? null,
          manager: options.manager?.id ?? null,
          name,
        });
        for (const member of options.members ?? [])
          tx.create(GroupMembership, { group: group.id, member: member.id, organisation: organisation.id });
        return group;
      });
      return { id: row.id, gid: gid('Group', row.id), organisationId: organisation.id, name };
    },

    /** Puts members in a group (blocked there, when told). */
    async addToGroup(
      group: BuiltGroup,
      members: Built[],
      options: { blocked?: boolean } = {},
    ): Promise<void> {
      await write((tx) => {
        for (const member of members)
          tx.create(GroupMembership, {
            group: group.id,
            member: member.id,
            organisation: group.organisationId,
            blocked: options.blocked ?? false,
          });
      });
    },

    /** Grants a service role ('SERVICE/role') to a group or directly to a member. */
    async grant(role: string | Built, to: { group: BuiltGroup } | { member: BuiltMember }): Promise<Built> {
      const serviceRoleId = typeof role === 'string' ? (await serviceRole(role)).id : role.id;
      const row = await write((tx) =>
        tx.create(Grant, {
          organisation: 'group' in to ? to.group.organisationId : to.member.organisationId,
          serviceRole: serviceRoleId,
          group: 'group' in to ? to.group.id : null,
          member: 'member' in to ? to.member.id : null,
        }),
      );
      return { id: row.id, gid: gid('Grant', row.id) };
    },

    /**
     * A request about `subject` (a member of the organisation), submitted by its person: a role change with no
     * role, as plain as a request row gets (no steps, no notification, no mail).
     */
    async request(subject: BuiltMember, options: RequestOptions = {}): Promise<Built> {
      const state = options.state ?? 'SUBMITTED';
      const decision =
        state === 'APPROVED' || state === 'REFUSED'
          ? state
          : state === 'CLOSED'
            ? (options.decision ?? null)
            : null;
      const createdAt = options.createdAt ?? new Date();
      const row = await write((tx) =>
        tx.create(Request, {
          organisation: subject.organisationId,
          type: 'ROLE_CHANGE',
          state,
          requester: subject.person.id,
          subjectPerson: subject.person.id,
          subjectMember: subject.id,
          unit: options.unit?.id ?? null,
          createdAt,
          decision,
          decidedAt: decision ? createdAt : null,
          closedAt: state === 'CLOSED' ? createdAt : null,
        }),
      );
      return { id: row.id, gid: gid('Request', row.id) };
    },

    /** A client signed in as a built person or member (with DEMO_PASSWORD or the password it was built with). */
    async signIn(who: BuiltPerson | BuiltMember): Promise<TestClient> {
      const built = 'person' in who ? who.person : who;
      if (!built.password) throw new Error(`${built.email} has no password to sign in with`);
      const client = t.client();
      await client.signIn(built.email, built.password);
      return client;
    },
  };
}

export type TestData = ReturnType<typeof testData>;
