import {
  REQUEST_STATE_VALUES,
  REQUEST_TYPE_VALUES,
  type RegistryKind,
  type RequestState,
} from '@tessera/domain';
import type { RequestContext } from '../../context.js';
import { globalId } from '../../lib/ids.js';
import type { IRequest } from '../../modules/requests/request.entity.js';
import { builder } from '../builder.js';
import { RequestRef, RequestStepRef, ServiceRoleRef } from '../refs.js';
import { mayActOnRequest } from '../request-access.js';
import { RegistryKindEnum } from './organisation.js';

export const RequestTypeEnum = builder.enumType('RequestType', { values: REQUEST_TYPE_VALUES });
export const RequestStateEnum = builder.enumType('RequestState', { values: REQUEST_STATE_VALUES });
export const RequestOutcomeEnum = builder.enumType('RequestOutcome', {
  description: 'What the deciding administrator answered.',
  values: ['APPROVED', 'REFUSED'] as const,
});

/** The requester's view of its request, as opposed to an administrator's. */
function viewerIsRequester(request: IRequest, ctx: RequestContext): boolean {
  return ctx.auth.session?.personId === request.requester;
}

/**
 * An account creation answers nothing about the organisation until decided (see submitAccountCreationRequest):
 * its requester sees only the registry number it typed.
 */
function hiddenFromRequester(request: IRequest, ctx: RequestContext): boolean {
  return request.type === 'ACCOUNT_CREATION' && !request.decision && viewerIsRequester(request, ctx);
}

/** The decision of a request: its own column, or for an attachment recorded as approved and closed at once. */
function outcomeOf(request: IRequest): 'APPROVED' | 'REFUSED' | null {
  if (request.decision) return request.decision;
  if (request.type === 'ATTACHMENT' && request.decidedAt && request.state === 'CLOSED') return 'APPROVED';
  return null;
}

const personName = async (ctx: RequestContext, personId: string | null | undefined) => {
  if (!personId) return null;
  const person = await ctx.loaders.person.load(personId);
  return person ? `${person.firstName} ${person.lastName}` : null;
};

const payloadString = (request: IRequest, key: string): string | null => {
  const value = request.payload?.[key];
  return typeof value === 'string' ? value : null;
};

