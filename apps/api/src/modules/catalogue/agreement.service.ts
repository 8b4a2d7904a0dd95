import type { EntityManager } from '@mikro-orm/postgresql';
import { ConflictError, InvalidInputError, NotFoundError } from '../../errors.js';
import { audit } from '../audit/audit.service.js';
import { type Authz, assertOperator } from '../authz/authz.js';
import { assertVersion, bumpVersion } from '../common.js';
import { lockOrganisation, lockOrganisationOf, requiredName } from '../organisations/organisation.service.js';
import {
  Agreement,
  AgreementItem,
  type IAgreement,
  type IAgreementItem,
  ServiceRole,
} from './service.entity.js';

/** Checks a validity period given as calendar days: the end, when set, is not before the start. */
function validity(from: string | null | undefined, until: string | null | undefined) {
  if (from && until && until < from)
    throw new InvalidInputError('validUntil', 'The end of validity cannot come before its start.');
  return { validFrom: from ?? null, validUntil: until ?? null };
}

const agreementSnapshot = (agreement: IAgreement) => ({
  reference: agreement.reference,
  validFrom: agreement.validFrom,
  validUntil: agreement.validUntil ?? null,
});

export interface CreateAgreementInput {
  organisationId: string;
  reference: string;
  validFrom: string;
  validUntil?: string | null;
}

/** Caf step 2: the agreement (convention) of an organisation; one per organisation. */
export async function createAgreement(
  em: EntityManager,
  authz: Authz,
  input: CreateAgreementInput,
): Promise<IAgreement> {
  assertOperator(authz.actor);
  const organisation = await lockOrganisation(em, input.organisationId);
  if (await em.findOne(Agreement, { organisation: organisation.id }))
    throw new ConflictError('This organisation already has an agreement.', 'organisationId');
  const reference = requiredName(input.reference, 'reference', 100);
  const dates = validity(input.validFrom, input.validUntil);
  const agreement = em.create(Agreement, {
    organisation: organisation.id,
    reference,
    validFrom: input.validFrom,
    validUntil: dates.validUntil,
  });
  audit(em, authz.actor, {
    organisation: organisation.id,
    action: 'agreement.created',
    targetType: 'Agreement',
    targetId: agreement.id,
    after: agreementSnapshot(agreement),
  });
  await em.flush();
  return agreement;
}

export interface UpdateAgreementInput {
  agreementId: string;
  reference?: string | null;
  validFrom?: string | null;
  validUntil?: string | null;
  expectedVersion?: number | null;
}

/**
 * Changes an agreement's reference or validity; `validUntil: null` makes it open-ended. Under the organisation
 * lock, as every change of the agreement: a grant checked against it (rule 1) sees it before or after, whole.
 */
export async function updateAgreement(
  em: EntityManager,
  authz: Authz,
  input: UpdateAgreementInput,
): Promise<IAgreement> {
  assertOperator(authz.actor);
  await lockOrganisationOf(em, 'agreement', input.agreementId);
  const agreement = await em.findOne(Agreement, { id: input.agreementId });
  if (!agreement) throw new NotFoundError('No agreement has this agreementId.');
  assertVersion(agreement, input.expectedVersion, 'agreement');
  const before = agreementSnapshot(agreement);
  if (input.reference != null) agreement.reference = requiredName(input.reference, 'reference', 100);
  if (input.validFrom != null) agreement.validFrom = input.validFrom;
  if (input.validUntil !== undefined) agreement.validUntil = input.validUntil;
  validity(agreement.validFrom, agreement.validUntil);
  bumpVersion(agreement);
  audit(em, authz.actor, {
    organisation: agreement.organisation,
    action: 'agreement.updated',
    targetType: 'Agreement',
    targetId: agreement.id,
    before,
    after: agreementSnapshot(agreement),
  });
  await em.flush();
  return agreement;
}

export interface AddAgreementItemInput {
  agreementId: string;
  serviceRoleId: string;
  validFrom?: string | null;
  validUntil?: string | null;
  expectedVersion?: number | null;
}

/** Lets the organisation hand out one more service role, for a period or open-ended. */
export async function addAgreementItem(
  em: EntityManager,
  authz: Authz,
  input: AddAgreementItemInput,
): Promise<IAgreementItem> {
  assertOperator(authz.actor);
  await lockOrganisationOf(em, 'agreement', input.agreementId);
  const agreement = await em.findOne(Agreement, { id: input.agreementId });
  if (!agreement) throw new NotFoundError('No agreement has this agreementId.');
  assertVersion(agreement, input.expectedVersion, 'agreement');
  const role = await em.findOne(ServiceRole, { id: input.serviceRoleId });
  if (!role) throw new NotFoundError('No service role has this serviceRoleId.');
  const dates = validity(input.validFrom, input.validUntil);
  if (await em.findOne(AgreementItem, { agreement: agreement.id, serviceRole: role.id }))
    throw new ConflictError('This service role is already in the agreement.', 'serviceRoleId');
  const item = em.create(AgreementItem, {
    agreement: agreement.id,
    organisation: agreement.organisation,
    serviceRole: role.id,
    ...dates,
  });
  bumpVersion(agreement);
  audit(em, authz.actor, {
    organisation: agreement.organisation,
    action: 'agreement-item.added',
    targetType: 'AgreementItem',
    targetId: item.id,
    after: { agreementId: agreement.id, serviceRoleId: role.id, ...dates },
  });
  await em.flush();
  return item;
}

/**
 * Takes a service role out of the agreement. Grants of it stay recorded but stop counting: effective access
 * keeps only what the agreement allows (rule 3), so they show as suspended until the role comes back.
 */
export async function removeAgreementItem(
  em: EntityManager,
  authz: Authz,
  itemId: string,
  expectedVersion?: number | null,
): Promise<IAgreement> {
  assertOperator(authz.actor);
  await lockOrganisationOf(em, 'agreement_item', itemId);
  const item = await em.findOne(AgreementItem, { id: itemId });
  if (!item) throw new NotFoundError('No agreement item has this id.');
  const agreement = await em.findOneOrFail(Agreement, { id: item.agreement });
  assertVersion(agreement, expectedVersion, 'agreement');
  bumpVersion(agreement);
  audit(em, authz.actor, {
    organisation: item.organisation,
    action: 'agreement-item.removed',
    targetType: 'AgreementItem',
    targetId: item.id,
    before: {
      agreementId: item.agreement,
      serviceRoleId: item.serviceRole,
      validFrom: item.validFrom ?? null,
      validUntil: item.validUntil ?? null,
    },
  });
  em.remove(item);
  await em.flush();
  return agreement;
}
