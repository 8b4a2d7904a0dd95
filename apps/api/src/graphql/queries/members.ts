import { parseId, parseOptionalId } from '../../lib/ids.js';
import { keysetPage } from '../../lib/keyset.js';
import type { IMember } from '../../modules/members/member.entity.js';
import { listMembers } from '../../modules/members/member-list.js';
import { authzOf, scopeId } from '../authz.js';
import { builder } from '../builder.js';
import { MemberRef } from '../refs.js';
import { MemberStatusEnum } from '../types/member.js';

builder.queryField('members', (t) =>
  t.connection({
    type: MemberRef,
    description:
      'The members of an organisation the caller administers, by last then first name: all of them for the operator and organisation-wide admins, those of its units and groups for others. Archived members only when `status` asks for them.',
    authScopes: (_root, args) => ({
      canSomewhereIn: { action: 'member:read', organisationId: scopeId(args.organisationId, 'Organisation') },
    }),
    args: {
      organisationId: t.arg.id({ required: true }),
      search: t.arg.string({
        required: false,
        description: 'start of the last name, or of the e-mail address',
      }),
      status: t.arg({ type: MemberStatusEnum, required: false }),
      unitId: t.arg.id({ required: false, description: 'members attached to this unit or a unit below it' }),
      groupId: t.arg.id({ required: false, description: 'members of this group' }),
      serviceId: t.arg.id({ required: false, description: 'members who may use this service now' }),
    },
    resolve: async (_root, args, ctx) => {
      const organisationId = parseId(args.organisationId, 'Organisation', 'organisationId');
      const filter = {
        search: args.search,
        status: args.status,
        unitId: parseOptionalId(args.unitId, 'Unit', 'unitId'),
        groupId: parseOptionalId(args.groupId, 'Group', 'groupId'),
        serviceId: parseOptionalId(args.serviceId, 'Service', 'serviceId'),
      };
      const authz = await authzOf(ctx);
      return keysetPage<IMember>(
        args,
        (member) => [member.sortName, member.id],
        2,
        (after, limit) => listMembers(ctx.em, authz, organisationId, filter, after, limit),
      );
    },
  }),
);
