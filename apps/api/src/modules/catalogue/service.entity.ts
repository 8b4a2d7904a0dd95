import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { ACCESS_LEVEL_VALUES } from '@tessera/domain';
import { baseProperties, versionProperty } from '../common.js';
import { Organisation } from '../organisations/organisation.entity.js';

export const Service = defineEntity({
  name: 'Service',
  properties: {
    ...baseProperties,
    code: p.string().unique(),
    name: p.string(),
    description: p.text().nullable(),
    accessLevel: p.enum([...ACCESS_LEVEL_VALUES]),
  },
  indexes: [{ properties: ['name', 'id'] }],
});
export type IService = InferEntity<typeof Service>;

export const ServiceRole = defineEntity({
  name: 'ServiceRole',
  properties: {
    ...baseProperties,
    service: () => p.manyToOne(Service).mapToPk().index(),
    code: p.string(),
    name: p.string(),
  },
  uniques: [{ properties: ['service', 'code'] }],
});
export type IServiceRole = InferEntity<typeof ServiceRole>;

export const Agreement = defineEntity({
  name: 'Agreement',
  properties: {
    ...baseProperties,
    ...versionProperty,
    organisation: () => p.manyToOne(Organisation).mapToPk().unique(),
    reference: p.string(),
    validFrom: p.date(),
    validUntil: p.date().nullable(),
  },
});
export type IAgreement = InferEntity<typeof Agreement>;

export const AgreementItem = defineEntity({
  name: 'AgreementItem',
  properties: {
    ...baseProperties,
    agreement: () => p.manyToOne(Agreement).mapToPk().index().deleteRule('cascade'),
    organisation: () => p.manyToOne(Organisation).mapToPk().index(),
    serviceRole: () => p.manyToOne(ServiceRole).mapToPk().index(),
    validFrom: p.date().nullable(),
    validUntil: p.date().nullable(),
  },
  uniques: [{ properties: ['agreement', 'serviceRole'] }],
});
export type IAgreementItem = InferEntity<typeof AgreementItem>;
