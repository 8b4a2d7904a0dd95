import { builder } from '../builder.js';
import { PersonRef } from '../refs.js';

builder.node(PersonRef, {
  description: 'An individual with a personal account.',
  authScopes: (person) => ({
    self: person.id,
    canOnPerson: { action: 'member:read', personId: person.id },
  }),
  id: { resolve: (person) => person.id },
  loadMany: (ids, ctx) => Promise.all(ids.map((id) => ctx.loaders.person.load(id))),
  fields: (t) => ({
    firstName: t.exposeString('firstName'),
    lastName: t.exposeString('lastName'),
    email: t.exposeString('email'),
    backupEmail: t.string({
      nullable: true,
      authScopes: (person) => ({
        self: person.id,
        canOnPerson: { action: 'member:help', personId: person.id },
      }),
      resolve: (person) => person.backupEmail ?? null,
    }),
    pendingBackupEmail: t.string({
      nullable: true,
      description:
        'A backup address asked for and not yet confirmed from the link sent to it; not used until then.',
      authScopes: (person) => ({
        self: person.id,
        canOnPerson: { action: 'member:help', personId: person.id },
      }),
      resolve: (person) => person.pendingBackupEmail ?? null,
    }),
    emailVerified: t.boolean({
      description:
        'Whether the person followed a link sent to its own address alone; invitations are accepted only then.',
      authScopes: (person) => ({ self: person.id }),
      resolve: (person) => Boolean(person.emailVerifiedAt),
    }),
    nationalNumber: t.string({
      nullable: true,
      authScopes: (person) => ({
        self: person.id,
        canOnPerson: { action: 'member:read', personId: person.id },
      }),
      resolve: (person) => person.nationalNumber ?? null,
    }),
    lastSignInAt: t.field({
      type: 'DateTime',
      nullable: true,
      description:
        'The person’s last sign-in, for any organisation: the person itself and the operator only. An organisation ' +
        'reads its own `Member.lastSignInAt`.',
      authScopes: (person) => ({ self: person.id, operator: true }),
      resolve: (person) => person.lastSignInAt ?? null,
    }),
  }),
});
