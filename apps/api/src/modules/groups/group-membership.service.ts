/** Memberships: adding members to a group, or a member to groups. */
import type { EntityManager } from '@mikro-orm/postgresql';
import { assertCan, groupScope } from '@tessera/domain';
import { InvalidInputError, NotFoundError } from '../../errors.js';
import { audit } from '../audit/audit.service.js';
import { type Authz, rule } from '../authz/authz.js';
import type { IMember } from '../members/member.entity.js';
import { assertMayActOnAdmins, authoriseOnMember } from '../members/member-target.js';
import { GroupMembership, type IGroup } from './group.entity.js';
import { batch, pickMembers, reachableGroup } from './group-target.js';

/** Caf "Ajouter un utilisateur à un groupe depuis la liste des groupes": members already in it are left as they are. */
export async function addMembersToGroup(
  em: EntityManager,
  authz: Authz,
  groupId: string,
  memberIds: readonly string[],
): Promise<IGroup> {
  const ids = batch(memberIds, 'memberIds');
  const group = await reachableGroup(em, authz, groupId);
  const actor = authz.actor;
  const topology = await authz.topology(group.organisation);
  rule(() => assertCan(actor, 'group:manage', groupScope(group.organisation, group.id), topology, authz.now));
  const members = await pickMembers(em, actor, group.organisation, ids, topology, authz.now, 'memberIds');
  const existing = new Set(
    (await em.find(GroupMembership, { group: group.id, member: { $in: ids } })).map((row) => row.member),
  );
  const added = members.filter((m) => !existing.has(m.id)).map((m) => m.id);
  for (const memberId of added)
    em.create(GroupMembership, { group: group.id, member: memberId, organisation: group.organisation });
  if (added.length > 0)
    audit(em, actor, {
      organisation: group.organisation,
      action: 'group.members_added',
      targetType: 'Group',
      targetId: group.id,
      after: { memberIds: added.sort() },
    });
  await em.flush();
  return group;
}

/** Caf "Ajouter un utilisateur à un groupe depuis la liste des utilisateurs": one member into several groups. */
export async function addMemberToGroups(
  em: EntityManager,
  authz: Authz,
  memberId: string,
  groupIds: readonly string[],
): Promise<IMember> {
  const ids = batch(groupIds, 'groupIds');
  const target = await authoriseOnMember(em, authz, memberId, 'member:read');
  // The actor as re-read under the lock: a role or delegation that ended while waiting no longer counts.
  const actor = authz.actor;
  assertMayActOnAdmins(authz, target);
  const member = target.member;
  const topology = target.topology;
  if (member.status === 'ARCHIVED')
    throw new InvalidInputError('memberId', 'An archived member cannot join a group.');
  for (const groupId of ids) {
    if (!topology.groupParent.has(groupId))
      throw new NotFoundError('Some of these groups do not exist in this organisation.');
    rule(() =>
      assertCan(actor, 'group:manage', groupScope(member.organisation, groupId), topology, authz.now),
    );
  }
  const existing = new Set(
    (await em.find(GroupMembership, { member: member.id, group: { $in: ids } })).map((row) => row.group),
  );
  const added = ids.filter((id) => !existing.has(id)).sort();
  for (const groupId of added)
    em.create(GroupMembership, { group: groupId, member: member.id, organisation: member.organisation });
  for (const groupId of added)
    audit(em, actor, {
      organisation: member.organisation,
      action: 'group.members_added',
      targetType: 'Group',
      targetId: groupId,
      after: { memberIds: [member.id] },
    });
  await em.flush();
  return member;
}
