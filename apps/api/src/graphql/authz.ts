import type { EntityManager } from '@mikro-orm/postgresql';
import type { RequestContext } from '../context.js';
import { NotAuthorisedError } from '../errors.js';
import { parseId } from '../lib/ids.js';
import { RequestAuthz } from '../modules/authz/authz.js';
import { topologyReader } from '../modules/authz/topology.js';

/** The actor and a topology read inside the mutation's transaction, so checks see what the change will see. */
export async function authzIn(ctx: RequestContext, tx: EntityManager): Promise<RequestAuthz> {
  const actor = await ctx.actor();
  if (!actor) throw new NotAuthorisedError();
  return new RequestAuthz(actor, ctx.now, topologyReader(tx));
}

/** The actor for reads, through the request's cached topology. */
export async function authzOf(ctx: RequestContext): Promise<RequestAuthz> {
  const authz = await ctx.authz();
  if (!authz) throw new NotAuthorisedError();
  return authz;
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
