import type { EntityManager } from '@mikro-orm/postgresql';
import {
  type Actor,
  type AdminRoleHolding,
  buildTopology,
  isAccountReady,
  type OrgTopology,
} from '@tessera/domain';
import type { Config } from './config.js';
import type { Orm } from './db/orm.js';
import { createLoaders, type Loaders } from './graphql/loaders.js';
import type { JobQueue } from './jobs/runner.js';
import type { LiveEvents } from './live/events.js';
import type { Logger } from './log.js';
import { AdminRole } from './modules/admins/admin-role.entity.js';
import { Group } from './modules/groups/group.entity.js';
import { Member } from './modules/members/member.entity.js';
import { Organisation, Unit } from './modules/organisations/organisation.entity.js';
import { Person } from './modules/people/person.entity.js';
import type { SessionInfo } from './modules/people/session.service.js';

/** What lives for the whole process. */
export interface AppServices {
  config: Config;
  orm: Orm;
  logger: Logger;
  live: LiveEvents;
  /**
   * The web app's address for links in e-mails: PUBLIC_URL, else the local address the server prints at start.
   * Never taken from a request: a forged Host header must not put an attacker's address in a reset link.
   */
  publicUrl: string;
  /** the job queue (pg-boss): dispatch jobs for committed outbox messages, and the other queues */
  jobs: JobQueue;
}

export interface CookieToSet {
  name: string;
  value: string;
  maxAgeSeconds: number;
}

/** The mutable part of a request's context, shared by every copy that GraphQL envelopes make of it. */
export interface AuthState {
  session: SessionInfo | null;
  actor?: Promise<Actor | null>;
}

/**
 * Everything a resolver may use, built once per request (or per subscription operation). Yoga copies the
 * context object, so behaviour lives in own arrow-function properties and mutable state in `auth`.
 */
export class RequestContext {
  readonly loaders: Loaders;
  readonly cookies: CookieToSet[] = [];
  readonly auth: AuthState;
  /** The unit and group trees of one organisation, loaded once per request when a check needs them. */
  readonly topology: (organisationId: string) => Promise<OrgTopology>;
  readonly now = new Date();

  constructor(
    readonly app: AppServices,
    readonly em: EntityManager,
    session: SessionInfo | null,
    readonly ip: string,
  ) {
    this.loaders = createLoaders(em, this.now);
    this.auth = { session };
    this.topology = cachedTopology(em);
  }

  /** Who acts: the operator, a member with its admin holdings, or nobody; loaded once per request. */
  readonly actor = (): Promise<Actor | null> => {
    this.auth.actor ??= loadActor(this.em, this.auth.session);
    return this.auth.actor;
  };

  /** The web app's address for links in e-mails (`AppServices.publicUrl`), without a trailing slash. */
  readonly appUrl = (): string => this.app.publicUrl.replace(/\/$/, '');

  /** After a sign-in, a sign-out or a change of acting organisation: later fields see the new session. */
  readonly replaceSession = (session: SessionInfo | null): void => {
    this.auth.session = session;
    this.auth.actor = undefined;
    this.em.clear();
  };
}

async function loadActor(em: EntityManager, session: SessionInfo | null): Promise<Actor | null> {
  if (!session) return null;
  const person = await em.findOne(
    Person,
    { id: session.personId },
    { fields: ['id', 'isOperatorAdmin', 'mustChangePassword', 'termsAcceptedAt'] },
  );
  // First sign-in comes first (Caf guide): until the password is changed and the terms accepted, nobody acts.
  if (!person || !isAccountReady(person)) return null;
  if (session.actingAsOperator) {
    return person.isOperatorAdmin ? { kind: 'operator', personId: person.id } : null;
  }
  if (!session.actingOrganisationId) return null;
  const organisationId = session.actingOrganisationId;
  // Sequential on purpose: inside a transaction the EntityManager has one connection, which runs one query at a time.
  const member = await em.findOne(Member, { organisation: organisationId, person: session.personId });
  const organisation = await em.findOne(Organisation, { id: organisationId }, { fields: ['id', 'status'] });
  // A blocked member has no power in its organisation, admin roles included; an archived one is gone.
  if (!member || !organisation || member.status !== 'ACTIVE' || organisation.status === 'SUSPENDED')
    return null;
  const roles = await em.find(AdminRole, {
    member: member.id,
    $or: [{ validUntil: null }, { validUntil: { $gte: new Date() } }], // the domain's isHeldAt
  });
  const holdings: AdminRoleHolding[] = roles.map((role) => ({
    kind: role.kind,
    validUntil: role.validUntil ?? null,
    scope: role.group
      ? { kind: 'GROUP', organisationId, groupId: role.group }
      : role.unit
        ? { kind: 'UNIT', organisationId, unitId: role.unit }
        : { kind: 'ORGANISATION', organisationId },
  }));
  return { kind: 'member', personId: session.personId, memberId: member.id, organisationId, holdings };
}

/** Loads each organisation's topology at most once through `em` (per request, or per transaction). */
export function cachedTopology(em: EntityManager): (organisationId: string) => Promise<OrgTopology> {
  const topologies = new Map<string, Promise<OrgTopology>>();
  return (organisationId) => {
    let topology = topologies.get(organisationId);
    if (!topology) {
      topology = loadTopology(em, organisationId);
      topologies.set(organisationId, topology);
    }
    return topology;
  };
}

export async function loadTopology(em: EntityManager, organisationId: string): Promise<OrgTopology> {
  // Sequential on purpose: inside a transaction the EntityManager has one connection, which runs one query at a time.
  const units = await em.find(Unit, { organisation: organisationId }, { fields: ['id', 'parent'] });
  const groups = await em.find(Group, { organisation: organisationId }, { fields: ['id', 'parent', 'unit'] });
  return buildTopology({
    units: units.map((unit) => ({ id: unit.id, parentId: unit.parent ?? null })),
    groups: groups.map((group) => ({
      id: group.id,
      parentId: group.parent ?? null,
      unitId: group.unit ?? null,
    })),
  });
}
