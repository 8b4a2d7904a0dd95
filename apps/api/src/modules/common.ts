import { randomUUID } from 'node:crypto';
import { p } from '@mikro-orm/core';

/** Properties every row has: an application-generated UUID and its creation time. */
export const baseProperties = {
  id: p
    .uuid()
    .primary()
    .onCreate(() => randomUUID()),
  createdAt: p.datetime().onCreate(() => new Date()),
};
