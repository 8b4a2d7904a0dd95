import { globalId, parseId, parseOptionalId } from '../../lib/ids.js';
import {
  nameAdministrator,
  namePrincipalAdministrator,
  removeAdministrator,
} from '../../modules/admins/admin-role.service.js';
import { authzIn } from '../authz.js';
import { builder } from '../builder.js';
import { MUTATION_ERRORS } from '../errors/index.js';
import { inTransaction } from '../mutation.js';
import { AdminRoleRef } from '../refs.js';
import { AdminRoleKindEnum } from '../types/admin-role.js';

const NameAdministratorInput = builder.inputType('NameAdministratorInput', {
  fields: (t) => ({
    memberId: t.id(),
    kind: t.field({ type: AdminRoleKindEnum }),
    unitId: t.id({ required: false, description: 'For a role on a unit subtree.' }),
    groupId: t.id({ required: false, description: 'For a role on a group subtree.' }),
    validUntil: t.field({
      type: 'DateTime',
      required: false,
      description: 'A time-limited delegation ends then.',
    }),
  }),
});

builder.mutationField('nameAdministrator', (t) =>
  t.field({
    type: AdminRoleRef,
    description: 'Names a member to an admin role, only below the caller’s own level (rule 1).',
    errors: { types: MUTATION_ERRORS },
    authScopes: { operator: true, actingMember: true },
    args: { input: t.arg({ type: NameAdministratorInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      inTransaction(ctx, async (tx) =>
        nameAdministrator(tx, await authzIn(ctx, tx), {
          memberId: parseId(input.memberId, 'Member', 'memberId'),
          kind: input.kind,
          unitId: parseOptionalId(input.unitId, 'Unit', 'unitId'),
          groupId: parseOptionalId(input.groupId, 'Group', 'groupId'),
          validUntil: input.validUntil ?? null,
        }),
      ),
  }),
);

const RemoveAdministratorInput = builder.inputType('RemoveAdministratorInput', {
  fields: (t) => ({ adminRoleId: t.id() }),
});

builder.mutationField('removeAdministrator', (t) =>
  t.field({
    type: 'ID',
    description:
      'Removes an admin role (the operator takes a delegation back); the last principal admin stays (rule 6). Returns its id.',
    errors: { types: MUTATION_ERRORS },
    authScopes: { operator: true, actingMember: true },
    args: { input: t.arg({ type: RemoveAdministratorInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      inTransaction(ctx, async (tx) =>
        globalId(
          'AdminRole',
          await removeAdministrator(
            tx,
            await authzIn(ctx, tx),
            parseId(input.adminRoleId, 'AdminRole', 'adminRoleId'),
          ),
        ),
      ),
  }),
);

const NewPersonInput = builder.inputType('NewPersonInput', {
  fields: (t) => ({
    firstName: t.string(),
    lastName: t.string(),
    email: t.string({ description: 'Nominative: a shared mailbox such as contact@ is refused.' }),
  }),
});

const NamePrincipalAdministratorInput = builder.inputType('NamePrincipalAdministratorInput', {
  fields: (t) => ({
    organisationId: t.id(),
    personId: t.id({ required: false, description: 'A person who has an account…' }),
    existingPersonEmail: t.string({
      required: false,
      description: '…or the e-mail address of a person who has an account…',
    }),
    newPerson: t.field({ type: NewPersonInput, required: false, description: '…or a new account.' }),
  }),
});

builder.mutationField('namePrincipalAdministrator', (t) =>
  t.field({
    type: AdminRoleRef,
    description:
      'The operator names the principal (partner) administrator of an organisation; a new person gets a welcome e-mail to choose a password.',
    errors: { types: MUTATION_ERRORS },
    authScopes: { operator: true },
    args: { input: t.arg({ type: NamePrincipalAdministratorInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      inTransaction(ctx, async (tx) =>
        namePrincipalAdministrator(
          tx,
          (await authzIn(ctx, tx)).actor,
          {
            organisationId: parseId(input.organisationId, 'Organisation', 'organisationId'),
            personId: parseOptionalId(input.personId, 'Person', 'personId'),
            existingPersonEmail: input.existingPersonEmail ?? null,
            newPerson: input.newPerson ?? null,
          },
          ctx.appUrl(),
          ctx.now,
        ),
      ),
  }),
);
