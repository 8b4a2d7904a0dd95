import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  type Action,
  type Actor,
  type AdminRoleHolding,
  assertCanActOnAdmin,
  assertCanAdministerIdentity,
  assertNotLastPrincipal,
  canOnAny,
  isDelegatedHolding,
  isHeldAt,
  type OrgTopology,
  type ScopeRef,
  scopesHoldingMember,
} from '@tessera/domain';
import { NotAuthorisedError, NotFoundError } from '../../errors.js';
import { AdminRole } from '../admins/admin-role.entity.js';
import { type Authz, assertReaches, rule } from '../authz/authz.js';
import { readDelegationRows, withDelegatedHoldings } from '../authz/delegated.js';
import { heldHoldings, roleHolding } from '../authz/roles.js';
import { loadTopology } from '../authz/topology.js';
import { GroupMembership } from '../groups/group.entity.js';
import { lockOrganisation } from '../organisations/organisation.service.js';
import { type IPerson, Person } from '../people/person.entity.js';
import { type IMember, Member, MemberUnit } from './member.entity.js';

/** A member as authorisation sees it: where it sits (organisation, units, groups) and the admin roles it holds. */
export interface MemberTarget {
  member: IMember;
  scopes: ScopeRef[];
  holdings: AdminRoleHolding[];
  topology: OrgTopology;
}

/**
 * Loads a member for an action and checks the domain policy inside the transaction: a member of an
 * organisation out of the actor's reach does not exist for it (rule 2); inside, the action must be allowed on
 * one of the scopes that hold the member (its organisation, units, groups). The member's organisation is locked
 * before anything is read, so the checks that follow (rule 1 on its admin roles, rule 6 on the principals that
 * remain) see what the change will see, and concurrent changes to the organisation wait for this one.
 */
export async function authoriseOnMember(
  em: EntityManager,
  authz: Authz,
  memberId: string,
  action: Action,
): Promise<MemberTarget> {
  const [row] = await em.execute<{ organisation_id: string }[]>(
    'select organisation_id from member where id = ?',
    [memberId],
  );
  if (!row) throw new NotFoundError('No member has this id.');
  assertReaches(authz.actor, row.organisation_id);
  await lockOrganisation(em, row.organisation_id);
  await refreshActorUnderLock(em, authz);
  const member = await em.findOne(Member, { id: memberId });
  if (!member) throw new NotFoundError('No member has this id.');
  const organisationId = member.organisation;
  // Sequential on purpose: inside a transaction the EntityManager has one connection, which runs one query at a time.
  const units = await em.find(MemberUnit, { member: memberId });
  const groups = await em.find(GroupMembership, { member: memberId });
  const roles = await em.find(AdminRole, { member: memberId });
  const topology = await authz.topology(organisationId);
  const scopes = scopesHoldingMember({
    organisationId,
    unitIds: units.map((row) => row.unit),
    groupIds: groups.map((row) => row.group),
  });
  const reads = canOnAny(authz.actor, 'member:read', scopes, topology, authz.now);
  const allowed = canOnAny(authz.actor, action, scopes, topology, authz.now);
  // Someone who cannot even see the member learns nothing about it.
  if (!reads && !allowed) throw new NotFoundError('No member has this id.');
  if (!allowed) throw new NotAuthorisedError(`You are not allowed to do ${action} on this member.`);
  return {
    member,
    scopes,
    holdings: roles.map(roleHolding), // all of them: the policy keeps the held ones (activeHoldings)
    topology,
  };
}

/**
 * Rules 1 and 8: right after taking the organisation lock, the acting administrator is read again, so that a
 * role removed (or a block) committed while this transaction waited for the lock counts. The transaction's
 * `authz` is updated in place: every later check of this mutation sees the current actor.
 */
export async function refreshActorUnderLock(em: EntityManager, authz: Authz): Promise<void> {
  authz.actor = await currentActor(em, authz.actor, authz.now);
}

/**
 * The actor as it stands now, read under the organisation lock: a member acting for an organisation keeps only
 * the admin roles it still holds (one removed by a concurrent request no longer counts), and nobody acts once
 * blocked or archived. Rule 1 (naming only below one's own level) is then checked against this.
 */
