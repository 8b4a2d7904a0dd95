import { REQUEST_TYPE_VALUES, type RequestState, reachOf, unitWithin } from '@tessera/domain';
import type { RequestContext } from '../../context.js';
import { InvalidInputError, NotAuthorisedError, NotFoundError } from '../../errors.js';
import { parseId, parseOptionalId } from '../../lib/ids.js';
import type { IRequest } from '../../modules/requests/request.entity.js';
import {
  countPendingByType,
  countUnreadDecisions,
  listRequests,
  listRequestsOf,
  type RequestFilter,
} from '../../modules/requests/request.repository.js';
import { requestableRoles } from '../../modules/requests/requestable.js';
import { scopeId } from '../authz.js';
import { builder } from '../builder.js';
import { RequestRef, ServiceRoleRef } from '../refs.js';
import { RequestStateEnum, RequestTypeEnum } from '../types/request.js';

/** The filter of an organisation's request lists: the caller's reach, and the unit subtree asked for. */
async function filterOf(
  ctx: RequestContext,
  args: { organisationId: string; unitId?: string | null },
): Promise<Omit<RequestFilter, 'states' | 'type'>> {
  const organisationId = parseId(args.organisationId, 'Organisation', 'organisationId');
  const actor = await ctx.actor();
  if (!actor) throw new NotAuthorisedError();
  const topology = await ctx.topology(organisationId);
  const reach = reachOf(actor, 'request:read', organisationId, topology, ctx.now);
  const unitId = parseOptionalId(args.unitId, 'Unit', 'unitId');
  if (unitId && !topology.unitParent.has(unitId))
    throw new InvalidInputError('unitId', 'No unit of this organisation has this id.');
  const unitIds = unitId
    ? [...topology.unitParent.keys()].filter((id) => unitWithin(id, unitId, topology))
    : null;
  return { organisationId, reach, unitIds };
}

/** Lets the type-level scope checks of each listed request find it without loading it again. */
async function primed<T extends { edges: { node: IRequest }[] }>(
  ctx: RequestContext,
  page: Promise<T>,
): Promise<T> {
  const result = await page;
  for (const { node } of result.edges) ctx.loaders.request.prime(node.id, node);
  return result;
}

const listScopes = (_root: unknown, args: { organisationId: string }) => ({
  canSomewhereIn: {
    action: 'request:read' as const,
    organisationId: scopeId(args.organisationId, 'Organisation'),
  },
});

builder.queryField('pendingRequests', (t) =>
  t.connection({
    type: RequestRef,
    description:
      'Requests waiting for a decision in the caller’s scope, oldest first (Orange ARD), filtered by type (Inscription = ACCOUNT_CREATION, Service = SERVICE_ACCESS) and unit subtree.',
    authScopes: listScopes,
    args: {
      organisationId: t.arg.id({ required: true }),
      type: t.arg({ type: RequestTypeEnum, required: false }),
      unitId: t.arg.id({ required: false }),
    },
    resolve: async (_root, args, ctx) =>
      primed(
        ctx,
        listRequests(
          ctx.em,
          { ...(await filterOf(ctx, args)), states: ['SUBMITTED'], type: args.type },
          'oldest',
          args,
        ),
      ),
  }),
);

builder.queryField('requests', (t) =>
  t.connection({
    type: RequestRef,
    description:
      'Every request of the organisation in the caller’s scope, closed ones included, newest first: visible to its responsible people until retention destroys it (rule 5).',
    authScopes: listScopes,
    args: {
      organisationId: t.arg.id({ required: true }),
      state: t.arg({ type: RequestStateEnum, required: false }),
      type: t.arg({ type: RequestTypeEnum, required: false }),
      unitId: t.arg.id({ required: false }),
    },
    resolve: async (_root, args, ctx) =>
      primed(
        ctx,
        listRequests(
          ctx.em,
          {
            ...(await filterOf(ctx, args)),
            states: args.state ? [args.state as RequestState] : undefined,
            type: args.type,
          },
          'newest',
          args,
        ),
      ),
  }),
);

