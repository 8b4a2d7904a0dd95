import { globalId, parseId, parseOptionalId } from '../../lib/ids.js';
import {
  activateOrganisation,
  createOrganisation,
  reactivateOrganisation,
  suspendOrganisation,
} from '../../modules/organisations/organisation.service.js';
import { createUnit, deleteUnit, moveUnit, renameUnit } from '../../modules/organisations/unit.service.js';
import { authzIn } from '../authz.js';
import { builder } from '../builder.js';
import { MUTATION_ERRORS } from '../errors/index.js';
import { EXPECTED_VERSION, inTransaction } from '../mutation.js';
import { OrganisationRef, UnitRef } from '../refs.js';
import { RegistryKindEnum } from '../types/organisation.js';

const CreateOrganisationInput = builder.inputType('CreateOrganisationInput', {
  fields: (t) => ({
    name: t.string(),
    registryKind: t.field({ type: RegistryKindEnum }),
    registryNumber: t.string({
      description: 'Separators allowed; stored normalised (SIREN 9 digits, IDE CHE-123.456.789…).',
    }),
  }),
});

builder.mutationField('createOrganisation', (t) =>
  t.field({
    type: OrganisationRef,
    description:
      'The operator creates an organisation, pending activation by its principal admin (Caf step 1).',
    errors: { types: MUTATION_ERRORS },
    authScopes: { operator: true },
    args: { input: t.arg({ type: CreateOrganisationInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      inTransaction(ctx, async (tx) => createOrganisation(tx, await authzIn(ctx, tx), input)),
  }),
);

const OrganisationIdInput = builder.inputType('OrganisationIdInput', {
  fields: (t) => ({
    organisationId: t.id(),
    expectedVersion: t.int({ required: false, description: EXPECTED_VERSION }),
  }),
});

builder.mutationField('suspendOrganisation', (t) =>
  t.field({
    type: OrganisationRef,
    description: 'The operator suspends an organisation: its members lose every access until reactivated.',
    errors: { types: MUTATION_ERRORS },
    authScopes: { operator: true },
    args: { input: t.arg({ type: OrganisationIdInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      inTransaction(ctx, async (tx) =>
        suspendOrganisation(
          tx,
          await authzIn(ctx, tx),
          parseId(input.organisationId, 'Organisation', 'organisationId'),
          input.expectedVersion,
        ),
      ),
  }),
);

builder.mutationField('reactivateOrganisation', (t) =>
  t.field({
    type: OrganisationRef,
    description: 'The operator lifts a suspension.',
    errors: { types: MUTATION_ERRORS },
    authScopes: { operator: true },
    args: { input: t.arg({ type: OrganisationIdInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      inTransaction(ctx, async (tx) =>
        reactivateOrganisation(
          tx,
          await authzIn(ctx, tx),
          parseId(input.organisationId, 'Organisation', 'organisationId'),
          input.expectedVersion,
        ),
      ),
  }),
);

builder.mutationField('activateOrganisation', (t) =>
  t.field({
    type: OrganisationRef,
    description: 'The principal admin of a pending organisation activates it (CSAM, at first sign-in).',
    errors: { types: MUTATION_ERRORS },
    authScopes: { operator: true, actingMember: true },
    args: { input: t.arg({ type: OrganisationIdInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      inTransaction(ctx, async (tx) =>
        activateOrganisation(
          tx,
          await authzIn(ctx, tx),
          parseId(input.organisationId, 'Organisation', 'organisationId'),
          input.expectedVersion,
        ),
      ),
  }),
);

const CreateUnitInput = builder.inputType('CreateUnitInput', {
  fields: (t) => ({
    organisationId: t.id(),
    parentId: t.id({ required: false, description: 'The parent unit; none puts it at the top.' }),
    name: t.string(),
  }),
});

builder.mutationField('createUnit', (t) =>
  t.field({
    type: UnitRef,
    description: 'Creates a unit at the top of the organisation or under a parent (unit:manage there).',
    errors: { types: MUTATION_ERRORS },
    authScopes: { operator: true, actingMember: true },
    args: { input: t.arg({ type: CreateUnitInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      inTransaction(ctx, async (tx) =>
        createUnit(tx, await authzIn(ctx, tx), {
          organisationId: parseId(input.organisationId, 'Organisation', 'organisationId'),
          parentId: parseOptionalId(input.parentId, 'Unit', 'parentId'),
          name: input.name,
        }),
      ),
  }),
);

const RenameUnitInput = builder.inputType('RenameUnitInput', {
  fields: (t) => ({
    unitId: t.id(),
    name: t.string(),
    expectedVersion: t.int({ required: false, description: EXPECTED_VERSION }),
  }),
});

builder.mutationField('renameUnit', (t) =>
  t.field({
    type: UnitRef,
    errors: { types: MUTATION_ERRORS },
    authScopes: { operator: true, actingMember: true },
    args: { input: t.arg({ type: RenameUnitInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      inTransaction(ctx, async (tx) =>
        renameUnit(
          tx,
          await authzIn(ctx, tx),
          parseId(input.unitId, 'Unit', 'unitId'),
          input.name,
          input.expectedVersion,
        ),
      ),
  }),
);

const MoveUnitInput = builder.inputType('MoveUnitInput', {
  fields: (t) => ({
    unitId: t.id(),
    parentId: t.id({ required: false, description: 'The new parent; none moves it to the top.' }),
    expectedVersion: t.int({ required: false, description: EXPECTED_VERSION }),
  }),
});

builder.mutationField('moveUnit', (t) =>
  t.field({
    type: UnitRef,
    description: 'Moves a unit with its subtree under another parent, never under itself.',
    errors: { types: MUTATION_ERRORS },
    authScopes: { operator: true, actingMember: true },
    args: { input: t.arg({ type: MoveUnitInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      inTransaction(ctx, async (tx) =>
        moveUnit(
          tx,
          await authzIn(ctx, tx),
          parseId(input.unitId, 'Unit', 'unitId'),
          parseOptionalId(input.parentId, 'Unit', 'parentId'),
          input.expectedVersion,
        ),
      ),
  }),
);

const UnitIdInput = builder.inputType('UnitIdInput', {
  fields: (t) => ({
    unitId: t.id(),
    expectedVersion: t.int({ required: false, description: EXPECTED_VERSION }),
  }),
});

builder.mutationField('deleteUnit', (t) =>
  t.field({
    type: 'ID',
    description: 'Deletes an empty unit (no sub-units, members, groups or admin roles); returns its id.',
    errors: { types: MUTATION_ERRORS },
    authScopes: { operator: true, actingMember: true },
    args: { input: t.arg({ type: UnitIdInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      inTransaction(ctx, async (tx) =>
        globalId(
          'Unit',
          await deleteUnit(
            tx,
            await authzIn(ctx, tx),
            parseId(input.unitId, 'Unit', 'unitId'),
            input.expectedVersion,
          ),
        ),
      ),
  }),
);
