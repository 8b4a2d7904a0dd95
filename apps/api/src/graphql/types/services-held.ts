import { agreementItemInForce, organisationScope } from '@tessera/domain';
import type { RequestContext } from '../../context.js';
import { parseId } from '../../lib/ids.js';
import { type ConnectionArgs, keysetPage } from '../../lib/keyset.js';
import { type IService, Service } from '../../modules/catalogue/service.entity.js';
import type { IMember } from '../../modules/members/member.entity.js';
import { scopeId } from '../authz.js';
import { builder } from '../builder.js';
import { MemberRef, OrganisationRef, ServiceRef, ServiceRoleRef } from '../refs.js';

/** Who may use a service (or one of its roles) in one organisation: a keyset page through the one access path. */
async function membersWithAccessPage(
  ctx: RequestContext,
  organisationId: string,
  serviceId: string,
  serviceRoleId: string | null,
  args: ConnectionArgs,
) {
  const page = await keysetPage<{ id: string; sortName: string }>(
    args,
    (row) => [row.sortName, row.id],
    2,
    (after, limit) =>
      ctx.loaders.membersWithAccess.load({
        organisationId,
        serviceId,
        serviceRoleId,
        after: after ? [String(after[0]), String(after[1])] : null,
        limit,
      }),
  );
  const members = await Promise.all(page.edges.map((edge) => ctx.loaders.member.load(edge.node.id)));
  return {
    pageInfo: page.pageInfo,
    edges: page.edges.map((edge, index) => ({ cursor: edge.cursor, node: members[index] as IMember })),
  };
}

interface HeldServiceShape {
  organisationId: string;
  service: IService;
  free: boolean;
  roles: HeldRoleShape[];
}

interface HeldRoleShape {
  organisationId: string;
  serviceRoleId: string;
  inAgreement: boolean;
  inForce: boolean;
  validFrom: Date | null;
  validUntil: Date | null;
}

const readMembers = (organisationId: string) => ({
  can: { action: 'member:read' as const, scope: organisationScope(organisationId) },
});

const day = (date: Date | null) => (date ? date.toISOString().slice(0, 10) : null);

const HeldServiceRoleRef = builder.objectRef<HeldRoleShape>('HeldServiceRole');
HeldServiceRoleRef.implement({
  description: 'A role of a service held by the organisation, with the members who may use it.',
  authScopes: (role) => readMembers(role.organisationId),
  fields: (t) => ({
    serviceRole: t.field({
      type: ServiceRoleRef,
      resolve: async (role, _args, ctx) => (await ctx.loaders.serviceRole.load(role.serviceRoleId))!,
    }),
    inAgreement: t.boolean({
      description: 'Listed in the agreement (false: a role of a free service, open to every active member).',
      resolve: (role) => role.inAgreement,
    }),
    inForce: t.boolean({ resolve: (role) => role.inForce }),
    validFrom: t.field({ type: 'Date', nullable: true, resolve: (role) => day(role.validFrom) }),
    validUntil: t.field({ type: 'Date', nullable: true, resolve: (role) => day(role.validUntil) }),
    members: t.connection(
      {
        type: MemberRef,
        description: 'The members who may use this role now, by name.',
        resolve: async (role, args, ctx) => {
          const serviceRole = (await ctx.loaders.serviceRole.load(role.serviceRoleId))!;
          return membersWithAccessPage(
            ctx,
            role.organisationId,
            serviceRole.service,
            role.serviceRoleId,
            args,
          );
        },
      },
      { name: 'HeldServiceRoleMemberConnection' },
      { name: 'HeldServiceRoleMemberEdge' },
    ),
  }),
});

const HeldServiceRef = builder.objectRef<HeldServiceShape>('HeldService');
HeldServiceRef.implement({
  description:
    'A service the organisation holds (Orange "services détenus"): free, or through its agreement.',
  authScopes: (held) => readMembers(held.organisationId),
  fields: (t) => ({
    service: t.field({ type: ServiceRef, resolve: (held) => held.service }),
    free: t.boolean({ resolve: (held) => held.free }),
    roles: t.field({ type: [HeldServiceRoleRef], resolve: (held) => held.roles }),
    members: t.connection(
      {
        type: MemberRef,
        description: 'The members who may use the service now (any of its roles), by name.',
        resolve: (held, args, ctx) =>
          membersWithAccessPage(ctx, held.organisationId, held.service.id, null, args),
      },
      { name: 'HeldServiceMemberConnection' },
      { name: 'HeldServiceMemberEdge' },
    ),
  }),
});

builder.objectField(OrganisationRef, 'servicesHeld', (t) =>
  t.field({
    type: [HeldServiceRef],
    description:
      'The services of the agreement and the free services, by name, each with the members who may use it. Needs member:read over the whole organisation.',
    authScopes: (organisation) => readMembers(organisation.id),
    resolve: async (organisation, _args, ctx) => {
      const agreement = await ctx.loaders.agreementItemsOfOrganisation.load(organisation.id);
      const agreed = new Map(agreement.map((item) => [item.serviceRoleId, item]));
      const agreedRoles = await Promise.all([...agreed.keys()].map((id) => ctx.loaders.serviceRole.load(id)));
      const serviceIds = new Set(agreedRoles.flatMap((role) => (role ? [role.service] : [])));
      const services = await ctx.em.find(
        Service,
        { $or: [{ accessLevel: 'FREE' }, { id: { $in: [...serviceIds] } }] },
        { orderBy: { name: 'asc', id: 'asc' } },
      );
      const roles = await Promise.all(services.map((service) => ctx.loaders.rolesOfService.load(service.id)));
      return services.map((service, index) => ({
        organisationId: organisation.id,
        service,
        free: service.accessLevel === 'FREE',
        roles: roles[index]!.filter((role) => service.accessLevel === 'FREE' || agreed.has(role.id)).map(
          (role) => {
            const item = agreed.get(role.id) ?? null;
            return {
              organisationId: organisation.id,
              serviceRoleId: role.id,
              inAgreement: item !== null,
              inForce:
                service.accessLevel === 'FREE' || (item !== null && agreementItemInForce(item, ctx.now)),
              validFrom: item?.validFrom ?? null,
              validUntil: item?.validUntil ?? null,
            };
          },
        ),
      }));
    },
  }),
);

builder.objectField(ServiceRef, 'members', (t) =>
  t.connection(
    {
      type: MemberRef,
      description: 'The members of an organisation who may use this service now (any of its roles), by name.',
      args: { organisationId: t.arg.id({ required: true }) },
      authScopes: (_service, args) => readMembers(scopeId(args.organisationId, 'Organisation')),
      resolve: (service, args, ctx) =>
        membersWithAccessPage(
          ctx,
          parseId(args.organisationId, 'Organisation', 'organisationId'),
          service.id,
          null,
          args,
        ),
    },
    { name: 'ServiceMemberConnection' },
    { name: 'ServiceMemberEdge' },
  ),
);

builder.objectField(ServiceRoleRef, 'members', (t) =>
  t.connection(
    {
      type: MemberRef,
      description: 'The members of an organisation who may use this service role now, by name.',
      args: { organisationId: t.arg.id({ required: true }) },
      authScopes: (_role, args) => readMembers(scopeId(args.organisationId, 'Organisation')),
      resolve: (role, args, ctx) =>
        membersWithAccessPage(
          ctx,
          parseId(args.organisationId, 'Organisation', 'organisationId'),
          role.service,
          role.id,
          args,
        ),
    },
    { name: 'ServiceRoleMemberConnection' },
    { name: 'ServiceRoleMemberEdge' },
  ),
);
