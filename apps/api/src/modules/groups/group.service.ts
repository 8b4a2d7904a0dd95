/** Groups: create, update, delete, and change a group's manager. */
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  assertCan,
  assertCanName,
  assertCanRemoveAdminRole,
  groupContainerScope,
  groupHomeUnit,
  groupScope,
  groupSubtree,
  type OrgTopology,
  unitWithin,
  withGroup,
} from '@tessera/domain';
import { ConflictError, InvalidInputError } from '../../errors.js';
import { AdminRole } from '../admins/admin-role.entity.js';
import { audit } from '../audit/audit.service.js';
import { type Authz, assertReaches, rule } from '../authz/authz.js';
import { assertVersion, bumpVersion } from '../common.js';
import { type CreateMemberInput, createMember, type MailContext } from '../members/member.service.js';
import { refreshActorUnderLock } from '../members/member-target.js';
import { lockOrganisation } from '../organisations/organisation.service.js';
import { Grant, Group, GroupMembership, type IGroup } from './group.entity.js';
import { ensureMembership, groupSnapshot, pickMembers, reachableGroup } from './group-target.js';

export const GROUP_NAME_MAX_LENGTH = 120;

export const GROUP_DESCRIPTION_MAX_LENGTH = 1000;

/**
 * The manager of a group: an existing member, or one created on the spot with issue 4's createMember (Caf:
 * "créer si non encore connu"); the new member lands in the group it will manage.
 */
export type ManagerChoice =
  | { memberId: string }
  | { newMember: Omit<CreateMemberInput, 'organisationId' | 'groupIds'>; mail: MailContext };

function groupName(value: string): string {
  const name = value.trim().replace(/\s+/g, ' ');
  if (name.length === 0) throw new InvalidInputError('name', 'Give the group a name.');
  if (name.length > GROUP_NAME_MAX_LENGTH)
    throw new InvalidInputError('name', `Use at most ${GROUP_NAME_MAX_LENGTH} characters.`);
  return name;
}

function groupDescription(value: string | null | undefined): string | null {
  const description = value?.trim() ?? '';
  if (description.length > GROUP_DESCRIPTION_MAX_LENGTH)
    throw new InvalidInputError('description', `Use at most ${GROUP_DESCRIPTION_MAX_LENGTH} characters.`);
  return description.length === 0 ? null : description;
}

async function assertNameFree(
  em: EntityManager,
  organisationId: string,
  parentId: string | null,
  name: string,
  exceptId: string | null,
) {
  const [row] = await em.execute(
    `select id from member_group
      where organisation_id = ? and coalesce(parent_id::text, '') = ? and lower(name) = lower(?)
        and (?::uuid is null or id <> ?::uuid) limit 1`,
    [organisationId, parentId ?? '', name, exceptId, exceptId],
  );
  if (row) throw new ConflictError('A group with this name already exists here.', 'name');
}

/** Flushes a group's name; the sibling-name index settles a race that assertNameFree could not see. */
async function flushName(em: EntityManager): Promise<void> {
  try {
    await em.flush();
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException)
      throw new ConflictError('A group with this name already exists here.', 'name');
    throw error;
  }
}

/** Checks where a group would sit: its parent and unit in the organisation, the unit within the parent's. */
function checkPlacement(topology: OrgTopology, parentId: string | null, unitId: string | null): void {
  if (parentId !== null && !topology.groupParent.has(parentId))
    throw new InvalidInputError('parentId', 'This parent group does not exist in this organisation.');
  if (unitId !== null && !topology.unitParent.has(unitId))
    throw new InvalidInputError('unitId', 'This unit does not exist in this organisation.');
  if (parentId !== null && unitId !== null) {
    const home = groupHomeUnit(parentId, topology);
    if (home !== null && !unitWithin(unitId, home, topology))
      throw new InvalidInputError('unitId', 'A sub-group sits in its parent group’s unit or below it.');
  }
}

