import type { EntityManager } from '@mikro-orm/postgresql';
import { InvalidInputError } from '../../errors.js';
import { type ConnectionArgs, type KeyValue, keysetPage } from '../../lib/keyset.js';
import { type INotification, Notification } from './notification.entity.js';

export type NotificationKind = INotification['kind'];

/** In-app notifications for some people, written in the caller's transaction (rule 4); returns their ids. */
export function createNotifications(
  em: EntityManager,
  input: {
    personIds: readonly string[];
    organisationId: string | null;
    kind: NotificationKind;
    requestId: string | null;
  },
): string[] {
  return [...new Set(input.personIds)].map(
    (person) =>
      em.create(Notification, {
        person,
        organisation: input.organisationId,
        kind: input.kind,
        request: input.requestId,
      }).id,
  );
}

/** A person's notifications, newest first. */
export function listNotifications(em: EntityManager, personId: string, args: ConnectionArgs) {
  return keysetPage<INotification>(
    args,
    (notification) => [notification.createdAt.toISOString(), notification.id],
    2,
    (after, limit) => {
      const qb = em.createQueryBuilder(Notification, 'n').select('*').where({ person: personId });
      if (after) qb.andWhere('(n.created_at, n.id) < (?, ?)', timeIdKey(after));
      return qb.orderBy({ createdAt: 'desc', id: 'desc' }).limit(limit).getResultList();
    },
  );
}

export function countUnreadNotifications(em: EntityManager, personId: string): Promise<number> {
  return em.count(Notification, { person: personId, readAt: null });
}

/** Marks some (or, with null, all) of a person's notifications read; another person's ids are ignored. */
export async function markNotificationsRead(
  em: EntityManager,
  personId: string,
  ids: readonly string[] | null,
  now: Date,
): Promise<number> {
  return em.nativeUpdate(
    Notification,
    { person: personId, readAt: null, ...(ids ? { id: { $in: [...ids] } } : {}) },
    { readAt: now },
  );
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Reads a (created at, id) keyset cursor, or answers the typed error naming `after`. */
export function timeIdKey(after: KeyValue[]): [Date, string] {
  const [at, id] = after;
  if (typeof at !== 'string' || typeof id !== 'string' || !UUID.test(id) || Number.isNaN(Date.parse(at)))
    throw new InvalidInputError('after', 'This cursor is not valid for this list.');
  return [new Date(at), id];
}
