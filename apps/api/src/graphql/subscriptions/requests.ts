import type { RequestContext } from '../../context.js';
import { parseId } from '../../lib/ids.js';
import type { LiveEvent } from '../../lib/live-event.js';
import { liveFeed, renewForEvent } from '../../live/per-event.js';
import { Notification } from '../../modules/notifications/notification.entity.js';
import type { IRequest } from '../../modules/requests/request.entity.js';
import { scopeId } from '../authz.js';
import { builder } from '../builder.js';
import { NotificationRef, RequestRef } from '../refs.js';
import { mayActOnRequest } from '../request-access.js';

const KINDS = {
  REQUEST_SUBMITTED: 'SUBMITTED',
  REQUEST_DECIDED: 'DECIDED',
  REQUEST_CANCELLED: 'CANCELLED',
} as const;
type RequestEventKind = (typeof KINDS)[keyof typeof KINDS];

export const RequestEventKindEnum = builder.enumType('RequestEventKind', {
  values: ['SUBMITTED', 'DECIDED', 'CANCELLED'] as const,
});

interface RequestEventShape {
  kind: RequestEventKind;
  request: IRequest;
}

const RequestEventRef = builder.objectRef<RequestEventShape>('RequestEvent');
RequestEventRef.implement({
  description:
    'Something happened to a request: submitted, decided or cancelled. The request is read afresh.',
  authScopes: { authenticated: true },
  fields: (t) => ({
    kind: t.field({ type: RequestEventKindEnum, resolve: (event) => event.kind }),
    request: t.field({ type: RequestRef, resolve: (event) => event.request }),
  }),
});

function isRequestEvent(
  event: LiveEvent,
): event is LiveEvent & { kind: keyof typeof KINDS; requestId: string } {
  return event.kind in KINDS && typeof event.requestId === 'string';
}

/** Loads the event's request with the event's fresh context, or null when gone. */
async function freshRequest(ctx: RequestContext, event: LiveEvent & { requestId: string }) {
  await renewForEvent(ctx, event);
  return ctx.loaders.request.load(event.requestId);
}

builder.subscriptionField('requestEvents', (t) =>
  t.field({
    type: RequestEventRef,
    description:
      'New requests, decisions and cancellations in one organisation, pushed to an administrator only for the requests it may read, re-checked for every event (a unit admin hears only of its units).',
    authScopes: (_root, args) => ({
      canSomewhereIn: {
        action: 'request:read',
        organisationId: scopeId(args.organisationId, 'Organisation'),
      },
    }),
    args: { organisationId: t.arg.id({ required: true }) },
    subscribe: (_root, args, ctx) => {
      const organisationId = parseId(args.organisationId, 'Organisation', 'organisationId');
      return liveFeed<RequestEventShape>(ctx, async (event) => {
        if (!isRequestEvent(event) || event.organisationId !== organisationId) return null;
        const request = await freshRequest(ctx, event);
        if (!request || request.organisation !== organisationId) return null;
        if (!(await mayActOnRequest(ctx, 'request:read', request))) return null;
        return { kind: KINDS[event.kind], request };
      });
    },
    resolve: (event) => event,
  }),
);

builder.subscriptionField('myRequestEvents', (t) =>
  t.field({
    type: RequestEventRef,
    description:
      'What happens to the signed-in person’s own requests (decisions above all), wherever it acts.',
    authScopes: { authenticated: true },
    subscribe: (_root, _args, ctx) =>
      liveFeed<RequestEventShape>(ctx, async (event) => {
        const personId = ctx.auth.session?.personId;
        if (!isRequestEvent(event) || !personId || !event.personIds?.includes(personId)) return null;
        const request = await freshRequest(ctx, event);
        if (!request || request.requester !== ctx.auth.session?.personId) return null;
        return { kind: KINDS[event.kind], request };
      }),
    resolve: (event) => event,
  }),
);

builder.subscriptionField('notificationAdded', (t) =>
  t.withAuth({ authenticated: true }).field({
    type: NotificationRef,
    description: 'Each new in-app notification of the signed-in person, as it is created (the header bell).',
    subscribe: (_root, _args, ctx) =>
      liveFeed(ctx, async (event) => {
        const personId = ctx.auth.session?.personId;
        if (event.kind !== 'NOTIFICATION' || !personId || !event.personIds?.includes(personId)) return null;
        await renewForEvent(ctx, event);
        const mine = await ctx.em.findOne(Notification, {
          id: { $in: event.notificationIds ?? [] },
          person: ctx.auth.session.personId,
        });
        return mine ?? null;
      }),
    resolve: (notification) => notification,
  }),
);
