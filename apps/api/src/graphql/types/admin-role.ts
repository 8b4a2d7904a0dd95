import { ADMIN_ROLE_KIND_VALUES, canRemoveAdminRole, SCOPE_KIND_VALUES } from '@tessera/domain';
import { roleScope } from '../../modules/authz/roles.js';
import { allowedOnMember, builder } from '../builder.js';
import { AdminRoleRef, GroupRef, MemberRef, OrganisationRef, UnitRef } from '../refs.js';

export const AdminRoleKindEnum = builder.enumType('AdminRoleKind', { values: ADMIN_ROLE_KIND_VALUES });
export const ScopeKindEnum = builder.enumType('ScopeKind', { values: SCOPE_KIND_VALUES });

builder.node(AdminRoleRef, {
  description:
    'A member’s power over a scope: the whole organisation, a unit subtree or a group subtree; `validUntil` set means a time-limited delegation.',
  authScopes: (role) => ({ operator: true, can: { action: 'admin:read', scope: roleScope(role) } }),
  id: { resolve: (role) => role.id },
  loadMany: (ids, ctx) => Promise.all(ids.map((id) => ctx.loaders.adminRole.load(id))),
  fields: (t) => ({
    kind: t.field({ type: AdminRoleKindEnum, resolve: (role) => role.kind }),
    scopeKind: t.field({ type: ScopeKindEnum, resolve: (role) => roleScope(role).kind }),
    member: t.field({
      type: MemberRef,
      resolve: async (role, _args, ctx) => (await ctx.loaders.member.load(role.member))!,
    }),
    organisation: t.field({
      type: OrganisationRef,
      resolve: async (role, _args, ctx) => (await ctx.loaders.organisation.load(role.organisation))!,
    }),
    unit: t.field({
      type: UnitRef,
      nullable: true,
      description: 'The unit subtree it applies to, for a unit-scoped role.',
      resolve: (role, _args, ctx) => (role.unit ? ctx.loaders.unit.load(role.unit) : null),
    }),
    group: t.field({
      type: GroupRef,
      nullable: true,
      description: 'The group subtree it applies to, for a group manager.',
      resolve: (role, _args, ctx) => (role.group ? ctx.loaders.group.load(role.group) : null),
    }),
    validUntil: t.field({ type: 'DateTime', nullable: true, resolve: (role) => role.validUntil ?? null }),
    viewerCanRemove: t.boolean({
      description:
        'Whether the viewer may remove this role now: the removeAdministrator checks (rule 1, and rule 6 keeps the last principal admin).',
      resolve: async (role, _args, ctx) => {
        const actor = await ctx.actor();
        if (!actor) return false;
        const topology = await ctx.topology(role.organisation);
        if (
          !canRemoveAdminRole(
            actor,
            { kind: role.kind, scope: roleScope(role), memberId: role.member },
            topology,
            ctx.now,
          )
        )
          return false;
        if (role.kind !== 'PRINCIPAL_ADMIN') return true;
        const principals = await ctx.loaders.principalRoleIdsOfOrganisation.load(role.organisation);
        return principals.some((id) => id !== role.id);
      },
    }),
    createdAt: t.field({ type: 'DateTime', resolve: (role) => role.createdAt }),
    namedBy: t.field({
      type: MemberRef,
      nullable: true,
      description:
        'The member of this organisation who named it; null when the operator did, nobody recorded, or the viewer may not read that member (a unit referent does not see the principal who named it).',
      resolve: async (role, _args, ctx) => {
        if (!role.namedBy) return null;
        const members = await ctx.loaders.membersOfPerson.load(role.namedBy);
        const namer = members.find((member) => member.organisation === role.organisation);
        if (!namer) return null;
        // Returning a Member the viewer may not read would make the whole query NOT_FOUND (type scopes):
        // the same rule as the Member type's scope, answered here as null.
        const actor = await ctx.actor();
        return actor && (await allowedOnMember(ctx, actor, 'member:read', namer.id)) ? namer : null;
      },
    }),
    namedByOperator: t.boolean({
      description:
        'Whether an operator administrator named it (Caf: the partner administrator is named by the Caf).',
      resolve: async (role, _args, ctx) => {
        if (!role.namedBy) return false;
        const [person, members] = await Promise.all([
          ctx.loaders.person.load(role.namedBy),
          ctx.loaders.membersOfPerson.load(role.namedBy),
        ]);
        return Boolean(person?.isOperatorAdmin) && !members.some((m) => m.organisation === role.organisation);
      },
    }),
  }),
});
