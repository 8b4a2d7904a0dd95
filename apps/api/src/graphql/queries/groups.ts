import { reachOf } from '@tessera/domain';
import { parseId } from '../../lib/ids.js';
import { listGroups } from '../../modules/groups/group.queries.js';
import { authzOf, scopeId } from '../authz.js';
import { builder } from '../builder.js';
import { GroupRef } from '../refs.js';

builder.queryField('groups', (t) =>
  t.connection({
    type: GroupRef,
    description:
      'The groups of an organisation the caller may read, by name; each knows its parent, children and member count to draw the tree.',
    authScopes: (_root, args) => ({
      canSomewhereIn: { action: 'group:read', organisationId: scopeId(args.organisationId, 'Organisation') },
    }),
    args: {
      organisationId: t.arg.id({ required: true }),
      search: t.arg.string({ required: false, description: 'Any part of the name.' }),
    },
    resolve: async (_root, args, ctx) => {
      const organisationId = parseId(args.organisationId, 'Organisation', 'organisationId');
      const authz = await authzOf(ctx);
      const reach = reachOf(
        authz.actor,
        'group:read',
        organisationId,
        await authz.topology(organisationId),
        authz.now,
      );
      return listGroups(ctx.em, organisationId, reach, args.search, args);
    },
  }),
);
