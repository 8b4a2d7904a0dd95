import { parseId, parseOptionalId } from '../../lib/ids.js';
import { listAdministrators } from '../../modules/admins/admin-role.service.js';
import { authzOf, scopeId } from '../authz.js';
import { builder } from '../builder.js';
import { AdminRoleRef } from '../refs.js';
import { AdminRoleKindEnum } from '../types/admin-role.js';

builder.queryField('administrators', (t) =>
  t.connection({
    type: AdminRoleRef,
    description:
      'The admin roles of an organisation the caller may see (admin:read): all for the operator and organisation-wide admins, those of its units and groups for others.',
    authScopes: (_root, args) => ({
      canSomewhereIn: { action: 'admin:read', organisationId: scopeId(args.organisationId, 'Organisation') },
    }),
    args: {
      organisationId: t.arg.id({ required: true }),
      kind: t.arg({ type: AdminRoleKindEnum, required: false }),
      memberId: t.arg.id({ required: false }),
    },
    resolve: async (_root, args, ctx) =>
      listAdministrators(
        ctx.em,
        await authzOf(ctx),
        parseId(args.organisationId, 'Organisation', 'organisationId'),
        { kind: args.kind, memberId: parseOptionalId(args.memberId, 'Member', 'memberId') },
        args,
      ),
  }),
);
