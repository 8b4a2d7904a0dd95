import {
  countUnreadNotifications,
  listNotifications,
} from '../../modules/notifications/notification.service.js';
import { builder } from '../builder.js';
import { NotificationRef } from '../refs.js';

builder.queryField('notifications', (t) =>
  t.withAuth({ authenticated: true }).connection({
    type: NotificationRef,
    description: 'The signed-in person’s notifications, newest first.',
    resolve: (_root, args, ctx) => listNotifications(ctx.em, ctx.auth.session.personId, args),
  }),
);

builder.queryField('unreadNotificationCount', (t) =>
  t.withAuth({ authenticated: true }).int({
    description: 'How many of the signed-in person’s notifications are unread (the bell in the header).',
    resolve: (_root, _args, ctx) => countUnreadNotifications(ctx.em, ctx.auth.session.personId),
  }),
);
