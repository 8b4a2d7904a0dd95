import {
  type AdminRoleKind,
  activeHoldings,
  canActOnAdmin,
  DELEGATION_STATE_VALUES,
  delegationStateAt,
  isDelegatedHolding,
} from '@tessera/domain';
import type { RequestContext } from '../../context.js';
import { Delegation, type IDelegation } from '../../modules/delegations/delegation.entity.js';
import { delegationScope, listDelegations } from '../../modules/delegations/delegation.service.js';
import { authzOf } from '../authz.js';
import { allowedOnMember, builder } from '../builder.js';
import { DelegationRef, GroupRef, MemberRef, OrganisationRef, UnitRef } from '../refs.js';
import { AdminRoleKindEnum } from './admin-role.js';

/** A party of a delegation as a Member object, only for a viewer who may read that member (else null, no error). */
async function readableMember(ctx: RequestContext, memberId: string) {
  const actor = await ctx.actor();
  if (!actor || !(await allowedOnMember(ctx, actor, 'member:read', memberId))) return null;
  return ctx.loaders.member.load(memberId);
}

/** The first and last name of a party (the delegation's viewers were told it by e-mail). */
async function memberName(ctx: RequestContext, memberId: string): Promise<string> {
  const member = await ctx.loaders.member.load(memberId);
  const person = member ? await ctx.loaders.person.load(member.person) : null;
  return person ? `${person.firstName} ${person.lastName}` : '';
}

export const DelegationStateEnum = builder.enumType('DelegationState', { values: DELEGATION_STATE_VALUES });

builder.node(DelegationRef, {
  description:
    'A delegation for a period (guide 004): the delegator’s admin role, whole or on one unit or group, handed to another member from `startsAt` to `endsAt`. Seen by its delegator and delegate, by administrators who read the administrators of its part, and by the operator.',
  authScopes: async (delegation, ctx) => {
    const actor = await ctx.actor();
    const party =
      actor?.kind === 'member' &&
      actor.organisationId === delegation.organisation &&
      (actor.memberId === delegation.delegator || actor.memberId === delegation.delegate);
    return party
      ? { actingMember: true }
      : { operator: true, can: { action: 'admin:read', scope: delegationScope(delegation) } };
  },
  id: { resolve: (delegation) => delegation.id },
  loadMany: async (ids, ctx) => {
    const rows = await ctx.em.find(Delegation, { id: { $in: [...ids] } });
    return ids.map((id) => rows.find((row) => row.id === id) ?? null) as IDelegation[];
  },
  fields: (t) => ({
    kind: t.field({
      type: AdminRoleKindEnum,
      description: 'The delegated role.',
      resolve: (d) => d.roleKind,
    }),
    state: t.field({
      type: DelegationStateEnum,
      description: 'Scheduled, active, ended or revoked, now.',
      resolve: (d, _args, ctx) => delegationStateAt(d, ctx.now),
    }),
    delegator: t.field({
      type: MemberRef,
      nullable: true,
      description: 'The member who delegates, when the viewer may read it (`delegatorName` always says who).',
      resolve: (d, _args, ctx) => readableMember(ctx, d.delegator),
    }),
    delegate: t.field({
      type: MemberRef,
      nullable: true,
      description:
        'The member who receives the role, when the viewer may read it (`delegateName` always says who).',
      resolve: (d, _args, ctx) => readableMember(ctx, d.delegate),
    }),
    delegatorName: t.string({ resolve: (d, _args, ctx) => memberName(ctx, d.delegator) }),
    delegateName: t.string({ resolve: (d, _args, ctx) => memberName(ctx, d.delegate) }),
    organisation: t.field({
      type: OrganisationRef,
      resolve: async (d, _args, ctx) => (await ctx.loaders.organisation.load(d.organisation))!,
    }),
    unit: t.field({
      type: UnitRef,
      nullable: true,
      description: 'The delegated unit, when only a unit of the role is delegated.',
      resolve: (d, _args, ctx) => (d.unit ? ctx.loaders.unit.load(d.unit) : null),
    }),
    group: t.field({
      type: GroupRef,
      nullable: true,
      description: 'The delegated group, when only a group of the role is delegated.',
      resolve: (d, _args, ctx) => (d.group ? ctx.loaders.group.load(d.group) : null),
    }),
    startsAt: t.field({ type: 'DateTime', resolve: (d) => d.startsAt }),
    endsAt: t.field({ type: 'DateTime', resolve: (d) => d.endsAt }),
    revokedAt: t.field({ type: 'DateTime', nullable: true, resolve: (d) => d.revokedAt ?? null }),
    reason: t.exposeString('reason'),
    createdAt: t.field({ type: 'DateTime', resolve: (d) => d.createdAt }),
    viewerCanRevoke: t.boolean({
      description:
        'Whether the viewer may revoke it now: its delegator or an administrator above the role, while scheduled or active.',
      resolve: async (d, _args, ctx) => {
        const actor = await ctx.actor();
        if (!actor) return false;
        const state = delegationStateAt(d, ctx.now);
        if (state !== 'SCHEDULED' && state !== 'ACTIVE') return false;
        if (actor.kind === 'member' && actor.memberId === d.delegator) return true;
        return canActOnAdmin(
          actor,
          [{ kind: d.roleKind, scope: delegationScope(d) }],
          await ctx.topology(d.organisation),
          ctx.now,
        );
      },
    }),
  }),
});

