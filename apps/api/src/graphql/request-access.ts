import { type Action, canOnRequest, type RequestTarget } from '@tessera/domain';
import type { RequestContext } from '../context.js';
import type { IRequest } from '../modules/requests/request.entity.js';
import { type RequestKey, requestTarget } from '../modules/requests/request-target.js';

/**
 * What a request is aimed at, for the policy (the domain `requestScopes`), through the request's loaders.
 * Null for an account creation naming no known organisation: no administrator reaches it.
 */
export async function requestTargetOf(
  ctx: RequestContext,
  request: RequestKey,
): Promise<RequestTarget | null> {
  if (!request.subjectMember) return requestTarget(request, [], []);
  const [units, groups] = await Promise.all([
    ctx.loaders.unitsOfMember.load(request.subjectMember),
    ctx.loaders.groupsOfMember.load(request.subjectMember),
  ]);
  return requestTarget(
    request,
    units.map((row) => row.unit),
    groups.map((row) => row.group),
  );
}

/** Tells whether the caller of this context may perform an action on a request (the domain `canOnRequest`). */
export async function mayActOnRequest(
  ctx: RequestContext,
  action: Action,
  request: RequestKey,
): Promise<boolean> {
  const actor = await ctx.actor();
  if (!actor) return false;
  const requestTarget = await requestTargetOf(ctx, request);
  if (!requestTarget) return false;
  return canOnRequest(
    actor,
    action,
    requestTarget,
    await ctx.topology(requestTarget.organisationId),
    ctx.now,
  );
}

/** Tells whether the caller may read a request: its requester always, else an administrator in scope (rule 5). */
export async function mayReadRequest(ctx: RequestContext, request: IRequest): Promise<boolean> {
  if (ctx.auth.session?.personId === request.requester) return true;
  return mayActOnRequest(ctx, 'request:read', request);
}
