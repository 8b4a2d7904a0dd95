import {
  type Action,
  can,
  canActOnAdmin,
  canAdministerIdentity,
  canManageDirectGrants,
  canOnAny,
  grantableRoleIds,
  MEMBER_STATUS_VALUES,
  MOBILITY_VALUES,
  roleRank,
} from '@tessera/domain';
import type { RequestContext } from '../../context.js';
import { roleScope } from '../../modules/authz/roles.js';
import type { IServiceRole } from '../../modules/catalogue/service.entity.js';
import type { IMember } from '../../modules/members/member.entity.js';
import { builder } from '../builder.js';
import { holdingsOf, memberScopes, viewerOutranks } from '../member-scopes.js';
import {
  AdminRoleRef,
  MemberRef,
  OrganisationRef,
  PersonRef,
  RequestRef,
  ServiceRoleRef,
  UnitRef,
} from '../refs.js';
import { mayReadRequest } from '../request-access.js';

export const MemberStatusEnum = builder.enumType('MemberStatus', { values: MEMBER_STATUS_VALUES });
export const MobilityEnum = builder.enumType('Mobility', { values: MOBILITY_VALUES });

builder.node(MemberRef, {
  description: 'A person attached to an organisation, and to some of its units.',
  authScopes: (member) => ({ canOnMember: { action: 'member:read', memberId: member.id } }),
  id: { resolve: (member) => member.id },
  loadMany: (ids, ctx) => Promise.all(ids.map((id) => ctx.loaders.member.load(id))),
  fields: (t) => ({
    version: t.exposeInt('version', {
      description: 'Changes at every edit; send it back as `expectedVersion` so a stale edit is refused.',
    }),
    person: t.field({
      type: PersonRef,
      resolve: async (member, _args, ctx) => (await ctx.loaders.person.load(member.person))!,
    }),
    organisation: t.field({
      type: OrganisationRef,
      resolve: async (member, _args, ctx) => (await ctx.loaders.organisation.load(member.organisation))!,
    }),
    status: t.field({ type: MemberStatusEnum, resolve: (member) => member.status }),
    mobility: t.field({ type: MobilityEnum, nullable: true, resolve: (member) => member.mobility ?? null }),
    openingDate: t.field({ type: 'Date', resolve: (member) => member.openingDate }),
    createdAt: t.field({ type: 'DateTime', resolve: (member) => member.createdAt }),
    lastSignInAt: t.field({
      type: 'DateTime',
      nullable: true,
      description:
        'The last time its person began acting for this organisation (signed in, or switched to it); null if never. ' +
        'Sign-ins for other organisations do not show here (rule 2).',
      resolve: (member) => member.lastSignInAt ?? null,
    }),
    units: t.field({
      type: [UnitRef],
      resolve: async (member, _args, ctx) => {
        const rows = await ctx.loaders.unitsOfMember.load(member.id);
        const units = await Promise.all(rows.map((row) => ctx.loaders.unit.load(row.unit)));
        return units.filter((unit) => unit !== null);
      },
    }),
  }),
});

/** Rule 7 and rank for the account help actions (`authoriseOnMember` 'member:help', then `authoriseOnIdentity`). */
async function mayHelp(ctx: RequestContext, member: IMember): Promise<boolean> {
  const actor = await ctx.actor();
  if (!actor) return false;
  const [scopes, topology, person, memberships, holdings] = await Promise.all([
    memberScopes(ctx, member.id),
    ctx.topology(member.organisation),
    ctx.loaders.person.load(member.person),
    ctx.loaders.membersOfPerson.load(member.person),
    holdingsOf(ctx, member.id),
  ]);
  if (!person || !canOnAny(actor, 'member:help', scopes, topology, ctx.now)) return false;
  if (!(await viewerOutranks(ctx, member))) return false;
  return canAdministerIdentity(
    actor,
    {
      personId: person.id,
      isOperatorAdmin: person.isOperatorAdmin,
      createdByOrganisationId: person.createdByOrganisation ?? null,
      memberOrganisationIds: memberships.map((row) => row.organisation),
    },
    holdings,
    topology,
    ctx.now,
  );
}

/** The checks of `grantToMember` / `revokeMemberGrant` (`memberForGrants`), on the request's actor. */
async function mayManageGrants(ctx: RequestContext, member: IMember): Promise<boolean> {
  const actor = await ctx.actor();
  if (!actor) return false;
  const [scopes, topology] = await Promise.all([
    memberScopes(ctx, member.id),
    ctx.topology(member.organisation),
  ]);
  return canManageDirectGrants(actor, scopes, topology, ctx.now) && (await viewerOutranks(ctx, member));
}

