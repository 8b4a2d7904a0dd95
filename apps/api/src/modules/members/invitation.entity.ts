import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { baseProperties } from '../common.js';
import { Organisation } from '../organisations/organisation.entity.js';
import { Person } from '../people/person.entity.js';

export const INVITATION_STATUS_VALUES = ['PENDING', 'ACCEPTED', 'DECLINED', 'REVOKED'] as const;
export type InvitationStatus = (typeof INVITATION_STATUS_VALUES)[number];

/**
 * An organisation asks a person, named by e-mail address, to become a member (rule 7: nobody is attached without
 * consent). The person accepts or declines in its own account before `expiresAt`; an operator's invitation may
 * carry the principal admin role, given on acceptance.
 */
export const Invitation = defineEntity({
  name: 'Invitation',
  properties: {
    ...baseProperties,
    organisation: () => p.manyToOne(Organisation).mapToPk(),
    email: p.string(),
    invitedBy: () => p.manyToOne(Person).mapToPk().index(),
    unitIds: p.array().default([]),
    asPrincipalAdmin: p.boolean().default(false),
    status: p.enum([...INVITATION_STATUS_VALUES]).default('PENDING'),
    expiresAt: p.datetime(),
    decidedAt: p.datetime().nullable(),
    /** who accepted or declined it */
    person: () => p.manyToOne(Person).mapToPk().nullable().index(),
  },
  indexes: [{ properties: ['organisation', 'status', 'createdAt'] }, { properties: ['email', 'status'] }],
});
export type IInvitation = InferEntity<typeof Invitation>;
