import { parseId, parseOptionalId } from '../../lib/ids.js';
import { createDelegation, revokeDelegation } from '../../modules/delegations/delegation.service.js';
import { authzIn } from '../authz.js';
import { builder } from '../builder.js';
import { MUTATION_ERRORS } from '../errors/index.js';
import { inTransaction } from '../mutation.js';
import { DelegationRef } from '../refs.js';
import { AdminRoleKindEnum } from '../types/admin-role.js';

const CreateDelegationInput = builder.inputType('CreateDelegationInput', {
  fields: (t) => ({
    delegateId: t.id({ description: 'The member who receives the role, in the caller’s organisation.' }),
    kind: t.field({ type: AdminRoleKindEnum, description: 'One of the caller’s own admin roles.' }),
    unitId: t.id({ required: false, description: 'Delegate only this unit of the role’s scope.' }),
    groupId: t.id({ required: false, description: 'Delegate only this group of the role’s scope.' }),
    startsAt: t.field({ type: 'DateTime', required: false, description: 'Now when omitted.' }),
    endsAt: t.field({ type: 'DateTime', description: 'After the start, at most a year later.' }),
    reason: t.string({ description: 'Why (holidays, absence); at most 500 characters.' }),
  }),
});

builder.mutationField('createDelegation', (t) =>
  t.field({
    type: DelegationRef,
    description:
      'Delegates one of the caller’s own admin roles, whole or on one unit or group of it, to another member for a period (rule 1: never more than the caller holds, never a role received by delegation). Delegate and delegator are told.',
    errors: { types: MUTATION_ERRORS },
    authScopes: { actingMember: true },
    args: { input: t.arg({ type: CreateDelegationInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      inTransaction(ctx, async (tx) =>
        createDelegation(tx, await authzIn(ctx, tx), {
          delegateId: parseId(input.delegateId, 'Member', 'delegateId'),
          roleKind: input.kind,
          unitId: parseOptionalId(input.unitId, 'Unit', 'unitId'),
          groupId: parseOptionalId(input.groupId, 'Group', 'groupId'),
          startsAt: input.startsAt ?? null,
          endsAt: input.endsAt,
          reason: input.reason,
        }),
      ),
  }),
);

const RevokeDelegationInput = builder.inputType('RevokeDelegationInput', {
  fields: (t) => ({ delegationId: t.id() }),
});

builder.mutationField('revokeDelegation', (t) =>
  t.field({
    type: DelegationRef,
    description:
      'Ends a scheduled or active delegation now: its delegator, an administrator above the delegated role, or the operator. Delegate and delegator are told.',
    errors: { types: MUTATION_ERRORS },
    authScopes: { operator: true, actingMember: true },
    args: { input: t.arg({ type: RevokeDelegationInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      inTransaction(ctx, async (tx) =>
        revokeDelegation(
          tx,
          await authzIn(ctx, tx),
          parseId(input.delegationId, 'Delegation', 'delegationId'),
        ),
      ),
  }),
);
