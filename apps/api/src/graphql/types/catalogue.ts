import { ACCESS_LEVEL_VALUES, agreementItemInForce } from '@tessera/domain';
import { builder } from '../builder.js';
import { AgreementItemRef, AgreementRef, OrganisationRef, ServiceRef, ServiceRoleRef } from '../refs.js';

export const AccessLevelEnum = builder.enumType('AccessLevel', { values: ACCESS_LEVEL_VALUES });

/** The catalogue is the operator's public offer: every signed-in actor may read it. */
const catalogueScopes = { operator: true, actingMember: true } as const;

builder.node(ServiceRef, {
  description: 'An online service of the catalogue; free (every active member) or protected (needs a grant).',
  authScopes: catalogueScopes,
  id: { resolve: (service) => service.id },
  loadMany: (ids, ctx) => Promise.all(ids.map((id) => ctx.loaders.service.load(id))),
  fields: (t) => ({
    code: t.exposeString('code'),
    name: t.exposeString('name'),
    description: t.string({ nullable: true, resolve: (service) => service.description ?? null }),
    accessLevel: t.field({ type: AccessLevelEnum, resolve: (service) => service.accessLevel }),
    roles: t.field({
      type: [ServiceRoleRef],
      description: 'The roles this service offers, by name (a handful per service).',
      resolve: (service, _args, ctx) => ctx.loaders.rolesOfService.load(service.id),
    }),
  }),
});

builder.node(ServiceRoleRef, {
  description:
    'A role a service offers (consultation, saisie, validation…): what agreements and grants hand out.',
  authScopes: catalogueScopes,
  id: { resolve: (role) => role.id },
  loadMany: (ids, ctx) => Promise.all(ids.map((id) => ctx.loaders.serviceRole.load(id))),
  fields: (t) => ({
    code: t.exposeString('code'),
    name: t.exposeString('name'),
    service: t.field({
      type: ServiceRef,
      resolve: async (role, _args, ctx) => (await ctx.loaders.service.load(role.service))!,
    }),
  }),
});

builder.node(AgreementRef, {
  description:
    'What the operator lets one organisation hand out: service roles with validity. Readable by the operator and by the organisation’s admins who grant.',
  authScopes: (agreement) => ({
    canSomewhereIn: { action: 'grant:manage', organisationId: agreement.organisation },
  }),
  id: { resolve: (agreement) => agreement.id },
  loadMany: (ids, ctx) => Promise.all(ids.map((id) => ctx.loaders.agreement.load(id))),
  fields: (t) => ({
    version: t.exposeInt('version', {
      description: 'Changes at every edit; send it back as `expectedVersion` so a stale edit is refused.',
    }),
    reference: t.exposeString('reference'),
    validFrom: t.field({ type: 'Date', resolve: (agreement) => agreement.validFrom }),
    validUntil: t.field({
      type: 'Date',
      nullable: true,
      resolve: (agreement) => agreement.validUntil ?? null,
    }),
    organisation: t.field({
      type: OrganisationRef,
      resolve: async (agreement, _args, ctx) =>
        (await ctx.loaders.organisation.load(agreement.organisation))!,
    }),
    items: t.field({
      type: [AgreementItemRef],
      description: 'The service roles of the agreement, in the order they were added.',
      resolve: (agreement, _args, ctx) => ctx.loaders.itemsOfAgreement.load(agreement.id),
    }),
  }),
});

builder.node(AgreementItemRef, {
  description: 'One service role of an agreement, valid from `validFrom` through the day of `validUntil`.',
  authScopes: (item) => ({ canSomewhereIn: { action: 'grant:manage', organisationId: item.organisation } }),
  id: { resolve: (item) => item.id },
  loadMany: (ids, ctx) => Promise.all(ids.map((id) => ctx.loaders.agreementItem.load(id))),
  fields: (t) => ({
    serviceRole: t.field({
      type: ServiceRoleRef,
      resolve: async (item, _args, ctx) => (await ctx.loaders.serviceRole.load(item.serviceRole))!,
    }),
    validFrom: t.field({ type: 'Date', nullable: true, resolve: (item) => item.validFrom ?? null }),
    validUntil: t.field({ type: 'Date', nullable: true, resolve: (item) => item.validUntil ?? null }),
    inForce: t.boolean({
      description:
        'Whether the organisation may hand out this role today: within both the item’s and the agreement’s validity.',
      resolve: async (item, _args, ctx) => {
        const agreement = await ctx.loaders.agreement.load(item.agreement);
        if (!agreement) return false;
        const latest = (a: string | null | undefined, b: string | null | undefined) =>
          a && b ? (a > b ? a : b) : (a ?? b);
        const earliest = (a: string | null | undefined, b: string | null | undefined) =>
          a && b ? (a < b ? a : b) : (a ?? b);
        const from = latest(agreement.validFrom, item.validFrom);
        const until = earliest(agreement.validUntil, item.validUntil);
        return agreementItemInForce(
          {
            serviceRoleId: item.serviceRole,
            validFrom: from ? new Date(`${from}T00:00:00Z`) : null,
            validUntil: until ? new Date(`${until}T00:00:00Z`) : null,
          },
          ctx.now,
        );
      },
    }),
  }),
});
