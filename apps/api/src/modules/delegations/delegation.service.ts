import type { EntityManager } from '@mikro-orm/postgresql';
import {
  ADMIN_ROLE_KIND_VALUES,
  type AdminRoleKind,
  assertMayDelegate,
  canActOnAdmin,
  delegationStateAt,
  reachOf,
  type ScopeRef,
} from '@tessera/domain';
import {
  ConflictError,
  InvalidInputError,
  NotAuthorisedError,
  NotFoundError,
  RuleError,
} from '../../errors.js';
import { afterKey, type ConnectionArgs, keysetPage } from '../../lib/keyset.js';
import { roleScopeIn } from '../admins/role-scope.js';
import { audit } from '../audit/audit.service.js';
import { type Authz, assertReaches, rule } from '../authz/authz.js';
import { Member } from '../members/member.entity.js';
import { refreshActorUnderLock } from '../members/member-target.js';
import { lockOrganisation } from '../organisations/organisation.service.js';
import { Delegation, type IDelegation } from './delegation.entity.js';
import { noticeDelegation } from './delegation-notices.js';

export const REASON_MAX_LENGTH = 500;
/** At most this many delegations of one delegator are scheduled or active at a time (a limit before the work). */
export const MAX_OPEN_DELEGATIONS = 20;

export interface CreateDelegationInput {
  delegateId: string;
  roleKind: AdminRoleKind;
  unitId?: string | null;
  groupId?: string | null;
  /** absent: now */
  startsAt?: Date | null;
  endsAt: Date;
  reason: string;
}

/** What an audit event keeps of a delegation. */
export function delegationSnapshot(delegation: IDelegation): Record<string, unknown> {
  return {
    delegatorId: delegation.delegator,
    memberId: delegation.delegate,
    kind: delegation.roleKind,
    unitId: delegation.unit ?? null,
    groupId: delegation.group ?? null,
    startsAt: delegation.startsAt.toISOString(),
    endsAt: delegation.endsAt.toISOString(),
    reason: delegation.reason,
  };
}

export const delegationScope = (delegation: IDelegation): ScopeRef =>
  delegation.group
    ? { kind: 'GROUP', organisationId: delegation.organisation, groupId: delegation.group }
    : delegation.unit
      ? { kind: 'UNIT', organisationId: delegation.organisation, unitId: delegation.unit }
      : { kind: 'ORGANISATION', organisationId: delegation.organisation };

/**
 * An administrator delegates one of its own admin roles, whole or on one unit or group of it, to another active
 * member of its organisation for a period (guide 004). Under the organisation lock, the actor's own roles are read
 * again; the domain's `assertMayDelegate` checks the rest (rule 1: held, within scope, not itself delegated).
 * Audited, and the delegate and delegator are told (e-mail and in-app) in the same transaction.
 */
export async function createDelegation(
  em: EntityManager,
  authz: Authz,
  input: CreateDelegationInput,
): Promise<IDelegation> {
  const [row] = await em.execute<{ organisation_id: string }[]>(
    'select organisation_id from member where id = ?',
    [input.delegateId],
  );
  if (!row) throw new NotFoundError('No member has this delegateId.');
  assertReaches(authz.actor, row.organisation_id);
  const organisationId = row.organisation_id;
  if (authz.actor.kind !== 'member' || authz.actor.organisationId !== organisationId)
    throw new NotAuthorisedError('Only an administrator of this organisation delegates its own role.');
  await lockOrganisation(em, organisationId);
  await refreshActorUnderLock(em, authz);
  const actor = authz.actor;
  if (actor.kind !== 'member') throw new NotAuthorisedError();
  if (!ADMIN_ROLE_KIND_VALUES.includes(input.roleKind))
    throw new InvalidInputError('roleKind', 'Unknown kind of role.');
  const scope = await roleScopeIn(em, organisationId, input, 'Delegate a unit or a group, not both.');
  const reason = input.reason.trim().replace(/\s+/g, ' ');
  if (reason.length === 0) throw new InvalidInputError('reason', 'Say why you delegate.');
  if (reason.length > REASON_MAX_LENGTH)
    throw new InvalidInputError('reason', `Use at most ${REASON_MAX_LENGTH} characters.`);
  // Counted under the organisation lock, so concurrent creations cannot pass the limit together.
  const [open] = await em.execute<{ n: number }[]>(
    'select count(*)::int as n from delegation where delegator_id = ? and revoked_at is null and ends_at > ?',
    [actor.memberId, authz.now],
  );
  if (open!.n >= MAX_OPEN_DELEGATIONS)
    throw new ConflictError(
      `You already have ${MAX_OPEN_DELEGATIONS} delegations scheduled or active: revoke one first.`,
      'delegateId',
    );
  const delegate = await em.findOne(Member, { id: input.delegateId });
  const startsAt = input.startsAt ?? authz.now;
  const topology = await authz.topology(organisationId);
  rule(() =>
    assertMayDelegate(
      {
        organisationId,
        delegatorMemberId: actor.memberId,
        delegateMemberId: input.delegateId,
        roleKind: input.roleKind,
        scope,
        startsAt,
        endsAt: input.endsAt,
      },
      actor.holdings,
      delegate?.status === 'ACTIVE' && delegate.organisation === organisationId,
      topology,
      authz.now,
    ),
  );
  const delegation = em.create(Delegation, {
    organisation: organisationId,
    delegator: actor.memberId,
    delegate: input.delegateId,
    roleKind: input.roleKind,
    unit: scope.kind === 'UNIT' ? scope.unitId : null,
    group: scope.kind === 'GROUP' ? scope.groupId : null,
    startsAt,
    endsAt: input.endsAt,
    reason,
    createdBy: actor.personId,
    // starting now: the grant's notice says so, the transitions job sends no second "started" notice
    startedNotifiedAt: startsAt.getTime() <= authz.now.getTime() ? authz.now : null,
  });
  audit(em, actor, {
    organisation: organisationId,
    action: 'delegation.created',
    targetType: 'Delegation',
    targetId: delegation.id,
    after: delegationSnapshot(delegation),
  });
  await noticeDelegation(em, delegation, 'GRANTED');
  await em.flush();
  return delegation;
}

