import { listServices } from '../../modules/catalogue/catalogue.service.js';
import { builder } from '../builder.js';
import { ServiceRef } from '../refs.js';

builder.queryField('services', (t) =>
  t.connection({
    type: ServiceRef,
    description: 'The service catalogue, by name.',
    authScopes: { operator: true, actingMember: true },
    args: { search: t.arg.string({ required: false, description: 'Any part of the name or code.' }) },
    resolve: (_root, args, ctx) => listServices(ctx.em, args.search, args),
  }),
);