/** The member who will manage a group: picked among the members the actor sees, or created in the group. */
async function resolveManager(
  em: EntityManager,
  authz: Authz,
  group: IGroup,
  choice: ManagerChoice,
  topology: OrgTopology,
): Promise<string> {
  if ('newMember' in choice) {
    // The new member lands in the group it manages: member:create is decided there, in a topology that
    // already knows the group when it is being created.
    const withNewGroup = withGroup(topology, {
      id: group.id,
      parentId: group.parent ?? null,
      unitId: group.unit ?? null,
    });
    const { member } = await createMember(
      em,
      {
        ...authz,
        topology: async (organisationId) =>
          organisationId === group.organisation ? withNewGroup : authz.topology(organisationId),
      },
      { ...choice.newMember, organisationId: group.organisation, groupIds: [group.id] },
      choice.mail,
    );
    return member.id;
  }
  const [member] = await pickMembers(
    em,
    authz.actor,
    group.organisation,
    [choice.memberId],
    topology,
    authz.now,
    'manager',
  );
  if (member!.status !== 'ACTIVE')
    throw new InvalidInputError('manager', 'A blocked member cannot manage a group.');
  return member!.id;
}

export interface CreateGroupInput {
  organisationId: string;
  name: string;
  description?: string | null;
  unitId?: string | null;
  parentId?: string | null;
}

/**
 * Caf step 3: creates a group (or a sub-group) with its responsable, who becomes GROUP_MANAGER of it and a
 * member of it. Decided where the group will sit: a group manager creates sub-groups of its own group.
 */
export async function createGroup(
  em: EntityManager,
  authz: Authz,
  input: CreateGroupInput,
  manager: ManagerChoice,
): Promise<IGroup> {
  rule(() => assertReaches(authz.actor, input.organisationId));
  const name = groupName(input.name);
  const description = groupDescription(input.description);
  const parentId = input.parentId ?? null;
  const unitId = input.unitId ?? null;
  await lockOrganisation(em, input.organisationId);
  await refreshActorUnderLock(em, authz);
  const actor = authz.actor;
  const topology = await authz.topology(input.organisationId);
  checkPlacement(topology, parentId, unitId);
  const placement = { organisationId: input.organisationId, parentId, unitId };
  rule(() => assertCan(actor, 'group:manage', groupContainerScope(placement), topology, authz.now));
  if (unitId !== null)
    rule(() =>
      assertCan(
        actor,
        'group:manage',
        { kind: 'UNIT', organisationId: input.organisationId, unitId },
        topology,
        authz.now,
      ),
    );
  await assertNameFree(em, input.organisationId, parentId, name, null);

  const group = em.create(Group, {
    organisation: input.organisationId,
    name,
    description,
    parent: parentId,
    unit: unitId,
    manager: null,
  });
  const after = withGroup(topology, { id: group.id, parentId, unitId });
  rule(() =>
    assertCanName(
      actor,
      { kind: 'GROUP_MANAGER', scope: groupScope(input.organisationId, group.id) },
      after,
      authz.now,
    ),
  );
  await flushName(em);
  const managerId = await resolveManager(em, authz, group, manager, topology);
  group.manager = managerId;
  em.create(AdminRole, {
    organisation: input.organisationId,
    member: managerId,
    kind: 'GROUP_MANAGER',
    group: group.id,
    unit: null,
    namedBy: actor.personId,
  });
  await ensureMembership(em, group, managerId);
  audit(em, actor, {
    organisation: input.organisationId,
    action: 'group.created',
    targetType: 'Group',
    targetId: group.id,
    after: groupSnapshot(group),
  });
  await em.flush();
  return group;
}

export interface UpdateGroupInput {
  name?: string | null;
  /** undefined: unchanged; null or empty: removed */
  description?: string | null;
  /** undefined: unchanged; null: the group no longer sits in a unit */
  unitId?: string | null;
  /** the version the change was decided on; a newer one refuses it */
  expectedVersion?: number | null;
}

