import type { TopologyCache } from '../modules/authz/topology.js';
import type { LiveEvents } from './events.js';

/**
 * Implements the topology cache's invalidation port on the live channel: when an instance reads a newer version
 * of an organisation's topology it says so, and every instance (through Redis when REDIS_URL is set) drops an
 * older copy. Returns the function that stops listening.
 */
export function connectTopologyInvalidation(live: LiveEvents, cache: TopologyCache): () => Promise<void> {
  cache.invalidation = {
    announce: (organisationId, version) => live.publish('topology', { organisationId, version }),
  };
  const notices = live.subscribe('topology');
  void (async () => {
    for await (const notice of notices) cache.evictOlderThan(notice.organisationId, notice.version);
  })().catch(() => {});
  // Resolves once the subscription is removed (its Redis UNSUBSCRIBE queued), before the clients close.
  return async () => {
    cache.invalidation = null;
    await notices.return?.();
  };
}

/**
 * Keeps the process subscribed to the live channel from start to stop. Without it, the Redis SUBSCRIBE is sent
 * when a first subscriber arrives (and UNSUBSCRIBE when the last leaves), and an event published during that round
 * trip is lost to a subscription the server already counts as running. Returns the function that stops listening.
 */
export function holdLiveChannel(live: LiveEvents): () => Promise<void> {
  const events = live.subscribe('live');
  void (async () => {
    for await (const _event of events) {
      // Nothing to do: subscribers have their own streams; this one only keeps the channel open.
    }
  })().catch(() => {});
  return async () => {
    await events.return?.();
  };
}
