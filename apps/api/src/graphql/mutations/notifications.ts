import { parseId } from '../../lib/ids.js';
import {
  countUnreadNotifications,
  markNotificationsRead,
} from '../../modules/notifications/notification.service.js';
import { builder } from '../builder.js';
import { MUTATION_ERRORS } from '../errors/index.js';
import { inTransaction } from '../mutation.js';

const MarkNotificationsReadInput = builder.inputType('MarkNotificationsReadInput', {
  fields: (t) => ({
    ids: t.idList({
      required: false,
      description: 'The notifications to mark read; all of them when omitted.',
    }),
  }),
});

const NotificationsReadRef = builder.objectRef<{ marked: number; unreadCount: number }>('NotificationsRead');
NotificationsReadRef.implement({
  description: 'How many notifications were marked read, and how many stay unread.',
  authScopes: { authenticated: true },
  fields: (t) => ({ marked: t.exposeInt('marked'), unreadCount: t.exposeInt('unreadCount') }),
});

builder.mutationField('markNotificationsRead', (t) =>
  t.withAuth({ authenticated: true }).field({
    type: NotificationsReadRef,
    description:
      'Marks some or all of the signed-in person’s notifications read (another person’s ids are ignored).',
    errors: { types: MUTATION_ERRORS },
    args: { input: t.arg({ type: MarkNotificationsReadInput, required: true }) },
    resolve: (_root, { input }, ctx) => {
      const ids = input.ids ? input.ids.map((id) => parseId(id, 'Notification', 'ids')) : null;
      const personId = ctx.auth.session.personId;
      return inTransaction(ctx, async (tx) => ({
        marked: await markNotificationsRead(tx, personId, ids, ctx.now),
        unreadCount: await countUnreadNotifications(tx, personId),
      }));
    },
  }),
);
