import type { EntityManager } from '@mikro-orm/postgresql';
import { type Action, canOnRequest, type RequestTarget } from '@tessera/domain';
import type { RequestContext } from '../context.js';
import { GroupMembership } from '../modules/groups/group.entity.js';
import { MemberUnit } from '../modules/members/member.entity.js';
import type { IRequest } from '../modules/requests/request.entity.js';

type RequestKey = Pick<IRequest, 'organisation' | 'unit' | 'subjectMember'>;

function target(request: RequestKey, unitIds: string[], groupIds: string[]): RequestTarget | null {
  if (!request.organisation) return null;
  return {
    organisationId: request.organisation,
    unitId: request.unit ?? null,
    subjectUnitIds: unitIds,
    subjectGroupIds: groupIds,
  };
}

/**
 * What a request is aimed at, for the policy (the domain `requestScopes`), through the request's loaders.
 * Null for an account creation naming no known organisation: no administrator reaches it.
 */
export async function requestTargetOf(
  ctx: RequestContext,
  request: RequestKey,
): Promise<RequestTarget | null> {
  if (!request.subjectMember) return target(request, [], []);
  const [units, groups] = await Promise.all([
    ctx.loaders.unitsOfMember.load(request.subjectMember),
    ctx.loaders.groupsOfMember.load(request.subjectMember),
  ]);
  return target(
    request,
    units.map((row) => row.unit),
    groups.map((row) => row.group),
  );
}

/** The same target read inside a transaction, for the checks a mutation makes on the rows it locked. */
export async function loadRequestTarget(
  em: EntityManager,
  request: RequestKey,
): Promise<RequestTarget | null> {
  if (!request.subjectMember) return target(request, [], []);
  const [units, groups] = await Promise.all([
    em.find(MemberUnit, { member: request.subjectMember }),
    em.find(GroupMembership, { member: request.subjectMember }),
  ]);
  return target(
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
