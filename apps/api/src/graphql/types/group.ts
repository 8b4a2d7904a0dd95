import {
  agreementAllows,
  can,
  grantableRoleIds,
  groupContainerScope,
  groupScope,
  reachOf,
  type ScopeRef,
} from '@tessera/domain';
import type { RequestContext } from '../../context.js';
import type { IServiceRole } from '../../modules/catalogue/service.entity.js';
import type { IGrant, IGroup } from '../../modules/groups/group.entity.js';
import { listGroupMembers } from '../../modules/groups/group.queries.js';
import type { IMember } from '../../modules/members/member.entity.js';
import { builder } from '../builder.js';
import { mayActInGroup } from '../member-scopes.js';
import { GroupRef, MemberRef, OrganisationRef, ServiceRef, ServiceRoleRef, UnitRef } from '../refs.js';

const readGroup = (group: IGroup) => ({
  can: { action: 'group:read' as const, scope: groupScope(group.organisation, group.id) },
});

function containerOf(group: IGroup): ScopeRef {
  return groupContainerScope({
    organisationId: group.organisation,
    parentId: group.parent ?? null,
    unitId: group.unit ?? null,
  });
}

async function suspendedNow(ctx: RequestContext, organisationId: string, serviceRoleId: string) {
  const agreement = await ctx.loaders.agreementItemsOfOrganisation.load(organisationId);
  return !agreementAllows(agreement, serviceRoleId, ctx.now);
}

/** A service role held by a group or given directly to a member; suspended while the agreement leaves it out. */
export interface GrantShape {
  grant: IGrant;
  suspended: boolean;
}

async function grantShapes(ctx: RequestContext, grants: IGrant[]): Promise<GrantShape[]> {
  return Promise.all(
    grants.map(async (grant) => ({
      grant,
      suspended: await suspendedNow(ctx, grant.organisation, grant.serviceRole),
    })),
  );
}

export const GrantRef = builder.objectRef<GrantShape>('Grant');
GrantRef.implement({
  description:
    'A service role given to a group or directly to a member. `suspended`: the agreement no longer (or not yet) allows it, so it gives no access, but it is kept and shown.',
  authScopes: ({ grant }) => ({ organisation: grant.organisation }),
  fields: (t) => ({
    serviceRole: t.field({
      type: ServiceRoleRef,
      resolve: async ({ grant }, _args, ctx) => (await ctx.loaders.serviceRole.load(grant.serviceRole))!,
    }),
    service: t.field({
      type: ServiceRef,
      resolve: async ({ grant }, _args, ctx) => {
        const role = (await ctx.loaders.serviceRole.load(grant.serviceRole))!;
        return (await ctx.loaders.service.load(role.service))!;
      },
    }),
    suspended: t.boolean({ resolve: ({ suspended }) => suspended }),
    grantedAt: t.field({ type: 'DateTime', resolve: ({ grant }) => grant.createdAt }),
  }),
});

export const GroupPermissionsRef = builder.objectRef<IGroup>('GroupPermissions');
GroupPermissionsRef.implement({
  description: 'What the caller may do with this group, to show or hide the controls of the screens.',
  authScopes: (group) => ({ organisation: group.organisation }),
  fields: (t) => {
    const allowed = async (ctx: RequestContext, action: 'group:manage' | 'grant:manage', scope: ScopeRef) => {
      const actor = await ctx.actor();
      return actor !== null && can(actor, action, scope, await ctx.topology(scope.organisationId), ctx.now);
    };
    return {
      manage: t.boolean({
        description: 'Rename, delete, change the manager, create sub-groups (decided where the group sits).',
        resolve: (group, _args, ctx) => allowed(ctx, 'group:manage', containerOf(group)),
      }),
      createSubGroups: t.boolean({
        resolve: (group, _args, ctx) =>
          allowed(ctx, 'group:manage', groupScope(group.organisation, group.id)),
      }),
      manageGrants: t.boolean({
        resolve: (group, _args, ctx) => allowed(ctx, 'grant:manage', containerOf(group)),
      }),
      manageMembers: t.boolean({
        resolve: (group, _args, ctx) =>
          allowed(ctx, 'group:manage', groupScope(group.organisation, group.id)),
      }),
    };
  },
});

