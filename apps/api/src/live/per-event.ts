import { RequestCache } from '@pothos/plugin-scope-auth';
import DataLoader from 'dataloader';
import { Repeater } from 'graphql-yoga';
import { RequestContext } from '../context.js';
import type { Loaders } from '../graphql/loaders.js';
import { UnauthenticatedError } from '../errors.js';
import type { LiveEvent } from '../lib/live-event.js';
import { type ActingContext, loadActingContexts } from '../modules/authz/acting.js';
import { isLive, sessionById, sessionPolicy } from '../modules/people/session.service.js';

const SESSION_ENDED = 'Your session has ended: sign in again to follow live updates.';

/** setTimeout's longest delay; a later deadline is simply checked again then. */
const MAX_TIMER_MS = 2 ** 31 - 1;

function liveSession(ctx: RequestContext, em: RequestContext['em']) {
  const id = ctx.auth.session?.id;
  if (!id) return Promise.resolve(null);
  return sessionById(em, id, sessionPolicy(ctx.app.config), new Date());
}

/**
 * What every subscriber of this process shares for one live event (issue 13: no SQL per subscriber per event):
 * one unit of work and instant, the acting contexts of all subscribers read in ONE statement (a loader over
 * session ids, batched on the next turn of the event loop, by which time every subscriber has seen the event),
 * and one set of row loaders (rows by id, no actor in them), so the event's request and what the selections read
 * are loaded once whatever the number of subscribers. Each subscriber still gets its own context and its own
 * authorisation: only reads are shared, never decisions. Keyed by the event object, which the pub/sub hands to
 * every subscriber (in process, and once per Redis message); a copy only costs its own batch. The entry lives until
 * its batch runs: a subscriber that handles the event after that reads again.
 */
interface EventReads {
  em: RequestContext['em'];
  now: Date;
  acting: DataLoader<string, ActingContext | null>;
  loaders?: Loaders;
}
const eventReads = new WeakMap<object, EventReads>();

function readsFor(ctx: RequestContext, event: object): EventReads {
  let reads = eventReads.get(event);
  if (!reads) {
    const em = ctx.app.orm.em.fork();
    const now = new Date();
    reads = {
      em,
      now,
      acting: new DataLoader(
        async (ids: readonly string[]) => {
          // A subscriber that comes to this event later (a backed-up stream, a second tab) reads afresh: a block,
          // a switch or a revocation meanwhile is seen, at its own instant.
          eventReads.delete(event);
          const found = await loadActingContexts(em, ids, now);
          return ids.map((id) => found.get(id) ?? null);
        },
        { batchScheduleFn: (run) => setImmediate(run) },
      ),
    };
    eventReads.set(event, reads);
  }
  return reads;
}

/**
 * Gives a subscription operation a fresh context for one event: the session read again (signed out, expired or
 * acting elsewhere now shows) with a new actor, the event's shared unit of work and loaders (see `EventReads`),
 * empty topology caches, the event's instant, and Pothos's per-context scope cache cleared, so every authScopes
 * of the event's selection is evaluated again. GraphQL hands the same context object to every event of an
 * operation (Yoga copied our RequestContext's own properties onto it), so the fresh context's properties are
 * copied onto it the same way. Throws UNAUTHENTICATED, which ends the subscription, once the session is gone.
 */
export async function renewForEvent(ctx: RequestContext, event: object): Promise<void> {
  const reads = readsFor(ctx, event);
  const id = ctx.auth.session?.id;
  // One statement for every subscriber of this event: the sessions, checked live again, with their actors.
  const acting = id ? await reads.acting.load(id) : null;
  if (!acting || !isLive(acting.times, sessionPolicy(ctx.app.config), reads.now))
    throw new UnauthenticatedError(SESSION_ENDED);
  const fresh = new RequestContext(ctx.app, reads.em, acting, ctx.ip, {
    now: reads.now,
    loaders: reads.loaders,
  });
  reads.loaders ??= fresh.loaders;
  Object.assign(ctx, fresh);
  RequestCache.clearForContext(ctx);
}

/**
 * The live events one subscriber may receive: `select` sees each event (a cheap routing test first, then
 * `renewForEvent` and the policy) and returns what to push, or null to skip it. Events are handled one at a
 * time; unsubscribing ends the underlying pub/sub subscription.
 *
 * The stream also ends, with UNAUTHENTICATED, as soon as its session does: on a SESSION_REVOKED event naming it
 * (published after the revoking transaction commits, on every instance), and when its idle or absolute timeout
 * passes (a timer re-reads the session then; requests of the same session meanwhile push the idle end back,
 * the stream itself does not).
 */
export function liveFeed<T>(
  ctx: RequestContext,
  select: (event: LiveEvent) => Promise<T | null>,
): AsyncIterable<T> {
  const source = ctx.app.live.subscribe('live');
  const sessionId = ctx.auth.session?.id;
  return new Repeater<T>(async (push, stop) => {
    const iterator = source[Symbol.asyncIterator]();
    let timer: NodeJS.Timeout | undefined;
    let stopped = false;
    const sessionEnded = () => stop(new UnauthenticatedError(SESSION_ENDED));
    const watch = async (): Promise<void> => {
      const session = await liveSession(ctx, ctx.app.orm.em.fork());
      if (stopped) return;
      if (!session) return sessionEnded();
      const wait = Math.min(MAX_TIMER_MS, Math.max(0, session.endsAt.getTime() - Date.now()) + 50);
      timer = setTimeout(() => watch().catch((error) => stop(error)), wait);
    };
    stop.then(() => {
      stopped = true;
      clearTimeout(timer);
      iterator.return?.();
    });
    try {
      // Listen first, then check the session: a revocation committed in between is seen one way or the other.
      const first = iterator.next();
      await watch();
      for (let next = await first; !next.done; next = await iterator.next()) {
        const event = next.value;
        if (event.kind === 'SESSION_REVOKED') {
          if (sessionId && event.sessionIds?.includes(sessionId)) return sessionEnded();
          continue;
        }
        const value = await select(event);
        if (value !== null) await push(value);
      }
      stop();
    } catch (error) {
      stop(error);
    }
  });
}
