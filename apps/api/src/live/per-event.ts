import { RequestCache } from '@pothos/plugin-scope-auth';
import { Repeater } from 'graphql-yoga';
import { RequestContext } from '../context.js';
import { NotAuthorisedError } from '../errors.js';
import { Session } from '../modules/people/person.entity.js';
import type { SessionInfo } from '../modules/people/session.service.js';
import type { LiveEvent } from './events.js';

async function liveSession(ctx: RequestContext, em: RequestContext['em']): Promise<SessionInfo | null> {
  const id = ctx.auth.session?.id;
  if (!id) return null;
  const session = await em.findOne(Session, { id });
  if (!session || session.revokedAt || session.expiresAt.getTime() <= Date.now()) return null;
  return {
    id: session.id,
    personId: session.person,
    actingOrganisationId: session.actingOrganisation ?? null,
    actingAsOperator: session.actingAsOperator,
  };
}

/**
 * Gives a subscription operation a fresh context for one event: a new unit of work, the session read again
 * (signed out, expired or acting elsewhere now shows), a new actor, empty loaders and topology caches, the
 * current time, and Pothos's per-context scope cache cleared, so every authScopes of the event's selection is
 * evaluated again. GraphQL hands the same context object to every event of an operation (Yoga copied our
 * RequestContext's own properties onto it), so the fresh context's properties are copied onto it the same way.
 * Throws NOT_AUTHORISED, which ends the subscription, once the session is gone.
 */
export async function renewForEvent(ctx: RequestContext): Promise<void> {
  const em = ctx.app.orm.em.fork();
  const session = await liveSession(ctx, em);
  if (!session) throw new NotAuthorisedError('Your session has ended: sign in again to follow live updates.');
  const fresh = new RequestContext(ctx.app, em, session, ctx.ip);
  Object.assign(ctx, fresh);
  RequestCache.clearForContext(ctx);
}

/**
 * The live events one subscriber may receive: `select` sees each event (a cheap routing test first, then
 * `renewForEvent` and the policy) and returns what to push, or null to skip it. Events are handled one at a
 * time; unsubscribing ends the underlying pub/sub subscription.
 */
export function liveFeed<T>(
  ctx: RequestContext,
  select: (event: LiveEvent) => Promise<T | null>,
): AsyncIterable<T> {
  const source = ctx.app.live.subscribe('live');
  return new Repeater<T>(async (push, stop) => {
    const iterator = source[Symbol.asyncIterator]();
    stop.then(() => iterator.return?.());
    try {
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
        const value = await select(next.value);
        if (value !== null) await push(value);
      }
      stop();
    } catch (error) {
      stop(error);
    }
  });
}
