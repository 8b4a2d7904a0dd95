import {
  currentPersonalIdentifier,
  type PersonalIdentifier,
} from '../../modules/people/personal-identifier.service.js';
import { builder } from '../builder.js';
import { ViewerRef } from './viewer.js';

export const PersonalIdentifierRef = builder.objectRef<PersonalIdentifier>('PersonalIdentifier');
PersonalIdentifierRef.implement({
  description:
    'The code a person gives an administrator to be attached to an organisation (Vaud). It works once and expires; only its owner sees it.',
  // Only ever built for the signed-in person's own viewer or rotation.
  authScopes: { authenticated: true },
  fields: (t) => ({
    code: t.exposeString('code'),
    issuedAt: t.field({ type: 'DateTime', resolve: (identifier) => identifier.issuedAt }),
    expiresAt: t.field({ type: 'DateTime', resolve: (identifier) => identifier.expiresAt }),
  }),
});

builder.objectField(ViewerRef, 'personalIdentifier', (t) =>
  t.field({
    type: PersonalIdentifierRef,
    description: 'The signed-in person’s personal identifier, issued on demand when it has none live.',
    resolve: ({ session }, _args, ctx) =>
      ctx.em
        .fork()
        .transactional((tx) =>
          currentPersonalIdentifier(tx, session.personId, ctx.app.config.sessionSecret, ctx.now),
        ),
  }),
);
