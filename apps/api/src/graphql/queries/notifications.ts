import {
  countUnreadNotifications,
  listNotifications,
} from '../../modules/notifications/notification.service.js';
import { builder } from '../builder.js';
import { NotificationRef } from '../refs.js';

builder.queryField('notifications', (t) =>
  t.connection({
    type: NotificationRef,
    description: 'The signed-in person’s notifications, newest first.',
    authScopes: { authenticated: true },
    resolve: (_root, args, ctx) => listNotifications(ctx.em, ctx.auth.session!.personId, args),
  }),
);

builder.queryField('unreadNotificationCount', (t) =>
  t.int({
    description: 'How many of the signed-in person’s notifications are unread (the bell in the header).',
    authScopes: { authenticated: true },
    resolve: (_root, _args, ctx) => countUnreadNotifications(ctx.em, ctx.auth.session!.personId),
  }),
);