builder.node(GroupRef, {
  description:
    'Members of one organisation with a manager; sub-groups hold a subset of their parent’s grants. Its name and place are visible within the organisation; its members and grants to those who may read it.',
  authScopes: (group) => ({ organisation: group.organisation }),
  id: { resolve: (group) => group.id },
  loadMany: (ids, ctx) => Promise.all(ids.map((id) => ctx.loaders.group.load(id))),
  fields: (t) => ({
    version: t.exposeInt('version', {
      description: 'Changes at every edit; send it back as `expectedVersion` so a stale edit is refused.',
    }),
    name: t.exposeString('name'),
    description: t.string({ nullable: true, resolve: (group) => group.description ?? null }),
    createdAt: t.field({ type: 'DateTime', resolve: (group) => group.createdAt }),
    organisation: t.field({
      type: OrganisationRef,
      resolve: async (group, _args, ctx) => (await ctx.loaders.organisation.load(group.organisation))!,
    }),
    unit: t.field({
      type: UnitRef,
      nullable: true,
      resolve: (group, _args, ctx) => (group.unit ? ctx.loaders.unit.load(group.unit) : null),
    }),
    parent: t.field({
      type: GroupRef,
      nullable: true,
      resolve: (group, _args, ctx) => (group.parent ? ctx.loaders.group.load(group.parent) : null),
    }),
    children: t.field({
      type: [GroupRef],
      description: 'Its sub-groups, by name.',
      resolve: (group, _args, ctx) => ctx.loaders.childrenOfGroup.load(group.id),
    }),
    manager: t.field({
      type: MemberRef,
      nullable: true,
      description: 'The responsable (GROUP_MANAGER of this group).',
      authScopes: readGroup,
      resolve: (group, _args, ctx) => (group.manager ? ctx.loaders.member.load(group.manager) : null),
    }),
    memberCount: t.int({
      authScopes: readGroup,
      resolve: (group, _args, ctx) => ctx.loaders.memberCountOfGroup.load(group.id),
    }),
    members: t.connection(
      {
        type: MemberRef,
        description:
          'Its members by last name then first name, with whether each is blocked in this group; `search` finds them as `members` does.',
        authScopes: readGroup,
        args: {
          search: t.arg.string({
            required: false,
            description:
              'words starting the first or last name (accents and case ignored), or the start of the e-mail address; at most 100 characters',
          }),
        },
        resolve: (group, args, ctx) => listGroupMembers(ctx.em, group, args, args.search),
      },
      { name: 'GroupMemberConnection' },
      {
        name: 'GroupMemberEdge',
        fields: (edge) => ({
          blocked: edge.boolean({ resolve: (e) => (e as unknown as { blocked: boolean }).blocked }),
          viewerCanManage: edge.boolean({
            description: 'Whether the caller may block, unblock or take this member out of this group.',
            resolve: (e, _args, ctx) =>
              mayActInGroup(ctx, (e as unknown as { groupId: string }).groupId, e.node as IMember),
          }),
          addedAt: edge.field({
            type: 'DateTime',
            resolve: (e) => (e as unknown as { addedAt: Date }).addedAt,
          }),
        }),
      },
    ),
    grants: t.field({
      type: [GrantRef],
      description: 'The service roles the group holds, suspended ones included.',
      authScopes: readGroup,
      resolve: async (group, _args, ctx) => grantShapes(ctx, await ctx.loaders.grantsOfGroup.load(group.id)),
    }),
    grantableRoles: t.field({
      type: [ServiceRoleRef],
      description:
        'What the grants editor may offer: the roles the agreement allows now and, for a sub-group, that its parent holds.',
      authScopes: readGroup,
      resolve: async (group, _args, ctx) => {
        const [agreement, parentGrants] = await Promise.all([
          ctx.loaders.agreementItemsOfOrganisation.load(group.organisation),
          group.parent ? ctx.loaders.grantsOfGroup.load(group.parent) : Promise.resolve(null),
        ]);
        const ids = grantableRoleIds({
          agreement,
          parentGroupRoleIds: parentGrants ? parentGrants.map((g) => g.serviceRole) : null,
          at: ctx.now,
        });
        const roles = await Promise.all([...ids].map((id) => ctx.loaders.serviceRole.load(id)));
        return roles.filter((role): role is IServiceRole => role !== null);
      },
    }),
    viewerCan: t.field({ type: GroupPermissionsRef, resolve: (group) => group }),
  }),
});

