import { randomUUID } from 'node:crypto';
import { p } from '@mikro-orm/core';
import { StaleVersionError } from '../errors.js';

/** Properties every row has: an application-generated UUID and its creation time. */
export const baseProperties = {
  id: p
    .uuid()
    .primary()
    .onCreate(() => randomUUID()),
  createdAt: p.datetime().onCreate(() => new Date()),
};

/**
 * An editable object's version: 1 when created, one more at each change, sent back by the client with its
 * next change so that a write based on a stale read is refused (see ARCHITECTURE.md, concurrent writers).
 */
export const versionProperty = {
  version: p
    .integer()
    .default(1)
    .onCreate(() => 1),
};

/**
 * Refuses a change made from a stale read (`expected` is the version the client loaded; absent for older
 * clients, which then write last-wins under the organisation lock). Call it on the row read after the lock.
 */
export function assertVersion(
  entity: { version: number },
  expected: number | null | undefined,
  what: string,
) {
  if (expected != null && expected !== entity.version) throw new StaleVersionError(what, entity.version);
}

/** Records one more change of an editable object, after `assertVersion`. */
export function bumpVersion(entity: { version: number }): void {
  entity.version += 1;
}
