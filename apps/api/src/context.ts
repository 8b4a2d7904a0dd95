import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor, OrgTopology } from '@tessera/domain';
import type { Config } from './config.js';
import type { Orm } from './db/orm.js';
import { createLoaders, type Loaders } from './graphql/loaders.js';
import type { JobQueue } from './jobs/runner.js';
import type { LiveEvents } from './live/events.js';
import type { Logger } from './log.js';
import { type ActingContext, loadActingContext } from './modules/authz/acting.js';
import { RequestAuthz } from './modules/authz/authz.js';
import type { TopologyCache } from './modules/authz/topology.js';
import type { CatalogueCache, CatalogueSnapshot } from './modules/catalogue/catalogue-cache.js';
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
  /** organisations' topologies, each with the version it was read at (modules/authz/topology.ts) */
  topologies: TopologyCache;
  /** the catalogue, with the version it was read at (modules/catalogue/catalogue-cache.ts) */
  catalogue: CatalogueCache;
}

export interface CookieToSet {
  name: string;
  value: string;
  maxAgeSeconds: number;
}

/** The mutable part of a request's context, shared by every copy that GraphQL envelopes make of it. */
export interface AuthState {
  session: SessionInfo | null;
  /** the acting context of `session`: read with the session, or again (one statement) after replaceSession */
  acting?: Promise<ActingContext | null>;
  authz?: Promise<RequestAuthz | null>;
  /** set once this request committed a change: the version read with the session may be stale */
  wrote?: boolean;
}

/**
 * Everything a resolver may use, built once per request (or per subscription operation). Yoga copies the
 * context object, so behaviour lives in own arrow-function properties and mutable state in `auth`.
 */
export class RequestContext {
  readonly loaders: Loaders;
  readonly cookies: CookieToSet[] = [];
  readonly auth: AuthState;
  readonly now: Date;
  /** SQL statements run to build this context before the operation (counted in the operation's metric) */
  statementsBefore = 0;
  private readonly topologies = new Map<string, Promise<OrgTopology>>();
  private catalogueSnapshot?: Promise<CatalogueSnapshot>;

  constructor(
    readonly app: AppServices,
    readonly em: EntityManager,
    acting: ActingContext | null,
    readonly ip: string,
    /**
     * One live event's shared reads (live/per-event.ts): its instant and its loaders, which hold rows by id and no
     * actor, so every subscriber's check and selection reads each row once for all of them.
     */
    shared?: { now: Date; loaders?: Loaders },
  ) {
    this.now = shared?.now ?? new Date();
    this.loaders = shared?.loaders ?? createLoaders(em, this.now, this.catalogue);
    this.auth = { session: acting?.session ?? null, acting: Promise.resolve(acting) };
  }

  /** The session's acting context (the one statement); null when signed out. */
  readonly acting = (): Promise<ActingContext | null> => {
    const session = this.auth.session;
    this.auth.acting ??= session
      ? loadActingContext(this.em, session.id, this.now, (organisationId) =>
          this.app.topologies.current(this.em, organisationId),
        )
      : Promise.resolve(null);
    return this.auth.acting;
  };

  /** Who acts: the operator, a member with its admin holdings, or nobody. */
  readonly actor = async (): Promise<Actor | null> => (await this.acting())?.actor ?? null;

  /** First sign-in done: signed in, own password chosen and terms accepted. */
  readonly accountReady = async (): Promise<boolean> => (await this.acting())?.accountReady ?? false;

  /** The request's authorisation context: the actor, the topologies and a memoised `can`; null when nobody acts. */
  readonly authz = (): Promise<RequestAuthz | null> => {
    this.auth.authz ??= this.actor().then((actor) =>
      actor ? new RequestAuthz(actor, this.now, this.topology) : null,
    );
    return this.auth.authz;
  };

  /**
   * The unit and group trees of one organisation: from the process cache when its version is the one the acting
   * statement read (no statement), else read once per request.
   */
  readonly topology = (organisationId: string): Promise<OrgTopology> => {
    let topology = this.topologies.get(organisationId);
    if (!topology) {
      topology = this.acting().then((acting) =>
        !this.auth.wrote &&
        acting?.topologyVersion != null &&
        acting.session.actingOrganisationId === organisationId
          ? this.app.topologies.at(this.em, organisationId, acting.topologyVersion)
          : this.app.topologies.current(this.em, organisationId),
      );
      this.topologies.set(organisationId, topology);
    }
    return topology;
  };

  /**
   * The catalogue: from the process cache when its version is the one the acting statement read (no statement),
   * else read once per request (signed out, or after this request wrote).
   */
  readonly catalogue = (): Promise<CatalogueSnapshot> => {
    this.catalogueSnapshot ??= this.acting().then((acting) =>
      this.app.catalogue.at(this.em, !this.auth.wrote && acting ? acting.catalogueVersion : null),
    );
    return this.catalogueSnapshot;
  };

  /**
   * After a mutation committed: fields of its payload read the committed state (the identity map is cleared) and
   * the topologies as they are now (the version is read again), so a group just created is known to the checks.
   */
  readonly afterCommit = (): void => {
    this.auth.wrote = true;
    this.auth.authz = undefined;
    this.topologies.clear();
    this.catalogueSnapshot = undefined;
    this.em.clear();
  };

  /** The web app's address for links in e-mails (`AppServices.publicUrl`), without a trailing slash. */
  readonly appUrl = (): string => this.app.publicUrl.replace(/\/$/, '');

  /** After a sign-in, a sign-out or a change of acting organisation: later fields see the new session. */
  readonly replaceSession = (session: SessionInfo | null): void => {
    this.auth.session = session;
    this.auth.acting = undefined;
    this.auth.authz = undefined;
    this.topologies.clear();
    this.em.clear();
  };
}