export async function currentActor(em: EntityManager, actor: Actor, now: Date): Promise<Actor> {
  if (actor.kind !== 'member') return actor;
  const member = await em.findOne(Member, { id: actor.memberId });
  if (member?.status !== 'ACTIVE')
    throw new NotAuthorisedError('You are no longer an active member of this organisation.');
  const roles = await em.find(AdminRole, { member: actor.memberId });
  const key = (holding: AdminRoleHolding) =>
    [
      holding.kind,
      holding.scope.kind,
      holding.scope.kind === 'UNIT' ? holding.scope.unitId : '',
      holding.scope.kind === 'GROUP' ? holding.scope.groupId : '',
    ].join('|');
  const held = new Set(heldHoldings(roles, now).map(key));
  // Delegations from other organisations are not re-read here; those of the acting organisation are.
  const holdings = actor.holdings.filter(
    (holding) =>
      holding.scope.organisationId !== actor.organisationId ||
      (!isDelegatedHolding(holding) && held.has(key(holding))),
  );
  // Delegations received, read again with their delegators' current roles (a revoke or a delegator's lost role
  // committed while this transaction waited for the lock counts).
  const rows = await readDelegationRows(em, actor.memberId, now);
  if (rows.length === 0) return { ...actor, holdings };
  const topology = await loadTopology(em, actor.organisationId);
  return withDelegatedHoldings({ ...actor, holdings }, rows, topology, now);
}

/** Rule 1 for actions against a person: nobody blocks, archives or removes an admin at or above its own level. */
export function assertMayActOnAdmins(authz: Authz, target: MemberTarget): void {
  rule(() => assertCanActOnAdmin(authz.actor, target.holdings, target.topology, authz.now));
}

/**
 * Rule 7, before any action on a member's identity (backup e-mail, welcome or reset link, forced password
 * change): locks the person's row, so that a membership gained at the same time (an accepted invitation) is
 * seen, and asks the domain whether the acting administrator's organisation alone owns that person.
 */
export async function authoriseOnIdentity(
  em: EntityManager,
  authz: Authz,
  target: MemberTarget,
): Promise<IPerson> {
  const person = await em.findOneOrFail(
    Person,
    { id: target.member.person },
    { lockMode: LockMode.PESSIMISTIC_WRITE },
  );
  const memberships = await em.find(Member, { person: person.id }, { fields: ['organisation'] });
  rule(() =>
    assertCanAdministerIdentity(
      authz.actor,
      {
        personId: person.id,
        isOperatorAdmin: person.isOperatorAdmin,
        createdByOrganisationId: person.createdByOrganisation ?? null,
        memberOrganisationIds: memberships.map((row) => row.organisation),
      },
      target.holdings,
      target.topology,
      authz.now,
    ),
  );
  return person;
}

/** An administrator does not block, archive or remove itself: someone else must do it. */
export function assertNotSelf(authz: Authz, target: MemberTarget, what: string): void {
  if (authz.actor.kind === 'member' && authz.actor.personId === target.member.person)
    throw new NotAuthorisedError(`You cannot ${what} yourself.`);
}

/**
 * Rule 6: when the member is a principal admin, another principal admin must remain able to act (an active
 * member with a current principal role). Counted under the organisation lock `authoriseOnMember` took, so two
 * admins blocking the last two principals at once cannot both pass.
 */
export async function assertOtherPrincipalRemains(
  em: EntityManager,
  target: MemberTarget,
  now: Date,
): Promise<void> {
  if (!target.holdings.some((holding) => holding.kind === 'PRINCIPAL_ADMIN')) return;
  const rows = await em.execute<{ member_id: string; valid_until: Date | string | null }[]>(
    `select r.member_id, r.valid_until
       from admin_role r join member m on m.id = r.member_id
      where r.organisation_id = ? and r.kind = 'PRINCIPAL_ADMIN' and m.status = 'ACTIVE'
        and r.member_id <> ?`,
    [target.member.organisation, target.member.id],
  );
  // held or not: the domain's one expiry rule
  const others = new Set(
    rows
      .filter((row) => isHeldAt(row.valid_until === null ? null : new Date(row.valid_until), now))
      .map((row) => row.member_id),
  );
  rule(() => assertNotLastPrincipal(others.size));
}
