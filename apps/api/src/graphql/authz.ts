import type { EntityManager } from '@mikro-orm/postgresql';
import { cachedTopology, type RequestContext } from '../context.js';
import { NotAuthorisedError } from '../errors.js';
import type { Authz } from '../modules/organisations/authz.js';
import { parseId } from './ids.js';

/** The actor and a topology read inside the mutation's transaction, so checks see what the change will see. */
export async function authzIn(ctx: RequestContext, tx: EntityManager): Promise<Authz> {
  const actor = await ctx.actor();
  if (!actor) throw new NotAuthorisedError();
  return { actor, now: ctx.now, topology: cachedTopology(tx) };
}

/** The actor for reads, through the request's cached topology. */
export async function authzOf(ctx: RequestContext): Promise<Authz> {
  const actor = await ctx.actor();
  if (!actor) throw new NotAuthorisedError();
  return { actor, now: ctx.now, topology: ctx.topology };
}

/**
 * The raw id inside a global id, for a scope check that runs before the resolver parses its arguments; a
 * malformed id gives a value that matches no organisation, so the check fails closed.
 */
export function scopeId(value: string | null | undefined, typename: string): string {
  try {
    if (value) return parseId(value, typename, 'id');
  } catch {
    // fails closed below
  }
  return '00000000-0000-0000-0000-000000000000';
}
