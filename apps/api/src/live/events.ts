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

/** One pub/sub for the process; with REDIS_URL, events cross API instances through Redis. */
export function createLiveEvents(redisUrl: string | undefined) {
  if (!redisUrl) {
    return { pubsub: createPubSub<Topics>(), close: async () => {} };
  }
  const publishClient = new Redis(redisUrl, { lazyConnect: false, maxRetriesPerRequest: 3 });
  const subscribeClient = new Redis(redisUrl, { lazyConnect: false, maxRetriesPerRequest: 3 });
  const eventTarget = createRedisEventTarget({ publishClient, subscribeClient });
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
