import { ORGANISATION_STATUS_VALUES, REGISTRY_KIND_VALUES } from '@tessera/domain';
import { Organisation } from '../../modules/organisations/organisation.entity.js';
import { builder } from '../builder.js';
import { AgreementRef, OrganisationRef } from '../refs.js';

export const OrganisationStatusEnum = builder.enumType('OrganisationStatus', {
  values: ORGANISATION_STATUS_VALUES,
});
export const RegistryKindEnum = builder.enumType('RegistryKind', { values: REGISTRY_KIND_VALUES });

builder.node(OrganisationRef, {
  description: 'A legal body the operator delegates to; sealed from every other organisation.',
  authScopes: (organisation) => ({ organisation: organisation.id, memberOf: organisation.id }),
  id: { resolve: (organisation) => organisation.id },
  loadMany: (ids, ctx) => Promise.all(ids.map((id) => ctx.loaders.organisation.load(id))),
  fields: (t) => ({
    version: t.exposeInt('version', {
      description: 'Changes at every edit; send it back as `expectedVersion` so a stale edit is refused.',
    }),
    name: t.exposeString('name'),
    status: t.field({ type: OrganisationStatusEnum, resolve: (organisation) => organisation.status }),
    registryKind: t.field({ type: RegistryKindEnum, resolve: (organisation) => organisation.registryKind }),
    registryNumber: t.exposeString('registryNumber'),
    createdAt: t.field({ type: 'DateTime', resolve: (organisation) => organisation.createdAt }),
    activatedAt: t.field({ type: 'DateTime', nullable: true, resolve: (o) => o.activatedAt ?? null }),
    suspendedAt: t.field({ type: 'DateTime', nullable: true, resolve: (o) => o.suspendedAt ?? null }),
    agreement: t.field({
      type: AgreementRef,
      nullable: true,
      description: 'What the organisation may hand out; seen by the operator and by its admins who grant.',
      authScopes: (organisation) => ({
        canSomewhereIn: { action: 'grant:manage', organisationId: organisation.id },
      }),
      resolve: (organisation, _args, ctx) => ctx.loaders.agreementByOrganisation.load(organisation.id),
    }),
  }),
});

export { Organisation };
