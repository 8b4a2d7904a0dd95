import type { EntityManager } from '@mikro-orm/postgresql';
import { assertCan, groupScope, type MemberStatusEvent, nextMemberStatus } from '@tessera/domain';
import { NotFoundError } from '../../errors.js';
import { audit } from '../audit/audit.service.js';
import { type Authz, rule } from '../authz/authz.js';
import { assertVersion, bumpVersion } from '../common.js';
import { Group, GroupMembership } from '../groups/group.entity.js';
import { Person } from '../people/person.entity.js';
import { revokeSessionsActingFor } from '../people/session.service.js';
import type { IMember } from './member.entity.js';
import { memberSnapshot } from './member.service.js';
import {
  assertMayActOnAdmins,
  assertNotSelf,
  assertOtherPrincipalRemains,
  authoriseOnMember,
  type MemberTarget,
} from './member-target.js';

const STATUS_ACTIONS = {
  BLOCK: { action: 'member:block', audit: 'member.blocked', verb: 'block' },
  UNBLOCK: { action: 'member:block', audit: 'member.unblocked', verb: 'unblock' },
  ARCHIVE: { action: 'member:archive', audit: 'member.archived', verb: 'archive' },
  RESTORE: { action: 'member:archive', audit: 'member.restored', verb: 'restore' },
} as const;

/**
 * Blocks a member for all groups or unblocks it (CSAM), archives an account no longer used or restores it
 * (health portal). Nobody does this to itself or to an admin at or above its level, and blocking or archiving
 * the last principal admin is refused (rule 6). Blocking or archiving ends the person's sessions acting for the
 * organisation (and their live streams).
 */
export async function changeMemberStatus(
  em: EntityManager,
  authz: Authz,
  memberId: string,
  event: MemberStatusEvent,
  expectedVersion?: number | null,
): Promise<IMember> {
  const { action, audit: auditAction, verb } = STATUS_ACTIONS[event];
  const target = await authoriseOnMember(em, authz, memberId, action);
  assertVersion(target.member, expectedVersion, 'member');
  assertNotSelf(authz, target, verb);
  assertMayActOnAdmins(authz, target);
  const member = target.member;
  const before = memberSnapshot(member);
  member.status = rule(() => nextMemberStatus(member.status, event));
  if (event === 'BLOCK' || event === 'ARCHIVE') {
    await assertOtherPrincipalRemains(em, target, authz.now);
    await revokeSessionsActingFor(em, member.person, member.organisation);
  }
  member.archivedAt = member.status === 'ARCHIVED' ? authz.now : null;
  bumpVersion(member);
  audit(em, authz.actor, {
    organisation: member.organisation,
    action: auditAction,
    targetType: 'Member',
    targetId: member.id,
    before,
    after: memberSnapshot(member),
  });
  await em.flush();
  return member;
}

async function membershipOf(em: EntityManager, target: MemberTarget, groupId: string) {
  const membership = await em.findOne(GroupMembership, { member: target.member.id, group: groupId });
  if (!membership) throw new NotFoundError('This member is not in this group.');
  return membership;
}

async function authoriseInGroup(em: EntityManager, authz: Authz, memberId: string, groupId: string) {
  const target = await authoriseOnMember(em, authz, memberId, 'member:read');
  const group = await em.findOne(Group, { id: groupId, organisation: target.member.organisation });
  if (!group) throw new NotFoundError('No group of this organisation has this id.');
  rule(() =>
    assertCan(
      authz.actor,
      'group:manage',
      groupScope(group.organisation, group.id),
      target.topology,
      authz.now,
    ),
  );
  return { target, group };
}

/** CSAM: blocks or unblocks a member in one group only; its other groups keep their access. */
export async function setBlockedInGroup(
  em: EntityManager,
  authz: Authz,
  memberId: string,
  groupId: string,
  blocked: boolean,
): Promise<IMember> {
  const { target, group } = await authoriseInGroup(em, authz, memberId, groupId);
  assertNotSelf(authz, target, blocked ? 'block' : 'unblock');
  assertMayActOnAdmins(authz, target);
  const membership = await membershipOf(em, target, groupId);
  if (membership.blocked === blocked) return target.member;
  membership.blocked = blocked;
  audit(em, authz.actor, {
    organisation: group.organisation,
    action: blocked ? 'member.blocked-in-group' : 'member.unblocked-in-group',
    targetType: 'Member',
    targetId: memberId,
    before: { groupId, blocked: !blocked },
    after: { groupId, blocked },
  });
  await em.flush();
  return target.member;
}

/** CSAM "supprimer du groupe": takes a member out of one group; it stays a member of the organisation. */
export async function removeMemberFromGroup(
  em: EntityManager,
  authz: Authz,
  memberId: string,
  groupId: string,
): Promise<IMember> {
  const { target, group } = await authoriseInGroup(em, authz, memberId, groupId);
  assertMayActOnAdmins(authz, target);
  const membership = await membershipOf(em, target, groupId);
  em.remove(membership);
  audit(em, authz.actor, {
    organisation: group.organisation,
    action: 'member.removed-from-group',
    targetType: 'Member',
    targetId: memberId,
    before: { groupId, blocked: membership.blocked },
  });
  await em.flush();
  return target.member;
}

/**
 * Removes a member from the organisation (a person leaves): its units, groups, grants and admin roles go with
 * it; the person keeps its own account, and its sessions acting for the organisation end. The last principal
 * admin cannot be removed (rule 6).
 */
export async function removeMember(em: EntityManager, authz: Authz, memberId: string): Promise<string> {
  const target = await authoriseOnMember(em, authz, memberId, 'member:remove');
  assertNotSelf(authz, target, 'remove');
  assertMayActOnAdmins(authz, target);
  await assertOtherPrincipalRemains(em, target, authz.now);
  const member = target.member;
  await em.nativeUpdate(Group, { manager: member.id }, { manager: null });
  // The name is kept in the event: once the member is gone, the log still says whom it removed.
  const person = await em.findOne(Person, { id: member.person });
  const personName = person ? `${person.firstName} ${person.lastName}` : null;
  audit(em, authz.actor, {
    organisation: member.organisation,
    action: 'member.removed',
    targetType: 'Member',
    targetId: member.id,
    before: {
      ...memberSnapshot(member),
      name: personName,
      scopes: target.scopes,
      adminRoles: target.holdings.map((holding) => ({ kind: holding.kind, scope: holding.scope })),
    },
  });
  em.remove(member);
  await revokeSessionsActingFor(em, member.person, member.organisation);
  await em.flush();
  return member.id;
}
