import type { EntityManager } from '@mikro-orm/postgresql';
import { type Actor, canOnAny, type OrgTopology, type ScopeRef, scopesHoldingMember } from '@tessera/domain';
import { InvalidInputError, NotFoundError } from '../../errors.js';
import { type Authz, assertReaches } from '../authz/authz.js';
import { type IMember, Member, MemberUnit } from '../members/member.entity.js';
import { refreshActorUnderLock } from '../members/member-target.js';
import { lockOrganisation } from '../organisations/organisation.service.js';
import { Group, GroupMembership, type IGroup } from './group.entity.js';

/** What the group services share: reaching a group under its organisation's lock, picking members, batches. */
/** How many members or groups one "add" may carry. */
export const MAX_BATCH = 200;

export function batch(ids: readonly string[], field: string): string[] {
  const unique = [...new Set(ids)];
  if (unique.length === 0) throw new InvalidInputError(field, 'Choose at least one.');
  if (unique.length > MAX_BATCH) throw new InvalidInputError(field, `Choose at most ${MAX_BATCH} at a time.`);
  return unique;
}

/** What an audit event keeps of a group. */
export function groupSnapshot(group: IGroup): Record<string, unknown> {
  return {
    name: group.name,
    description: group.description ?? null,
    parentId: group.parent ?? null,
    unitId: group.unit ?? null,
    managerId: group.manager ?? null,
  };
}

/**
 * A group the actor can reach (rule 2: another organisation's group does not exist for it), read after its
 * organisation is locked: what the change checks (the group, its parent's grants, the tree) cannot move until
 * it commits.
 */
export async function reachableGroup(em: EntityManager, authz: Authz, groupId: string): Promise<IGroup> {
  const actor = authz.actor;
  const [row] = await em.execute<{ organisation_id: string }[]>(
    'select organisation_id from member_group where id = ?',
    [groupId],
  );
  if (!row) throw new NotFoundError('This group does not exist.');
  try {
    assertReaches(actor, row.organisation_id);
  } catch {
    throw new NotFoundError('This group does not exist.');
  }
  await lockOrganisation(em, row.organisation_id);
  await refreshActorUnderLock(em, authz);
  const group = await em.findOne(Group, { id: groupId });
  if (!group) throw new NotFoundError('This group does not exist.');
  return group;
}

/** The scopes that may cover each member: its organisation, its units, its groups. Two queries. */
export async function scopesOfMembers(
  em: EntityManager,
  members: readonly IMember[],
): Promise<Map<string, ScopeRef[]>> {
  const ids = members.map((m) => m.id);
  const units = await em.find(MemberUnit, { member: { $in: ids } });
  const groups = await em.find(GroupMembership, { member: { $in: ids } });
  const unitIds = new Map<string, string[]>();
  const groupIds = new Map<string, string[]>();
  for (const row of units) unitIds.set(row.member, [...(unitIds.get(row.member) ?? []), row.unit]);
  for (const row of groups) groupIds.set(row.member, [...(groupIds.get(row.member) ?? []), row.group]);
  return new Map(
    members.map((m) => [
      m.id,
      scopesHoldingMember({
        organisationId: m.organisation,
        unitIds: unitIds.get(m.id) ?? [],
        groupIds: groupIds.get(m.id) ?? [],
      }),
    ]),
  );
}

/**
 * Members of one organisation that the actor may read, for naming a manager or adding to a group; another
 * organisation's member, an archived member or one out of the actor's sight is refused, naming the field.
 */
export async function pickMembers(
  em: EntityManager,
  actor: Actor,
  organisationId: string,
  memberIds: readonly string[],
  topology: OrgTopology,
  at: Date,
  field: string,
): Promise<IMember[]> {
  const members = await em.find(Member, { id: { $in: [...memberIds] }, organisation: organisationId });
  if (members.length !== memberIds.length)
    throw new NotFoundError('Some of these members do not exist in this organisation.');
  const archived = members.find((m) => m.status === 'ARCHIVED');
  if (archived) throw new InvalidInputError(field, 'An archived member cannot join a group.');
  const scopes = await scopesOfMembers(em, members);
  for (const member of members) {
    if (!canOnAny(actor, 'member:read', scopes.get(member.id) ?? [], topology, at))
      throw new NotFoundError('Some of these members do not exist in this organisation.');
  }
  return members;
}

export async function ensureMembership(em: EntityManager, group: IGroup, memberId: string): Promise<boolean> {
  const existing = await em.findOne(GroupMembership, { group: group.id, member: memberId });
  if (existing) return false;
  em.create(GroupMembership, { group: group.id, member: memberId, organisation: group.organisation });
  return true;
}