/**
 * Ends a delegation early: its delegator, an administrator above the delegated role (`canActOnAdmin` on that role
 * and part), or the operator. Scheduled or active only (a revoked or ended one is INVALID_TRANSITION). The row is
 * read under the organisation lock, so a revoke and an action of the delegate are serialised: the action either
 * committed before, or re-reads the delegate's holdings (`currentActor`) and finds it gone.
 */
export async function revokeDelegation(
  em: EntityManager,
  authz: Authz,
  delegationId: string,
): Promise<IDelegation> {
  const [row] = await em.execute<{ organisation_id: string }[]>(
    'select organisation_id from delegation where id = ?',
    [delegationId],
  );
  if (!row) throw new NotFoundError('No delegation has this id.');
  assertReaches(authz.actor, row.organisation_id);
  await lockOrganisation(em, row.organisation_id);
  await refreshActorUnderLock(em, authz);
  const delegation = await em.findOne(Delegation, { id: delegationId });
  if (!delegation) throw new NotFoundError('No delegation has this id.');
  const actor = authz.actor;
  const own = actor.kind === 'member' && actor.memberId === delegation.delegator;
  const topology = await authz.topology(delegation.organisation);
  const above = canActOnAdmin(
    actor,
    [{ kind: delegation.roleKind, scope: delegationScope(delegation) }],
    topology,
    authz.now,
  );
  if (!own && !above) {
    const mine = actor.kind === 'member' && actor.memberId === delegation.delegate;
    if (!mine && !(await canSeeDelegations(authz, delegation.organisation)))
      throw new NotFoundError('No delegation has this id.');
    throw new NotAuthorisedError('Only the delegator or an administrator above it revokes this delegation.');
  }
  const state = delegationStateAt(delegation, authz.now);
  if (state === 'REVOKED' || state === 'ENDED')
    throw new RuleError('INVALID_TRANSITION', `This delegation is already ${state.toLowerCase()}.`, 'id');
  const before = delegationSnapshot(delegation);
  delegation.revokedAt = authz.now;
  delegation.revokedBy = actor.personId;
  // the revoke's notice is its end notice: the transitions job sends none
  delegation.endedNotifiedAt = authz.now;
  delegation.startedNotifiedAt ??= authz.now;
  audit(em, actor, {
    organisation: delegation.organisation,
    action: 'delegation.revoked',
    targetType: 'Delegation',
    targetId: delegation.id,
    before,
    after: { ...before, revokedAt: authz.now.toISOString() },
  });
  await noticeDelegation(em, delegation, 'REVOKED');
  await em.flush();
  return delegation;
}

async function canSeeDelegations(authz: Authz, organisationId: string): Promise<boolean> {
  const topology = await authz.topology(organisationId);
  const reach = reachOf(authz.actor, 'admin:read', organisationId, topology, authz.now);
  return reach.whole || reach.unitIds.size > 0 || reach.groupIds.size > 0;
}

/**
 * The delegations of an organisation for its Administrators page, oldest first: every one for those who read the
 * whole organisation's administrators (`admin:read` on it), else those on the units and groups their own reach
 * covers, plus those they gave or received (a delegate sees its own).
 */
export async function listDelegations(
  em: EntityManager,
  authz: Authz,
  organisationId: string,
  args: ConnectionArgs,
) {
  assertReaches(authz.actor, organisationId);
  const topology = await authz.topology(organisationId);
  const reach = reachOf(authz.actor, 'admin:read', organisationId, topology, authz.now);
  const memberId = authz.actor.kind === 'member' ? authz.actor.memberId : null;
  return keysetPage<IDelegation>(
    args,
    (delegation) => [delegation.createdAt.toISOString(), delegation.id],
    2,
    async (after, limit) => {
      const qb = em.createQueryBuilder(Delegation, 'd').select('*').where({ organisation: organisationId });
      if (!reach.whole) {
        const or: Record<string, unknown>[] = [];
        if (memberId) or.push({ delegator: memberId }, { delegate: memberId });
        if (reach.unitIds.size > 0) or.push({ unit: { $in: [...reach.unitIds] } });
        if (reach.groupIds.size > 0) or.push({ group: { $in: [...reach.groupIds] } });
        if (or.length === 0) return [];
        qb.andWhere({ $or: or });
      }
      if (after) qb.andWhere(afterKey(['d.created_at', 'd.id']), after);
      return qb.orderBy({ createdAt: 'asc', id: 'asc' }).limit(limit).getResultList();
    },
  );
}