const MemberPermissionsRef = builder.objectRef<IMember>('MemberPermissions');
MemberPermissionsRef.implement({
  description:
    'What the caller may do to this member, to show or hide the controls of the member screen (the mutations check again).',
  authScopes: (member) => ({ canOnMember: { action: 'member:read', memberId: member.id } }),
  fields: (t) => {
    const allowed = async (ctx: RequestContext, member: IMember, action: Action, againstAdmins: boolean) => {
      const actor = await ctx.actor();
      if (!actor) return false;
      const [scopes, topology] = await Promise.all([
        memberScopes(ctx, member.id),
        ctx.topology(member.organisation),
      ]);
      if (!canOnAny(actor, action, scopes, topology, ctx.now)) return false;
      if (!againstAdmins) return true;
      if (actor.kind === 'member' && actor.personId === member.person) return false;
      return canActOnAdmin(actor, await holdingsOf(ctx, member.id), topology, ctx.now);
    };
    return {
      block: t.boolean({
        description: 'Block or unblock for all groups.',
        resolve: (member, _args, ctx) => allowed(ctx, member, 'member:block', true),
      }),
      archive: t.boolean({
        description: 'Archive or restore.',
        resolve: (member, _args, ctx) => allowed(ctx, member, 'member:archive', true),
      }),
      remove: t.boolean({
        description: 'Remove from the organisation.',
        resolve: (member, _args, ctx) => allowed(ctx, member, 'member:remove', true),
      }),
      help: t.boolean({
        description:
          'Send a welcome or a reset e-mail, ask for a backup e-mail: only for a person below the caller whose identity the caller’s organisation alone owns (rule 7).',
        resolve: (member, _args, ctx) => mayHelp(ctx, member),
      }),
      forcePasswordChange: t.boolean({
        description:
          'Force a password change at next sign-in (Caf): an operator administrator, on a person whose identity it may administer (rule 7), as `forcePasswordChange` decides.',
        resolve: async (member, _args, ctx) =>
          (await ctx.actor())?.kind === 'operator' && (await mayHelp(ctx, member)),
      }),
      manageGrants: t.boolean({
        description:
          'Give or take back the member’s direct grants: grant:manage over its organisation or one of its units, and above its admin roles (rule 1).',
        resolve: (member, _args, ctx) => mayManageGrants(ctx, member),
      }),
      attach: t.boolean({
        description: 'Attach to units or detach from them (each unit is checked again).',
        resolve: (member, _args, ctx) => allowed(ctx, member, 'member:attach', false),
      }),
    };
  },
});

builder.objectFields(MemberRef, (t) => ({
  grantableRoles: t.field({
    type: [ServiceRoleRef],
    description:
      'The service roles the caller may give this member directly now: the agreement’s current roles it does not hold directly yet; empty when the caller may not manage its direct grants.',
    resolve: async (member, _args, ctx) => {
      if (!(await mayManageGrants(ctx, member))) return [];
      const [agreement, direct] = await Promise.all([
        ctx.loaders.agreementItemsOfOrganisation.load(member.organisation),
        ctx.loaders.directGrantsOfMember.load(member.id),
      ]);
      const held = new Set(direct.map((grant) => grant.serviceRole));
      const ids = [...grantableRoleIds({ agreement, parentGroupRoleIds: null, at: ctx.now })].filter(
        (id) => !held.has(id),
      );
      const roles = await Promise.all(ids.map((id) => ctx.loaders.serviceRole.load(id)));
      return roles.filter((role): role is IServiceRole => role !== null);
    },
  }),
  archivedAt: t.field({ type: 'DateTime', nullable: true, resolve: (member) => member.archivedAt ?? null }),
  adminRoles: t.field({
    type: [AdminRoleRef],
    description: 'The admin roles the member holds that the caller may see.',
    resolve: async (member, _args, ctx) => {
      const actor = await ctx.actor();
      if (!actor) return [];
      const [roles, topology] = await Promise.all([
        ctx.loaders.adminRolesOfMember.load(member.id),
        ctx.topology(member.organisation),
      ]);
      return roles
        .filter((role) => can(actor, 'admin:read', roleScope(role), topology, ctx.now))
        .sort((a, b) => roleRank(b.kind) - roleRank(a.kind));
    },
  }),
  viewerCan: t.field({ type: MemberPermissionsRef, resolve: (member) => member }),
  attachmentRequest: t.field({
    type: RequestRef,
    nullable: true,
    description:
      'The attachment request that brought the member in (Vaud), with its history, when the caller may read it.',
    resolve: async (member, _args, ctx) => {
      const [latest] = await ctx.loaders.attachmentRequestsOfMember.load(member.id);
      return latest && (await mayReadRequest(ctx, latest)) ? latest : null;
    },
  }),
}));

builder.node(UnitRef, {
  description: 'A part of an organisation; units form a tree.',
  authScopes: (unit) => ({ organisation: unit.organisation }),
  id: { resolve: (unit) => unit.id },
  loadMany: (ids, ctx) => Promise.all(ids.map((id) => ctx.loaders.unit.load(id))),
  fields: (t) => ({
    version: t.exposeInt('version', {
      description: 'Changes at every edit; send it back as `expectedVersion` so a stale edit is refused.',
    }),
    name: t.exposeString('name'),
    parent: t.field({
      type: UnitRef,
      nullable: true,
      resolve: (unit, _args, ctx) => (unit.parent ? ctx.loaders.unit.load(unit.parent) : null),
    }),
    organisation: t.field({
      type: OrganisationRef,
      resolve: async (unit, _args, ctx) => (await ctx.loaders.organisation.load(unit.organisation))!,
    }),
  }),
});
