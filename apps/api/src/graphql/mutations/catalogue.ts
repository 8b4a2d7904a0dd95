import { parseId } from '../../lib/ids.js';
import {
  addAgreementItem,
  createAgreement,
  removeAgreementItem,
  updateAgreement,
} from '../../modules/catalogue/agreement.service.js';
import {
  createService,
  createServiceRole,
  updateService,
} from '../../modules/catalogue/catalogue.service.js';
import { authzIn } from '../authz.js';
import { builder } from '../builder.js';
import { MUTATION_ERRORS } from '../errors/index.js';
import { EXPECTED_VERSION, inTransaction } from '../mutation.js';
import { AgreementItemRef, AgreementRef, ServiceRef, ServiceRoleRef } from '../refs.js';
import { AccessLevelEnum } from '../types/catalogue.js';

const CreateServiceInput = builder.inputType('CreateServiceInput', {
  fields: (t) => ({
    code: t.string({ description: 'Unique, upper case letters, digits, - or _.' }),
    name: t.string(),
    description: t.string({ required: false }),
    accessLevel: t.field({ type: AccessLevelEnum }),
  }),
});

builder.mutationField('createService', (t) =>
  t.field({
    type: ServiceRef,
    errors: { types: MUTATION_ERRORS },
    authScopes: { operator: true },
    args: { input: t.arg({ type: CreateServiceInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      inTransaction(ctx, async (tx) => createService(tx, await authzIn(ctx, tx), input)),
  }),
);

const UpdateServiceInput = builder.inputType('UpdateServiceInput', {
  fields: (t) => ({
    serviceId: t.id(),
    name: t.string({ required: false }),
    description: t.string({ required: false, description: 'An empty text removes the description.' }),
    accessLevel: t.field({ type: AccessLevelEnum, required: false }),
  }),
});

builder.mutationField('updateService', (t) =>
  t.field({
    type: ServiceRef,
    errors: { types: MUTATION_ERRORS },
    authScopes: { operator: true },
    args: { input: t.arg({ type: UpdateServiceInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      inTransaction(ctx, async (tx) =>
        updateService(tx, await authzIn(ctx, tx), {
          ...input,
          serviceId: parseId(input.serviceId, 'Service', 'serviceId'),
        }),
      ),
  }),
);

const CreateServiceRoleInput = builder.inputType('CreateServiceRoleInput', {
  fields: (t) => ({
    serviceId: t.id(),
    code: t.string({ description: 'Unique within the service, lower case letters, digits, - or _.' }),
    name: t.string(),
  }),
});

builder.mutationField('createServiceRole', (t) =>
  t.field({
    type: ServiceRoleRef,
    errors: { types: MUTATION_ERRORS },
    authScopes: { operator: true },
    args: { input: t.arg({ type: CreateServiceRoleInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      inTransaction(ctx, async (tx) =>
        createServiceRole(tx, await authzIn(ctx, tx), {
          ...input,
          serviceId: parseId(input.serviceId, 'Service', 'serviceId'),
        }),
      ),
  }),
);

const CreateAgreementInput = builder.inputType('CreateAgreementInput', {
  fields: (t) => ({
    organisationId: t.id(),
    reference: t.string(),
    validFrom: t.field({ type: 'Date' }),
    validUntil: t.field({ type: 'Date', required: false }),
  }),
});

builder.mutationField('createAgreement', (t) =>
  t.field({
    type: AgreementRef,
    description: 'The agreement of an organisation (Caf step 2); one per organisation.',
    errors: { types: MUTATION_ERRORS },
    authScopes: { operator: true },
    args: { input: t.arg({ type: CreateAgreementInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      inTransaction(ctx, async (tx) =>
        createAgreement(tx, await authzIn(ctx, tx), {
          ...input,
          organisationId: parseId(input.organisationId, 'Organisation', 'organisationId'),
        }),
      ),
  }),
);

const UpdateAgreementInput = builder.inputType('UpdateAgreementInput', {
  fields: (t) => ({
    agreementId: t.id(),
    reference: t.string({ required: false }),
    validFrom: t.field({ type: 'Date', required: false }),
    validUntil: t.field({ type: 'Date', required: false, description: 'null makes it open-ended.' }),
    expectedVersion: t.int({ required: false, description: EXPECTED_VERSION }),
  }),
});

builder.mutationField('updateAgreement', (t) =>
  t.field({
    type: AgreementRef,
    errors: { types: MUTATION_ERRORS },
    authScopes: { operator: true },
    args: { input: t.arg({ type: UpdateAgreementInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      inTransaction(ctx, async (tx) =>
        updateAgreement(tx, await authzIn(ctx, tx), {
          ...input,
          agreementId: parseId(input.agreementId, 'Agreement', 'agreementId'),
        }),
      ),
  }),
);

const AddAgreementItemInput = builder.inputType('AddAgreementItemInput', {
  fields: (t) => ({
    agreementId: t.id(),
    serviceRoleId: t.id(),
    validFrom: t.field({ type: 'Date', required: false }),
    validUntil: t.field({ type: 'Date', required: false }),
    expectedVersion: t.int({ required: false, description: EXPECTED_VERSION }),
  }),
});

builder.mutationField('addAgreementItem', (t) =>
  t.field({
    type: AgreementItemRef,
    description: 'Lets the organisation hand out one more service role.',
    errors: { types: MUTATION_ERRORS },
    authScopes: { operator: true },
    args: { input: t.arg({ type: AddAgreementItemInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      inTransaction(ctx, async (tx) =>
        addAgreementItem(tx, await authzIn(ctx, tx), {
          ...input,
          agreementId: parseId(input.agreementId, 'Agreement', 'agreementId'),
          serviceRoleId: parseId(input.serviceRoleId, 'ServiceRole', 'serviceRoleId'),
        }),
      ),
  }),
);

const RemoveAgreementItemInput = builder.inputType('RemoveAgreementItemInput', {
  fields: (t) => ({
    agreementItemId: t.id(),
    expectedVersion: t.int({ required: false, description: EXPECTED_VERSION }),
  }),
});

builder.mutationField('removeAgreementItem', (t) =>
  t.field({
    type: AgreementRef,
    description:
      'Takes a service role out of the agreement; existing grants of it stop counting (shown as suspended).',
    errors: { types: MUTATION_ERRORS },
    authScopes: { operator: true },
    args: { input: t.arg({ type: RemoveAgreementItemInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      inTransaction(ctx, async (tx) =>
        removeAgreementItem(
          tx,
          await authzIn(ctx, tx),
          parseId(input.agreementItemId, 'AgreementItem', 'agreementItemId'),
          input.expectedVersion,
        ),
      ),
  }),
);