builder.objectField(OrganisationRef, 'viewerCanCreateGroups', (t) =>
  t.boolean({
    description:
      'Whether the caller may create top-level groups here (over the organisation or one of its units); group managers create sub-groups from their group.',
    authScopes: (organisation) => ({ organisation: organisation.id }),
    resolve: async (organisation, _args, ctx) => {
      const actor = await ctx.actor();
      if (!actor) return false;
      const reach = reachOf(
        actor,
        'group:manage',
        organisation.id,
        await ctx.topology(organisation.id),
        ctx.now,
      );
      return reach.whole || reach.unitIds.size > 0;
    },
  }),
);

// ---------------------------------------------------------------------------------------------------------
// The member's side: its groups, its direct grants, its effective access.

interface MemberGroupShape {
  organisationId: string;
  groupId: string;
  blocked: boolean;
  addedAt: Date;
}

const MemberGroupRef = builder.objectRef<MemberGroupShape>('MemberGroup');
MemberGroupRef.implement({
  description: 'A group the member belongs to; `blocked`: its grants do not reach the member.',
  authScopes: (row) => ({ organisation: row.organisationId }),
  fields: (t) => ({
    group: t.field({
      type: GroupRef,
      resolve: async (row, _args, ctx) => (await ctx.loaders.group.load(row.groupId))!,
    }),
    blocked: t.boolean({ resolve: (row) => row.blocked }),
    addedAt: t.field({ type: 'DateTime', resolve: (row) => row.addedAt }),
  }),
});

export const AccessSourceKindEnum = builder.enumType('AccessSourceKind', {
  values: ['FREE', 'GROUP', 'DIRECT'] as const,
});

interface SourceShape {
  organisationId: string;
  kind: 'FREE' | 'GROUP' | 'DIRECT';
  groupId: string | null;
}

const AccessSourceRef = builder.objectRef<SourceShape>('AccessSource');
AccessSourceRef.implement({
  description:
    'Why a member holds a service role: the service is free, a group grants it, or it was granted directly.',
  authScopes: (source) => ({ organisation: source.organisationId }),
  fields: (t) => ({
    kind: t.field({ type: AccessSourceKindEnum, resolve: (source) => source.kind }),
    group: t.field({
      type: GroupRef,
      nullable: true,
      resolve: (source, _args, ctx) => (source.groupId ? ctx.loaders.group.load(source.groupId) : null),
    }),
  }),
});

interface AccessShape {
  organisationId: string;
  services: {
    serviceId: string;
    free: boolean;
    roles: { serviceRoleId: string; sources: SourceShape[] }[];
  }[];
  suspended: { serviceRoleId: string; source: SourceShape }[];
}

const EffectiveRoleRef = builder.objectRef<
  AccessShape['services'][number]['roles'][number] & { organisationId: string }
>('EffectiveRole');
EffectiveRoleRef.implement({
  description: 'A service role the member may use, with every reason it holds it.',
  authScopes: (role) => ({ organisation: role.organisationId }),
  fields: (t) => ({
    serviceRole: t.field({
      type: ServiceRoleRef,
      resolve: async (role, _args, ctx) => (await ctx.loaders.serviceRole.load(role.serviceRoleId))!,
    }),
    sources: t.field({ type: [AccessSourceRef], resolve: (role) => role.sources }),
  }),
});

