import { REQUEST_DECISION_VALUES } from '@tessera/domain';
import type { RequestContext } from '../../context.js';
import { RateLimitedError } from '../../errors.js';
import { parseId, parseOptionalId } from '../../lib/ids.js';
import type { LiveEvent } from '../../lib/live-event.js';
import {
  cancelRequest,
  decideRequest,
  markRequestRead,
  type RequestChange,
  submitAccountCreationRequest,
} from '../../modules/requests/request.service.js';
import { submitServiceRequest } from '../../modules/requests/service-request.js';
import { scopeId } from '../authz.js';
import { builder } from '../builder.js';
import { MUTATION_ERRORS } from '../errors/index.js';
import { type AfterCommit, inTransaction } from '../mutation.js';
import { RequestRef } from '../refs.js';
import { RegistryKindEnum } from '../types/organisation.js';

export const RequestDecisionEnum = builder.enumType('RequestDecision', { values: REQUEST_DECISION_VALUES });

/** Live events go out once the transaction has committed, never for a change that rolled back. */
function publishAfterCommit(ctx: RequestContext, afterCommit: AfterCommit, change: RequestChange) {
  afterCommit.push(() => {
    for (const event of change.events) ctx.app.live.publish('live', event satisfies LiveEvent);
  });
  return change.request;
}

const mail = (ctx: RequestContext) => ({ appUrl: ctx.appUrl() });

const SubmitServiceAccessRequestInput = builder.inputType('SubmitServiceAccessRequestInput', {
  fields: (t) => ({
    serviceRoleId: t.id({ description: 'A protected service role of the organisation’s agreement.' }),
    comment: t.string({ required: false, description: 'Why the member needs it (at most 2000 characters).' }),
  }),
});

builder.mutationField('submitServiceAccessRequest', (t) =>
  t.field({
    type: RequestRef,
    description:
      'A member acting for its organisation asks for a protected service role (Orange "Filtre Service"); the administrators in scope are notified.',
    errors: { types: MUTATION_ERRORS },
    authScopes: { actingMember: true },
    args: { input: t.arg({ type: SubmitServiceAccessRequestInput, required: true }) },
    resolve: (_root, { input }, ctx) => {
      const serviceRoleId = parseId(input.serviceRoleId, 'ServiceRole', 'serviceRoleId');
      return inTransaction(ctx, async (tx, afterCommit) =>
        publishAfterCommit(
          ctx,
          afterCommit,
          await submitServiceRequest(
            tx,
            await ctx.actor(),
            { serviceRoleId, comment: input.comment },
            ctx.now,
            mail(ctx),
          ),
        ),
      );
    },
  }),
);

const SubmitRoleChangeRequestInput = builder.inputType('SubmitRoleChangeRequestInput', {
  fields: (t) => ({
    serviceRoleId: t.id({ description: 'The role wanted.' }),
    replacesServiceRoleId: t.id({ description: 'A role of the same service the member holds directly.' }),
    comment: t.string({ required: false }),
  }),
});

builder.mutationField('submitRoleChangeRequest', (t) =>
  t.field({
    type: RequestRef,
    description:
      'A member asks to swap a service role it holds directly for another role of the same service.',
    errors: { types: MUTATION_ERRORS },
    authScopes: { actingMember: true },
    args: { input: t.arg({ type: SubmitRoleChangeRequestInput, required: true }) },
    resolve: (_root, { input }, ctx) => {
      const serviceRoleId = parseId(input.serviceRoleId, 'ServiceRole', 'serviceRoleId');
      const replacesServiceRoleId = parseId(
        input.replacesServiceRoleId,
        'ServiceRole',
        'replacesServiceRoleId',
      );
      return inTransaction(ctx, async (tx, afterCommit) =>
        publishAfterCommit(
          ctx,
          afterCommit,
          await submitServiceRequest(
            tx,
            await ctx.actor(),
            { serviceRoleId, replacesServiceRoleId, comment: input.comment },
            ctx.now,
            mail(ctx),
          ),
        ),
      );
    },
  }),
);

const SubmitAccountCreationRequestInput = builder.inputType('SubmitAccountCreationRequestInput', {
  fields: (t) => ({
    registryKind: t.field({ type: RegistryKindEnum }),
    registryNumber: t.string({ description: 'Separators allowed.' }),
    unitId: t.id({ required: false, description: 'A unit of the organisation, when the person knows it.' }),
    comment: t.string({ required: false }),
  }),
});

