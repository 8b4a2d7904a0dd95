import { createHash } from 'node:crypto';
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { createPubSub } from 'graphql-yoga';
import { Redis } from 'ioredis';
import type { LiveEvent } from '../lib/live-event.js';

/** An instance read a newer topology version of an organisation: others drop older copies (modules/authz/topology.ts). */
export interface TopologyNotice {
  organisationId: string;
  version: string;
}

type Topics = { live: [LiveEvent]; topology: [TopologyNotice] };

export type LiveEvents = ReturnType<typeof createLiveEvents>['pubsub'];

/** Tells every instance that these sessions ended, so their open subscriptions end now; publish after commit. */
export function publishSessionsRevoked(live: LiveEvents, sessionIds: string[]): void {
  if (sessionIds.length > 0)
    live.publish('live', { kind: 'SESSION_REVOKED', organisationId: null, sessionIds });
}

/** What tells one database from every other: its cluster, its own oid there, and its name. */
export interface Deployment {
  /** the cluster's `system_identifier` (made by initdb; two machines differ), or its address when unreadable */
  cluster: string;
  /** the database's oid in its cluster: a template clone or a restored dump is a new database, a new oid */
  database: string;
  name: string;
}

/**
 * The Redis channel prefix of one deployment: the instances of one database share events, and another deployment
 * (or another test's database) on the same Redis hears none of them, its organisations' ids included, even at the
 * same address on another machine (two `localhost:5432/tessera`) or as a copy (a template clone, a staging restore
 * of a production dump).
 */
export function liveNamespace(deployment: Deployment): string {
  const key = `${deployment.cluster}\u0000${deployment.database}\u0000${deployment.name}`;
  return `tessera:${createHash('sha256').update(key).digest('hex').slice(0, 16)}:`;
}

type Execute = (sql: string) => Promise<Record<string, string>[]>;

/** This database's `Deployment`, read without any table of ours (an instance may start before the migrations). */
export async function deploymentOf(execute: Execute, databaseUrl: string): Promise<Deployment> {
  const database = `select d.oid::text as oid, d.datname as name from pg_database d where d.datname = current_database()`;
  let cluster: string;
  try {
    const [row] = await execute('select system_identifier::text as id from pg_control_system()');
    cluster = row!.id!;
  } catch {
    // A managed server may refuse pg_control_system: its address then stands for the cluster.
    const url = new URL(databaseUrl);
    cluster = `${url.hostname}:${url.port || '5432'}`;
  }
  const [row] = await execute(database);
  return { cluster, database: row!.oid!, name: row!.name! };
}

/** One pub/sub for the process; with REDIS_URL, events cross API instances through Redis, within `namespace`. */
export function createLiveEvents(redisUrl: string | undefined, namespace = 'tessera:') {
  if (!redisUrl) {
    return { pubsub: createPubSub<Topics>(), close: async () => {} };
  }
  const publishClient = new Redis(redisUrl, { lazyConnect: false, maxRetriesPerRequest: 3 });
  const subscribeClient = new Redis(redisUrl, { lazyConnect: false, maxRetriesPerRequest: 3 });
  const redis = createRedisEventTarget({ publishClient, subscribeClient });
  // Every topic becomes a channel of this deployment's namespace.
  const eventTarget: typeof redis = {
    addEventListener: (type, callback, options) =>
      redis.addEventListener(namespace + type, callback, options),
    removeEventListener: (type, callback, options) =>
      redis.removeEventListener(namespace + type, callback, options),
    dispatchEvent: (event) =>
      redis.dispatchEvent(new CustomEvent(namespace + event.type, { detail: (event as CustomEvent).detail })),
  };
  return {
    pubsub: createPubSub<Topics>({ eventTarget }),
    close: async () => {
      // QUIT after the commands already queued (an UNSUBSCRIBE of a stream just ended), so none is left to
      // fail on a closed connection; a client that cannot answer is disconnected.
      await Promise.all(
        [publishClient, subscribeClient].map((client) => client.quit().catch(() => client.disconnect())),
      );
    },
  };
}
