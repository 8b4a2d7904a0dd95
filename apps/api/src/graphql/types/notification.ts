import { Notification } from '../../modules/notifications/notification.entity.js';
import { builder } from '../builder.js';
import { NotificationRef, RequestRef } from '../refs.js';
import { mayReadRequest } from '../request-access.js';

export const NotificationKindEnum = builder.enumType('NotificationKind', {
  values: [
    'REQUEST_SUBMITTED',
    'REQUEST_DECIDED',
    'ATTACHED',
    'REVIEW_REMINDER',
    'DELEGATION_GRANTED',
    'DELEGATION_STARTED',
    'DELEGATION_ENDED',
    'DELEGATION_REVOKED',
  ] as const,
});

builder.node(NotificationRef, {
  description:
    'An in-app notice to one person: a request to decide, a decision on its request, an attachment.',
  authScopes: (notification) => ({ self: notification.person }),
  id: { resolve: (notification) => notification.id },
  loadMany: (ids, ctx) => ctx.em.find(Notification, { id: { $in: [...ids] } }),
  fields: (t) => ({
    kind: t.field({ type: NotificationKindEnum, resolve: (notification) => notification.kind }),
    createdAt: t.field({ type: 'DateTime', resolve: (notification) => notification.createdAt }),
    readAt: t.field({
      type: 'DateTime',
      nullable: true,
      resolve: (notification) => notification.readAt ?? null,
    }),
    read: t.boolean({ resolve: (notification) => Boolean(notification.readAt) }),
    organisationName: t.string({
      nullable: true,
      resolve: async (notification, _args, ctx) =>
        notification.organisation
          ? ((await ctx.loaders.organisation.load(notification.organisation))?.name ?? null)
          : null,
    }),
    request: t.field({
      type: RequestRef,
      nullable: true,
      description:
        'The request it is about, while the person may still read it (it may have left the scope).',
      resolve: async (notification, _args, ctx) => {
        const request = notification.request ? await ctx.loaders.request.load(notification.request) : null;
        return request && (await mayReadRequest(ctx, request)) ? request : null;
      },
    }),
  }),
});