const RequestTypeCountRef = builder.objectRef<{ type: (typeof REQUEST_TYPE_VALUES)[number]; count: number }>(
  'RequestTypeCount',
);
RequestTypeCountRef.implement({
  description: 'How many requests of one type wait for a decision.',
  authScopes: { authenticated: true },
  fields: (t) => ({
    type: t.field({ type: RequestTypeEnum, resolve: (row) => row.type }),
    count: t.exposeInt('count'),
  }),
});

const RequestCountsRef = builder.objectRef<{
  total: number;
  byType: { type: (typeof REQUEST_TYPE_VALUES)[number]; count: number }[];
}>('RequestCounts');
RequestCountsRef.implement({
  description:
    'Pending requests in the caller’s scope: the total and one count per type (every type listed).',
  authScopes: { authenticated: true },
  fields: (t) => ({
    total: t.exposeInt('total'),
    byType: t.field({ type: [RequestTypeCountRef], resolve: (counts) => counts.byType }),
  }),
});

builder.queryField('requestCounts', (t) =>
  t.field({
    type: RequestCountsRef,
    description: 'How many requests wait for a decision in the caller’s scope, per type.',
    authScopes: listScopes,
    args: { organisationId: t.arg.id({ required: true }), unitId: t.arg.id({ required: false }) },
    resolve: async (_root, args, ctx) => {
      const counts = await countPendingByType(ctx.em, await filterOf(ctx, args));
      const byType = REQUEST_TYPE_VALUES.map((type) => ({ type, count: counts.get(type) ?? 0 }));
      return { total: byType.reduce((sum, row) => sum + row.count, 0), byType };
    },
  }),
);

builder.queryField('request', (t) =>
  t.field({
    type: RequestRef,
    nullable: true,
    description: 'One request with its history, for its requester and the administrators in scope.',
    authScopes: { authenticated: true },
    args: { id: t.arg.id({ required: true }) },
    // An unknown id answers as one out of reach does (rule 2): NOT_FOUND, never a silent null.
    resolve: async (_root, args, ctx) => {
      const request = await ctx.loaders.request.load(parseId(args.id, 'Request', 'id'));
      if (!request) throw new NotFoundError('no request has this id');
      return request;
    },
  }),
);

builder.queryField('myRequests', (t) =>
  t.withAuth({ authenticated: true }).connection({
    type: RequestRef,
    description: 'The requests the signed-in person submitted, newest first, with the decisions to read.',
    resolve: (_root, args, ctx) => primed(ctx, listRequestsOf(ctx.em, ctx.auth.session.personId, args)),
  }),
);

builder.queryField('unreadDecisionCount', (t) =>
  t.withAuth({ authenticated: true }).int({
    description: 'Decisions on the signed-in person’s requests it has not read yet.',
    resolve: (_root, _args, ctx) => countUnreadDecisions(ctx.em, ctx.auth.session.personId),
  }),
);

const RequestableRoleRef = builder.objectRef<{
  serviceRoleId: string;
  held: boolean;
  heldDirectly: boolean;
  pending: boolean;
}>('RequestableServiceRole');
RequestableRoleRef.implement({
  description:
    'A protected service role of the organisation’s agreement, and where the acting member stands with it.',
  authScopes: { actingMember: true },
  fields: (t) => ({
    serviceRole: t.field({
      type: ServiceRoleRef,
      resolve: async (row, _args, ctx) => (await ctx.loaders.serviceRole.load(row.serviceRoleId))!,
    }),
    held: t.boolean({
      description: 'The member may use it already (effective access).',
      resolve: (row) => row.held,
    }),
    heldDirectly: t.boolean({
      description: 'Granted to the member itself: a role change may replace it.',
      resolve: (row) => row.heldDirectly,
    }),
    pending: t.boolean({
      description: 'A request for it waits for a decision.',
      resolve: (row) => row.pending,
    }),
  }),
});

builder.queryField('requestableServiceRoles', (t) =>
  t.field({
    type: [RequestableRoleRef],
    description:
      'The protected service roles the acting member may ask for: those of its organisation’s agreement in force (a handful), by service and role name.',
    authScopes: { actingMember: true },
    resolve: async (_root, _args, ctx) => {
      const actor = await ctx.actor();
      if (actor?.kind !== 'member') throw new NotAuthorisedError();
      return requestableRoles(ctx.em, actor.memberId, actor.organisationId, ctx.now);
    },
  }),
);