builder.objectField(OrganisationRef, 'delegations', (t) =>
  t.connection({
    type: DelegationRef,
    description:
      'Its delegations for a period, oldest first: all of them for administrators who read its administrators, those of their units and groups for others, and those a member gave or received.',
    authScopes: (organisation) => ({ organisation: organisation.id }),
    resolve: async (organisation, args, ctx) =>
      listDelegations(ctx.em, await authzOf(ctx), organisation.id, args),
  }),
);

interface DelegableRole {
  kind: AdminRoleKind;
  organisationId: string;
  unitId: string | null;
  groupId: string | null;
}

const DelegableRoleRef = builder.objectRef<DelegableRole>('DelegableRole').implement({
  description:
    'One of the viewer’s own admin roles, which it may delegate (whole, or one unit or group of it).',
  authScopes: { actingMember: true },
  fields: (t) => ({
    kind: t.field({ type: AdminRoleKindEnum, resolve: (role) => role.kind }),
    unit: t.field({
      type: UnitRef,
      nullable: true,
      resolve: (role, _args, ctx) => (role.unitId ? ctx.loaders.unit.load(role.unitId) : null),
    }),
    group: t.field({
      type: GroupRef,
      nullable: true,
      resolve: (role, _args, ctx) => (role.groupId ? ctx.loaders.group.load(role.groupId) : null),
    }),
  }),
});

builder.objectField(OrganisationRef, 'viewerDelegableRoles', (t) =>
  t.field({
    type: [DelegableRoleRef],
    description:
      'The admin roles the viewer holds itself in this organisation now (not those it received by delegation): what createDelegation accepts.',
    authScopes: (organisation) => ({ organisation: organisation.id }),
    resolve: async (organisation, _args, ctx) => {
      const actor = await ctx.actor();
      if (actor?.kind !== 'member' || actor.organisationId !== organisation.id) return [];
      return activeHoldings(actor.holdings, ctx.now)
        .filter((holding) => !isDelegatedHolding(holding) && holding.scope.organisationId === organisation.id)
        .map((holding) => ({
          kind: holding.kind,
          organisationId: organisation.id,
          unitId: holding.scope.kind === 'UNIT' ? holding.scope.unitId : null,
          groupId: holding.scope.kind === 'GROUP' ? holding.scope.groupId : null,
        }));
    },
  }),
);
