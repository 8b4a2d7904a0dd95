import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { ORGANISATION_STATUS_VALUES, REGISTRY_KIND_VALUES } from '@tessera/domain';
import { baseProperties, versionProperty } from '../common.js';

export const Organisation = defineEntity({
  name: 'Organisation',
  properties: {
    ...baseProperties,
    ...versionProperty,
    name: p.string(),
    registryKind: p.enum([...REGISTRY_KIND_VALUES]),
    registryNumber: p.string(),
    status: p.enum([...ORGANISATION_STATUS_VALUES]).index(),
    activatedAt: p.datetime().nullable(),
    suspendedAt: p.datetime().nullable(),
    /** Days without a sign-in after which an account counts as no longer used (continuity checks). */
    inactiveAfterDays: p.integer().default(180),
  },
  uniques: [{ properties: ['registryKind', 'registryNumber'] }],
  // Migration 0002 adds a trigram index on lower(name) and a prefix index on registry_number for search.
  indexes: [{ properties: ['name', 'id'] }, { properties: ['status', 'name', 'id'] }],
});
export type IOrganisation = InferEntity<typeof Organisation>;

export const Unit = defineEntity({
  name: 'Unit',
  properties: {
    ...baseProperties,
    ...versionProperty,
    organisation: () => p.manyToOne(Organisation).mapToPk().index(),
    parent: () => p.manyToOne(Unit).mapToPk().nullable().index(),
    name: p.string(),
  },
  indexes: [{ properties: ['organisation', 'name', 'id'] }],
});
export type IUnit = InferEntity<typeof Unit>;