const EffectiveServiceRef = builder.objectRef<AccessShape['services'][number] & { organisationId: string }>(
  'EffectiveService',
);
EffectiveServiceRef.implement({
  description: 'A service the member may use; `free`: open to every active member.',
  authScopes: (service) => ({ organisation: service.organisationId }),
  fields: (t) => ({
    service: t.field({
      type: ServiceRef,
      resolve: async (service, _args, ctx) => (await ctx.loaders.service.load(service.serviceId))!,
    }),
    free: t.boolean({ resolve: (service) => service.free }),
    roles: t.field({
      type: [EffectiveRoleRef],
      resolve: (service) =>
        service.roles.map((role) => ({ ...role, organisationId: service.organisationId })),
    }),
  }),
});

const SuspendedGrantRef = builder.objectRef<AccessShape['suspended'][number] & { organisationId: string }>(
  'SuspendedGrant',
);
SuspendedGrantRef.implement({
  description:
    'A grant the member holds but cannot use: the agreement no longer (or not yet) allows its role. Shown, never silently deleted.',
  authScopes: (grant) => ({ organisation: grant.organisationId }),
  fields: (t) => ({
    serviceRole: t.field({
      type: ServiceRoleRef,
      resolve: async (grant, _args, ctx) => (await ctx.loaders.serviceRole.load(grant.serviceRoleId))!,
    }),
    source: t.field({ type: AccessSourceRef, resolve: (grant) => grant.source }),
  }),
});

const EffectiveAccessRef = builder.objectRef<AccessShape>('EffectiveAccess');
EffectiveAccessRef.implement({
  description:
    'What a member may use (rule 3): free services + grants of its groups (unless blocked in them) + its direct grants, kept only where the agreement allows; empty while the member is blocked everywhere or archived, or its organisation not active.',
  authScopes: (access) => ({ organisation: access.organisationId }),
  fields: (t) => ({
    services: t.field({
      type: [EffectiveServiceRef],
      resolve: (access) =>
        access.services.map((service) => ({ ...service, organisationId: access.organisationId })),
    }),
    suspended: t.field({
      type: [SuspendedGrantRef],
      resolve: (access) =>
        access.suspended.map((grant) => ({ ...grant, organisationId: access.organisationId })),
    }),
  }),
});

builder.objectFields(MemberRef, (t) => ({
  groups: t.field({
    type: [MemberGroupRef],
    description: 'The groups the member belongs to, by name.',
    resolve: async (member, _args, ctx) => {
      const rows = await ctx.loaders.groupsOfMember.load(member.id);
      const groups = await Promise.all(rows.map((row) => ctx.loaders.group.load(row.group)));
      return rows
        .map((row, index) => ({ row, name: groups[index]?.name ?? '' }))
        .sort((a, b) => a.name.localeCompare(b.name))
        .map(({ row }) => ({
          organisationId: row.organisation,
          groupId: row.group,
          blocked: row.blocked,
          addedAt: row.addedAt,
        }));
    },
  }),
  directGrants: t.field({
    type: [GrantRef],
    description: 'The service roles given to the member directly, suspended ones included.',
    resolve: async (member, _args, ctx) =>
      grantShapes(ctx, await ctx.loaders.directGrantsOfMember.load(member.id)),
  }),
  effectiveAccess: t.field({
    type: EffectiveAccessRef,
    description: 'What the member may use now, and why; the one computation every screen and check shares.',
    resolve: async (member, _args, ctx) => {
      const access = (await ctx.loaders.effectiveAccess.load(member.id)) ?? { services: [], suspended: [] };
      const source = (s: { kind: 'FREE' | 'GROUP' | 'DIRECT'; groupId?: string }): SourceShape => ({
        organisationId: member.organisation,
        kind: s.kind,
        groupId: s.kind === 'GROUP' ? (s.groupId ?? null) : null,
      });
      return {
        organisationId: member.organisation,
        services: access.services.map((service) => ({
          ...service,
          roles: service.roles.map((role) => ({ ...role, sources: role.sources.map(source) })),
        })),
        suspended: access.suspended.map((grant) => ({ ...grant, source: source(grant.source) })),
      };
    },
  }),
}));
