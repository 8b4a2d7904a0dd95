import { RequestCache } from '@pothos/plugin-scope-auth';
import { Repeater } from 'graphql-yoga';
import { RequestContext } from '../context.js';
import { UnauthenticatedError } from '../errors.js';
import type { LiveEvent } from '../lib/live-event.js';
import { loadActingContext } from '../modules/authz/acting.js';
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
 * Gives a subscription operation a fresh context for one event: a new unit of work, the session read again
 * (signed out, expired or acting elsewhere now shows), a new actor, empty loaders and topology caches, the
 * current time, and Pothos's per-context scope cache cleared, so every authScopes of the event's selection is
 * evaluated again. GraphQL hands the same context object to every event of an operation (Yoga copied our
 * RequestContext's own properties onto it), so the fresh context's properties are copied onto it the same way.
 * Throws UNAUTHENTICATED, which ends the subscription, once the session is gone.
 */
export async function renewForEvent(ctx: RequestContext): Promise<void> {
  const em = ctx.app.orm.em.fork();
  const id = ctx.auth.session?.id;
  const now = new Date();
  // One statement: the session, checked live again, with its actor (the acting context).
  const acting = id ? await loadActingContext(em, id, now) : null;
  if (!acting || !isLive(acting.times, sessionPolicy(ctx.app.config), now))
    throw new UnauthenticatedError(SESSION_ENDED);
  const fresh = new RequestContext(ctx.app, em, acting, ctx.ip);
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
