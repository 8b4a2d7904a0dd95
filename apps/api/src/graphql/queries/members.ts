import { InvalidInputError } from '../../errors.js';
import { parseId, parseOptionalId } from '../../lib/ids.js';
import { keysetPage, type Page } from '../../lib/keyset.js';
import type { IMember } from '../../modules/members/member.entity.js';
import {
  countMembers,
  listMembers,
  MEMBER_PAGE_MAX,
  MEMBER_SORT_VALUES,
  memberKey,
  memberKeyLength,
  type PageFetcher,
} from '../../modules/members/member-list.js';
import { authzOf, scopeId } from '../authz.js';
import { builder } from '../builder.js';
import { MemberRef } from '../refs.js';
import { selectsField } from '../selection.js';
import { MemberStatusEnum } from '../types/member.js';

export const MemberSortEnum = builder.enumType('MemberSort', {
  description:
    'NAME: last then first name. LAST_SIGN_IN_ASC: never signed in first, then the oldest sign-in. LAST_SIGN_IN_DESC: the latest sign-in first, never signed in last. Ties go by member.',
  values: MEMBER_SORT_VALUES,
});

/** A page of members and, when asked for, the size of the whole filtered list (counted with the page). */
type MembersPage = Page<IMember> & { totalCount: () => Promise<number | null> };

builder.queryField('members', (t) =>
  t.connection(
    {
      type: MemberRef,
      description: `The members of an organisation the caller administers, by last then first name (or by last sign-in): all of them for the operator and organisation-wide admins, those of its units and groups for others. Archived members only when \`status\` asks for them. A page holds at most ${MEMBER_PAGE_MAX} members.`,
      authScopes: (_root, args) => ({
        canSomewhereIn: {
          action: 'member:read',
          organisationId: scopeId(args.organisationId, 'Organisation'),
        },
      }),
      args: {
        organisationId: t.arg.id({ required: true }),
        search: t.arg.string({
          required: false,
          description: 'start of the last name, or of the e-mail address',
        }),
        status: t.arg({ type: MemberStatusEnum, required: false }),
        unitId: t.arg.id({
          required: false,
          description: 'members attached to this unit or a unit below it',
        }),
        groupId: t.arg.id({ required: false, description: 'members of this group' }),
        serviceId: t.arg.id({ required: false, description: 'members who may use this service now' }),
        notSignedInSince: t.arg({
          type: 'DateTime',
          required: false,
          description: 'members whose last sign-in is before this instant, or who never signed in',
        }),
        sort: t.arg({ type: MemberSortEnum, required: false, defaultValue: 'NAME' }),
      },
      resolve: async (_root, args, ctx, info) => {
        const organisationId = parseId(args.organisationId, 'Organisation', 'organisationId');
        if (args.first != null && args.first > MEMBER_PAGE_MAX)
          throw new InvalidInputError('first', `A page of members holds at most ${MEMBER_PAGE_MAX} members.`);
        const sort = args.sort ?? 'NAME';
        const filter = {
          search: args.search,
          status: args.status,
          unitId: parseOptionalId(args.unitId, 'Unit', 'unitId'),
          groupId: parseOptionalId(args.groupId, 'Group', 'groupId'),
          serviceId: parseOptionalId(args.serviceId, 'Service', 'serviceId'),
          notSignedInSince: args.notSignedInSince ?? null,
        };
        const authz = await authzOf(ctx);
        // totalCount asked: counted in the page's own statement (null from it when the page is empty).
        const countToo = selectsField(info, 'totalCount');
        let counted: number | null = null;
        const fetchPage: PageFetcher = async (pageSql, countSql) => {
          const { members, totalCount } = await ctx.loaders.memberPage(pageSql, countSql);
          counted = totalCount;
          return members;
        };
        const page = await keysetPage<IMember>(
          args,
          (member) => memberKey(sort, member),
          memberKeyLength(sort),
          (after, limit) =>
            listMembers(ctx.em, authz, organisationId, filter, after, limit, sort, fetchPage, countToo),
        );
        const result: MembersPage = {
          ...page,
          totalCount: async () => counted ?? countMembers(ctx.em, authz, organisationId, filter),
        };
        return result;
      },
    },
    {
      fields: (t) => ({
        totalCount: t.int({
          nullable: true,
          description:
            'How many members the filtered list holds, every page together; null with a service filter (that count needs every member’s effective access).',
          resolve: (connection) => (connection as unknown as MembersPage).totalCount(),
        }),
      }),
    },
  ),
);