builder.mutationField('submitAccountCreationRequest', (t) =>
  t.withAuth({ authenticated: true }).field({
    type: RequestRef,
    description:
      'A signed-in person asks to join an organisation by its registry number (Orange "inscription"). The answer is the same whether or not an organisation holds the number: the request names no organisation to its requester until decided.',
    errors: { types: [...MUTATION_ERRORS, RateLimitedError] },
    args: { input: t.arg({ type: SubmitAccountCreationRequestInput, required: true }) },
    resolve: (_root, { input }, ctx) => {
      const unitId = parseOptionalId(input.unitId, 'Unit', 'unitId');
      const personId = ctx.auth.session.personId;
      return inTransaction(ctx, async (tx, afterCommit) =>
        publishAfterCommit(
          ctx,
          afterCommit,
          await submitAccountCreationRequest(
            tx,
            personId,
            {
              registryKind: input.registryKind,
              registryNumber: input.registryNumber,
              unitId,
              comment: input.comment,
            },
            ctx.now,
            mail(ctx),
          ),
        ),
      );
    },
  }),
);

const DecideRequestInput = builder.inputType('DecideRequestInput', {
  fields: (t) => ({
    requestId: t.id(),
    decision: t.field({ type: RequestDecisionEnum }),
    comment: t.string({ required: false, description: 'Read by the requester; required to refuse.' }),
  }),
});

builder.mutationField('decideRequest', (t) =>
  t.field({
    type: RequestRef,
    description:
      'An administrator whose scope covers the request approves or refuses it; approval applies the change (member admitted, role granted) in the same transaction and closes the request.',
    errors: { types: MUTATION_ERRORS },
    authScopes: (_root, { input }) => ({
      canOnRequest: { action: 'request:decide', requestId: scopeId(input.requestId, 'Request') },
    }),
    args: { input: t.arg({ type: DecideRequestInput, required: true }) },
    resolve: (_root, { input }, ctx) => {
      const requestId = parseId(input.requestId, 'Request', 'requestId');
      return inTransaction(ctx, async (tx, afterCommit) =>
        publishAfterCommit(
          ctx,
          afterCommit,
          await decideRequest(
            tx,
            await ctx.actor(),
            { requestId, decision: input.decision, comment: input.comment },
            ctx.now,
            mail(ctx),
          ),
        ),
      );
    },
  }),
);

const CancelRequestInput = builder.inputType('CancelRequestInput', {
  fields: (t) => ({ requestId: t.id(), comment: t.string({ required: false }) }),
});

builder.mutationField('cancelRequest', (t) =>
  t.withAuth({ authenticated: true }).field({
    type: RequestRef,
    description: 'The requester withdraws a request still waiting for its decision.',
    errors: { types: MUTATION_ERRORS },
    args: { input: t.arg({ type: CancelRequestInput, required: true }) },
    resolve: (_root, { input }, ctx) => {
      const requestId = parseId(input.requestId, 'Request', 'requestId');
      const personId = ctx.auth.session.personId;
      return inTransaction(ctx, async (tx, afterCommit) =>
        publishAfterCommit(
          ctx,
          afterCommit,
          await cancelRequest(
            tx,
            personId,
            await ctx.actor(),
            { requestId, comment: input.comment },
            ctx.now,
          ),
        ),
      );
    },
  }),
);

const MarkRequestReadInput = builder.inputType('MarkRequestReadInput', {
  fields: (t) => ({ requestId: t.id() }),
});

builder.mutationField('markRequestRead', (t) =>
  t.withAuth({ authenticated: true }).field({
    type: RequestRef,
    description: 'The requester has read the decision on its request (and the notifications about it).',
    errors: { types: MUTATION_ERRORS },
    args: { input: t.arg({ type: MarkRequestReadInput, required: true }) },
    resolve: (_root, { input }, ctx) => {
      const requestId = parseId(input.requestId, 'Request', 'requestId');
      const personId = ctx.auth.session.personId;
      return inTransaction(ctx, (tx) => markRequestRead(tx, personId, requestId, ctx.now));
    },
  }),
);
