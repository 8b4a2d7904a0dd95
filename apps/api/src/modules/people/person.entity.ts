import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { baseProperties } from '../common.js';

export const Person = defineEntity({
  name: 'Person',
  properties: {
    ...baseProperties,
    firstName: p.string(),
    lastName: p.string(),
    email: p.string().unique(),
    /** where account mails also go; only an address the person confirmed through a link sent to it */
    backupEmail: p.string().nullable(),
    /** a backup address waiting for its confirmation link to be followed; not used for anything until then */
    pendingBackupEmail: p.string().nullable(),
    nationalNumber: p.string().nullable().unique(),
    passwordHash: p.string().nullable().hidden(),
    mustChangePassword: p.boolean().default(false),
    termsAcceptedAt: p.datetime().nullable(),
    isOperatorAdmin: p.boolean().default(false),
    personalIdentifierHash: p.string().nullable().unique().hidden(),
    personalIdentifierIssuedAt: p.datetime().nullable(),
    lastSignInAt: p.datetime().nullable(),
    /** the organisation whose administrator created the account (rule 7: it may own the identity); null otherwise */
    createdByOrganisation: p.uuid().fieldName('created_by_organisation_id').nullable().index(),
    /** when a link sent to the person's own address alone was followed: the person holds that mailbox */
    emailVerifiedAt: p.datetime().nullable(),
    /** the organisation whose administrator set the backup address (null: the person itself); voided on a new membership */
    backupEmailSetByOrganisation: p
      .uuid()
      .fieldName('backup_email_set_by_organisation_id')
      .nullable()
      .index(),
  },
});
export type IPerson = InferEntity<typeof Person>;

export const Session = defineEntity({
  name: 'Session',
  properties: {
    id: p.string().primary(),
    person: () => p.manyToOne(Person).mapToPk().index().deleteRule('cascade'),
    actingOrganisation: p.uuid().nullable(),
    actingAsOperator: p.boolean().default(false),
    createdAt: p.datetime().onCreate(() => new Date()),
    lastSeenAt: p.datetime().onCreate(() => new Date()),
    expiresAt: p.datetime(),
    revokedAt: p.datetime().nullable(),
  },
});
export type ISession = InferEntity<typeof Session>;

export const OneTimeToken = defineEntity({
  name: 'OneTimeToken',
  properties: {
    id: p.string().primary(),
    person: () => p.manyToOne(Person).mapToPk().index().deleteRule('cascade'),
    purpose: p.enum(['PASSWORD_RESET', 'WELCOME', 'BACKUP_EMAIL', 'EMAIL_VERIFICATION'] as const),
    /** the organisation whose administrator had the link sent (null: the person asked itself) */
    issuedByOrganisation: p.uuid().fieldName('issued_by_organisation_id').nullable().index(),
    createdAt: p.datetime().onCreate(() => new Date()),
    expiresAt: p.datetime(),
    usedAt: p.datetime().nullable(),
  },
});
export type IOneTimeToken = InferEntity<typeof OneTimeToken>;

export const RateLimit = defineEntity({
  name: 'RateLimit',
  properties: {
    key: p.string().primary(),
    failures: p.integer().default(0),
    windowStartedAt: p.datetime(),
    lockedUntil: p.datetime().nullable(),
  },
});
export type IRateLimit = InferEntity<typeof RateLimit>;