builder.node(RequestRef, {
  description:
    'A demand (attachment, account creation, service access, role change) with its state, decision and every step; seen by its requester and by the administrators whose scope covers it, until retention destroys it (rule 5).',
  authScopes: (request) => ({
    self: request.requester,
    canOnRequest: { action: 'request:read', requestId: request.id },
  }),
  id: { resolve: (request) => request.id },
  loadMany: (ids, ctx) => Promise.all(ids.map((id) => ctx.loaders.request.load(id))),
  fields: (t) => ({
    type: t.field({ type: RequestTypeEnum, resolve: (request) => request.type }),
    state: t.field({ type: RequestStateEnum, resolve: (request) => request.state }),
    decision: t.field({ type: RequestOutcomeEnum, nullable: true, resolve: outcomeOf }),
    createdAt: t.field({ type: 'DateTime', resolve: (request) => request.createdAt }),
    decidedAt: t.field({ type: 'DateTime', nullable: true, resolve: (request) => request.decidedAt ?? null }),
    closedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description:
        'When the request was finished (closed, refused or cancelled); retention counts from here.',
      resolve: (request) => request.closedAt ?? null,
    }),
    comment: t.string({
      nullable: true,
      description: 'What the requester wrote.',
      resolve: (request) => payloadString(request, 'comment'),
    }),
    decisionComment: t.string({ nullable: true, resolve: (request) => request.decisionComment ?? null }),
    requesterName: t.string({
      resolve: async (request, _args, ctx) => (await personName(ctx, request.requester)) ?? '',
    }),
    requesterEmail: t.string({
      resolve: async (request, _args, ctx) => (await ctx.loaders.person.load(request.requester))?.email ?? '',
    }),
    subjectName: t.string({
      nullable: true,
      description: 'Whom the request is about, when not the requester (an attachment).',
      resolve: (request, _args, ctx) =>
        request.subjectPerson && request.subjectPerson !== request.requester
          ? personName(ctx, request.subjectPerson)
          : null,
    }),
    subjectMemberId: t.id({
      nullable: true,
      description: 'The member the request is about, once it is one.',
      resolve: (request) => (request.subjectMember ? globalId('Member', request.subjectMember) : null),
    }),
    decidedByName: t.string({
      nullable: true,
      resolve: (request, _args, ctx) => personName(ctx, request.decidedBy),
    }),
    organisationName: t.string({
      nullable: true,
      description:
        'Null for the requester of an account creation not decided yet: it learns nothing of the organisation.',
      resolve: async (request, _args, ctx) => {
        if (!request.organisation || hiddenFromRequester(request, ctx)) return null;
        return (await ctx.loaders.organisation.load(request.organisation))?.name ?? null;
      },
    }),
    registryKind: t.field({
      type: RegistryKindEnum,
      nullable: true,
      description: 'Account creation: the kind of registry number the requester typed.',
      resolve: (request) => payloadString(request, 'registryKind') as RegistryKind | null,
    }),
    registryNumber: t.string({
      nullable: true,
      description: 'Account creation: the registry number the requester typed, normalised.',
      resolve: (request) => payloadString(request, 'registryNumber'),
    }),
    unitName: t.string({
      nullable: true,
      description: 'The unit the request names, else the units of the member it is about.',
      resolve: async (request, _args, ctx) => {
        if (hiddenFromRequester(request, ctx)) return null;
        if (request.unit) return (await ctx.loaders.unit.load(request.unit))?.name ?? null;
        if (!request.subjectMember) return null;
        const rows = await ctx.loaders.unitsOfMember.load(request.subjectMember);
        const units = await Promise.all(rows.map((row) => ctx.loaders.unit.load(row.unit)));
        const names = units.flatMap((unit) => (unit ? [unit.name] : [])).sort((a, b) => a.localeCompare(b));
        return names.length > 0 ? names.join(', ') : null;
      },
    }),
    serviceRole: t.field({
      type: ServiceRoleRef,
      nullable: true,
      description: 'Service access and role change: the role asked for.',
      resolve: (request, _args, ctx) =>
        request.serviceRole ? ctx.loaders.serviceRole.load(request.serviceRole) : null,
    }),
    replacesServiceRole: t.field({
      type: ServiceRoleRef,
      nullable: true,
      description: 'Role change: the role held directly that the new one replaces.',
      resolve: (request, _args, ctx) => {
        const id = payloadString(request, 'replacesServiceRoleId');
        return id ? ctx.loaders.serviceRole.load(id) : null;
      },
    }),
    steps: t.field({
      type: [RequestStepRef],
      description: 'The whole history, oldest first (at most four steps: the state machine bounds it).',
      resolve: (request, _args, ctx) => ctx.loaders.stepsOfRequest.load(request.id),
    }),
    unreadDecision: t.boolean({
      description: 'A decision its requester has not read yet (Vaud: "Décisions reçues / à lire").',
      resolve: (request) => outcomeOf(request) !== null && !request.readByRequesterAt,
    }),
    readByRequesterAt: t.field({
      type: 'DateTime',
      nullable: true,
      resolve: (request) => request.readByRequesterAt ?? null,
    }),
    viewerIsRequester: t.boolean({ resolve: (request, _args, ctx) => viewerIsRequester(request, ctx) }),
    viewerCanDecide: t.boolean({
      description: 'The caller may approve or refuse it now: in scope, not its own, still waiting.',
      resolve: async (request, _args, ctx) =>
        request.state === 'SUBMITTED' &&
        !viewerIsRequester(request, ctx) &&
        (await mayActOnRequest(ctx, 'request:decide', request)),
    }),
    viewerCanCancel: t.boolean({
      resolve: (request, _args, ctx) => request.state === 'SUBMITTED' && viewerIsRequester(request, ctx),
    }),
  }),
});

RequestStepRef.implement({
  description:
    'One step of a request’s history: who moved it from which state to which, when, with what comment.',
  authScopes: async (step, ctx) => {
    const request = await ctx.loaders.request.load(step.request);
    return request
      ? { self: request.requester, canOnRequest: { action: 'request:read', requestId: request.id } }
      : false;
  },
  fields: (t) => ({
    at: t.field({ type: 'DateTime', resolve: (step) => step.at }),
    fromState: t.field({
      type: RequestStateEnum,
      nullable: true,
      resolve: (step) => (step.fromState ?? null) as RequestState | null,
    }),
    toState: t.field({ type: RequestStateEnum, resolve: (step) => step.toState }),
    comment: t.string({ nullable: true, resolve: (step) => step.comment ?? null }),
    actorName: t.string({ nullable: true, resolve: (step, _args, ctx) => personName(ctx, step.actor) }),
  }),
});
