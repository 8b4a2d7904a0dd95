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

/**
 * The Redis channel prefix of one deployment: the instances of one database share events, and another deployment
 * (or another test's database) on the same Redis hears none of them, its organisations' ids included. It mixes the
 * database's own random id (table `deployment_identity`, migration 0023: two databases at the same address on two
 * machines differ) with the database's name and the server's address (a copy made by `create database … template`,
 * or a staging restore of a production dump, keeps the id but not both of these).
 */
export function liveNamespace(deployment: { id: string; database: string; server: string }): string {
  const key = `${deployment.id}\u0000${deployment.database}\u0000${deployment.server}`;
  return `tessera:${createHash('sha256').update(key).digest('hex').slice(0, 16)}:`;
}

/** What identifies this database for `liveNamespace`: its deployment id (migration 0023), name and server. */
export async function deploymentOf(
  execute: (sql: string) => Promise<{ id: string; database: string }[]>,
  databaseUrl: string,
): Promise<{ id: string; database: string; server: string }> {
  const [row] = await execute(
    'select id::text as id, current_database() as database from deployment_identity',
  );
  if (!row) throw new Error('The database has no deployment identity: run the migrations.');
  const url = new URL(databaseUrl);
  return { id: row.id, database: row.database, server: `${url.hostname}:${url.port || '5432'}` };
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