/** Renames a group, changes its description or moves it to another unit; decided where it sits, before and after. */
export async function updateGroup(
  em: EntityManager,
  authz: Authz,
  groupId: string,
  input: UpdateGroupInput,
): Promise<IGroup> {
  const group = await reachableGroup(em, authz, groupId);
  const actor = authz.actor;
  assertVersion(group, input.expectedVersion, 'group');
  const topology = await authz.topology(group.organisation);
  const before = groupSnapshot(group);
  const current = {
    organisationId: group.organisation,
    parentId: group.parent ?? null,
    unitId: group.unit ?? null,
  };
  rule(() => assertCan(actor, 'group:manage', groupContainerScope(current), topology, authz.now));
  if (input.name !== undefined && input.name !== null) {
    const name = groupName(input.name);
    if (name !== group.name) await assertNameFree(em, group.organisation, current.parentId, name, group.id);
    group.name = name;
  }
  if (input.description !== undefined) group.description = groupDescription(input.description);
  if (input.unitId !== undefined && (input.unitId ?? null) !== current.unitId) {
    const unitId = input.unitId ?? null;
    checkPlacement(topology, current.parentId, unitId);
    const moved = { ...current, unitId };
    rule(() => assertCan(actor, 'group:manage', groupContainerScope(moved), topology, authz.now));
    if (unitId !== null)
      rule(() =>
        assertCan(
          actor,
          'group:manage',
          { kind: 'UNIT', organisationId: group.organisation, unitId },
          topology,
          authz.now,
        ),
      );
    group.unit = unitId;
  }
  bumpVersion(group);
  audit(em, actor, {
    organisation: group.organisation,
    action: 'group.updated',
    targetType: 'Group',
    targetId: group.id,
    before,
    after: groupSnapshot(group),
  });
  await flushName(em);
  return group;
}

/**
 * Deletes a group with no sub-group; its memberships, grants and manager roles go with it (audited). With
 * `expectedVersion`, a group edited since the person decided (renamed, moved, its grants changed) is not deleted.
 */
export async function deleteGroup(
  em: EntityManager,
  authz: Authz,
  groupId: string,
  expectedVersion?: number | null,
): Promise<string> {
  const group = await reachableGroup(em, authz, groupId);
  const actor = authz.actor;
  const topology = await authz.topology(group.organisation);
  const placement = {
    organisationId: group.organisation,
    parentId: group.parent ?? null,
    unitId: group.unit ?? null,
  };
  rule(() => assertCan(actor, 'group:manage', groupContainerScope(placement), topology, authz.now));
  assertVersion(group, expectedVersion, 'group');
  if (groupSubtree(group.id, topology).length > 1)
    throw new ConflictError('Delete or move its sub-groups first.', 'groupId');
  const grants = await em.find(Grant, { group: group.id });
  const memberCount = await em.count(GroupMembership, { group: group.id });
  audit(em, actor, {
    organisation: group.organisation,
    action: 'group.deleted',
    targetType: 'Group',
    targetId: group.id,
    before: { ...groupSnapshot(group), serviceRoleIds: grants.map((g) => g.serviceRole).sort(), memberCount },
  });
  await em.flush();
  await em.nativeDelete(Group, { id: group.id });
  return group.id;
}

/** Names another responsable for a group: the old one loses the GROUP_MANAGER role on it but stays a member. */
export async function changeGroupManager(
  em: EntityManager,
  authz: Authz,
  groupId: string,
  manager: ManagerChoice,
  expectedVersion?: number | null,
): Promise<IGroup> {
  const group = await reachableGroup(em, authz, groupId);
  const actor = authz.actor;
  assertVersion(group, expectedVersion, 'group');
  const topology = await authz.topology(group.organisation);
  const placement = {
    organisationId: group.organisation,
    parentId: group.parent ?? null,
    unitId: group.unit ?? null,
  };
  const target = { kind: 'GROUP_MANAGER' as const, scope: groupScope(group.organisation, group.id) };
  rule(() => assertCan(actor, 'group:manage', groupContainerScope(placement), topology, authz.now));
  rule(() => assertCanName(actor, target, topology, authz.now));
  const before = groupSnapshot(group);
  const managerId = await resolveManager(em, authz, group, manager, topology);
  if (managerId === group.manager) return group;
  if (group.manager) {
    rule(() => assertCanRemoveAdminRole(actor, { ...target, memberId: group.manager! }, topology, authz.now));
    await em.nativeDelete(AdminRole, { kind: 'GROUP_MANAGER', group: group.id, member: group.manager });
  }
  const already = await em.findOne(AdminRole, { kind: 'GROUP_MANAGER', group: group.id, member: managerId });
  if (!already)
    em.create(AdminRole, {
      organisation: group.organisation,
      member: managerId,
      kind: 'GROUP_MANAGER',
      group: group.id,
      unit: null,
      namedBy: actor.personId,
    });
  await ensureMembership(em, group, managerId);
  group.manager = managerId;
  bumpVersion(group);
  audit(em, actor, {
    organisation: group.organisation,
    action: 'group.manager_changed',
    targetType: 'Group',
    targetId: group.id,
    before,
    after: groupSnapshot(group),
  });
  await em.flush();
  return group;
}
