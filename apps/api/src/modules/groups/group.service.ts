import { raw, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  type Actor,
  assertCan,
  assertCanManageDirectGrants,
  assertCanName,
  assertCanRemoveAdminRole,
  canOnAny,
  checkGrant,
  groupContainerScope,
  groupHomeUnit,
  groupScope,
  groupSubtree,
  type OrgTopology,
  planGrantChanges,
  type ScopeRef,
  scopesHoldingMember,
  unitWithin,
  withGroup,
} from '@tessera/domain';
import { ConflictError, InvalidInputError, NotFoundError, RuleError } from '../../errors.js';
import { loadAgreementItems } from '../access/access.service.js';
import { AdminRole } from '../admins/admin-role.entity.js';
import { audit } from '../audit/audit.service.js';
import { type Authz, assertReaches, rule } from '../authz/authz.js';
import { ServiceRole } from '../catalogue/service.entity.js';
import { assertVersion, bumpVersion } from '../common.js';
import { type IMember, Member, MemberUnit } from '../members/member.entity.js';
import { type CreateMemberInput, createMember, type MailContext } from '../members/member.service.js';
import { assertMayActOnAdmins, authoriseOnMember, refreshActorUnderLock } from '../members/member-target.js';
import { lockOrganisation } from '../organisations/organisation.service.js';
import { Grant, Group, GroupMembership, type IGroup } from './group.entity.js';

export const GROUP_NAME_MAX_LENGTH = 120;
export const GROUP_DESCRIPTION_MAX_LENGTH = 1000;
/** How many members or groups one "add" may carry. */
export const MAX_BATCH = 200;

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

function batch(ids: readonly string[], field: string): string[] {
  const unique = [...new Set(ids)];
  if (unique.length === 0) throw new InvalidInputError(field, 'Choose at least one.');
  if (unique.length > MAX_BATCH) throw new InvalidInputError(field, `Choose at most ${MAX_BATCH} at a time.`);
  return unique;
}

/** What an audit event keeps of a group. */
function groupSnapshot(group: IGroup): Record<string, unknown> {
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
async function reachableGroup(em: EntityManager, authz: Authz, groupId: string): Promise<IGroup> {
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
async function scopesOfMembers(
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
async function pickMembers(
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

async function ensureMembership(em: EntityManager, group: IGroup, memberId: string): Promise<boolean> {
  const existing = await em.findOne(GroupMembership, { group: group.id, member: memberId });
  if (existing) return false;
  em.create(GroupMembership, { group: group.id, member: memberId, organisation: group.organisation });
  return true;
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

// ---------------------------------------------------------------------------------------------------------
// Grants

/** Rule 1 refused a grant: OUTSIDE_AGREEMENT or OUTSIDE_PARENT_GROUP, naming the field. */
function grantRefusal(code: 'OUTSIDE_AGREEMENT' | 'OUTSIDE_PARENT_GROUP', field: string): RuleError {
  return new RuleError(
    code,
    code === 'OUTSIDE_AGREEMENT'
      ? 'This service role is not in the organisation’s current agreement.'
      : 'A sub-group can only receive service roles its parent group holds.',
    field,
  );
}

async function serviceRoleExists(em: EntityManager, serviceRoleIds: readonly string[], field: string) {
  const found = await em.count(ServiceRole, { id: { $in: [...serviceRoleIds] } });
  if (found !== new Set(serviceRoleIds).size)
    throw new InvalidInputError(field, 'This service role does not exist in the catalogue.');
}

/** What a group's grants are checked against: the agreement, and its parent group's grants (rule 1). */
async function grantBounds(em: EntityManager, group: IGroup) {
  const agreements = await loadAgreementItems(em, [group.organisation]);
  const parentGrants = group.parent ? await em.find(Grant, { group: group.parent }) : null;
  return {
    agreement: agreements.get(group.organisation) ?? [],
    parentGroupRoleIds: parentGrants ? parentGrants.map((g) => g.serviceRole) : null,
  };
}

/** Loads a group for a change of its grants, decided where it sits (a group manager shapes sub-groups only). */
async function groupForGrants(
  em: EntityManager,
  authz: Authz,
  groupId: string,
  expectedVersion: number | null | undefined,
) {
  const group = await reachableGroup(em, authz, groupId);
  const actor = authz.actor;
  assertVersion(group, expectedVersion, 'group');
  const topology = await authz.topology(group.organisation);
  const placement = {
    organisationId: group.organisation,
    parentId: group.parent ?? null,
    unitId: group.unit ?? null,
  };
  rule(() => assertCan(actor, 'grant:manage', groupContainerScope(placement), topology, authz.now));
  return { actor, group, topology };
}

/**
 * Takes service roles back from a group and, since a sub-group's grants stay within its parent's (rule 1),
 * from every sub-group below it. Returns the sub-groups that lost something.
 */
async function revokeInSubtree(
  em: EntityManager,
  group: IGroup,
  topology: OrgTopology,
  serviceRoleIds: readonly string[],
): Promise<{ groupId: string; serviceRoleId: string }[]> {
  if (serviceRoleIds.length === 0) return [];
  const subtree = groupSubtree(group.id, topology);
  const removed = await em.find(Grant, {
    group: { $in: subtree },
    serviceRole: { $in: [...serviceRoleIds] },
  });
  await em.nativeDelete(Grant, { id: { $in: removed.map((g) => g.id) } });
  // A sub-group that lost a grant changed too: a client editing it from an older read must reload it.
  const subGroups = [...new Set(removed.map((g) => g.group!))].filter((id) => id !== group.id);
  if (subGroups.length > 0)
    await em.nativeUpdate(Group, { id: { $in: subGroups } }, { version: raw('version + 1') });
  return removed
    .filter((g) => g.group !== group.id)
    .map((g) => ({ groupId: g.group!, serviceRoleId: g.serviceRole }))
    .sort((a, b) => (a.groupId + a.serviceRoleId).localeCompare(b.groupId + b.serviceRoleId));
}

/** Caf step 4: assigns a service role to a group, within the agreement and its parent group's grants. */
export async function grantToGroup(
  em: EntityManager,
  authz: Authz,
  groupId: string,
  serviceRoleId: string,
  expectedVersion?: number | null,
): Promise<IGroup> {
  const { actor, group } = await groupForGrants(em, authz, groupId, expectedVersion);
  await serviceRoleExists(em, [serviceRoleId], 'serviceRoleId');
  const bounds = await grantBounds(em, group);
  const check = checkGrant({ serviceRoleId, ...bounds, at: authz.now });
  if (!check.ok) throw grantRefusal(check.code, 'serviceRoleId');
  if (await em.findOne(Grant, { group: group.id, serviceRole: serviceRoleId }))
    throw new ConflictError('The group already holds this service role.', 'serviceRoleId');
  em.create(Grant, {
    organisation: group.organisation,
    serviceRole: serviceRoleId,
    group: group.id,
    member: null,
    grantedBy: actor.personId,
  });
  bumpVersion(group);
  audit(em, actor, {
    organisation: group.organisation,
    action: 'group.grant_added',
    targetType: 'Group',
    targetId: group.id,
    after: { serviceRoleId },
  });
  await em.flush();
  return group;
}

/** Takes a service role back from a group and its sub-groups (a suspended grant too). */
export async function revokeGroupGrant(
  em: EntityManager,
  authz: Authz,
  groupId: string,
  serviceRoleId: string,
  expectedVersion?: number | null,
): Promise<IGroup> {
  const { actor, group, topology } = await groupForGrants(em, authz, groupId, expectedVersion);
  if (!(await em.findOne(Grant, { group: group.id, serviceRole: serviceRoleId })))
    throw new NotFoundError('The group does not hold this service role.');
  const cascaded = await revokeInSubtree(em, group, topology, [serviceRoleId]);
  bumpVersion(group);
  audit(em, actor, {
    organisation: group.organisation,
    action: 'group.grant_revoked',
    targetType: 'Group',
    targetId: group.id,
    before: { serviceRoleId },
    after: cascaded.length > 0 ? { alsoRevokedFromSubGroups: cascaded } : null,
  });
  await em.flush();
  return group;
}

/**
 * The Caf grants editor's "Enregistrer les modifications": the group ends up holding exactly these service
 * roles, in one transaction. Every added role is checked (rule 1); removed ones also leave the sub-groups.
 * A suspended grant kept in the list stays as it is: it was granted when the agreement allowed it.
 */
export async function setGroupGrants(
  em: EntityManager,
  authz: Authz,
  groupId: string,
  serviceRoleIds: readonly string[],
  expectedVersion?: number | null,
): Promise<IGroup> {
  const { actor, group, topology } = await groupForGrants(em, authz, groupId, expectedVersion);
  if (serviceRoleIds.length > MAX_BATCH)
    throw new InvalidInputError('serviceRoleIds', `Choose at most ${MAX_BATCH} service roles.`);
  const current = (await em.find(Grant, { group: group.id })).map((g) => g.serviceRole);
  const plan = planGrantChanges(current, serviceRoleIds);
  if (plan.add.length === 0 && plan.remove.length === 0) return group;
  if (plan.add.length > 0) {
    await serviceRoleExists(em, plan.add, 'serviceRoleIds');
    const bounds = await grantBounds(em, group);
    for (const serviceRoleId of plan.add) {
      const check = checkGrant({ serviceRoleId, ...bounds, at: authz.now });
      if (!check.ok) throw grantRefusal(check.code, 'serviceRoleIds');
      em.create(Grant, {
        organisation: group.organisation,
        serviceRole: serviceRoleId,
        group: group.id,
        member: null,
        grantedBy: actor.personId,
      });
    }
  }
  const cascaded = await revokeInSubtree(em, group, topology, plan.remove);
  bumpVersion(group);
  audit(em, actor, {
    organisation: group.organisation,
    action: 'group.grants_set',
    targetType: 'Group',
    targetId: group.id,
    before: { serviceRoleIds: [...current].sort() },
    after: {
      serviceRoleIds: [...new Set(serviceRoleIds)].sort(),
      added: plan.add,
      removed: plan.remove,
      ...(cascaded.length > 0 ? { alsoRevokedFromSubGroups: cascaded } : {}),
    },
  });
  await em.flush();
  return group;
}

/** Loads a member for a change of its direct grants: grant:manage over its organisation or one of its units. */
async function memberForGrants(
  em: EntityManager,
  authz: Authz,
  memberId: string,
  options: GrantOptions = {},
) {
  const target = await authoriseOnMember(em, authz, memberId, 'member:read');
  // Rule 1 (rank): a direct change on a member needs to outrank it; granting what the member itself asked for
  // (an approved request, which its requester never decides) does not.
  if (!options.requestedByMember) assertMayActOnAdmins(authz, target);
  rule(() => assertCanManageDirectGrants(authz.actor, target.scopes, target.topology, authz.now));
  return { actor: authz.actor, member: target.member };
}

/** `requestedByMember`: the change applies a request the member made and another administrator approved. */
export interface GrantOptions {
  requestedByMember?: boolean;
}

/** Gives a member a service role directly, within the agreement (rule 1). */
export async function grantToMember(
  em: EntityManager,
  authz: Authz,
  memberId: string,
  serviceRoleId: string,
  options: GrantOptions = {},
): Promise<IMember> {
  const { actor, member } = await memberForGrants(em, authz, memberId, options);
  await serviceRoleExists(em, [serviceRoleId], 'serviceRoleId');
  const agreement = (await loadAgreementItems(em, [member.organisation])).get(member.organisation) ?? [];
  const check = checkGrant({ serviceRoleId, agreement, parentGroupRoleIds: null, at: authz.now });
  if (!check.ok) throw grantRefusal(check.code, 'serviceRoleId');
  if (await em.findOne(Grant, { member: member.id, serviceRole: serviceRoleId }))
    throw new ConflictError('The member already holds this service role directly.', 'serviceRoleId');
  em.create(Grant, {
    organisation: member.organisation,
    serviceRole: serviceRoleId,
    group: null,
    member: member.id,
    grantedBy: actor.personId,
  });
  audit(em, actor, {
    organisation: member.organisation,
    action: 'member.grant_added',
    targetType: 'Member',
    targetId: member.id,
    after: { serviceRoleId },
  });
  await em.flush();
  return member;
}

/** Takes back a service role given directly to a member (a suspended one too). */
export async function revokeMemberGrant(
  em: EntityManager,
  authz: Authz,
  memberId: string,
  serviceRoleId: string,
  options: GrantOptions = {},
): Promise<IMember> {
  const { actor, member } = await memberForGrants(em, authz, memberId, options);
  const grant = await em.findOne(Grant, { member: member.id, serviceRole: serviceRoleId });
  if (!grant) throw new NotFoundError('The member does not hold this service role directly.');
  await em.nativeDelete(Grant, { id: grant.id });
  audit(em, actor, {
    organisation: member.organisation,
    action: 'member.grant_revoked',
    targetType: 'Member',
    targetId: member.id,
    before: { serviceRoleId },
  });
  await em.flush();
  return member;
}

// ---------------------------------------------------------------------------------------------------------
// Membership

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
  const actor = authz.actor;
  const ids = batch(groupIds, 'groupIds');
  const target = await authoriseOnMember(em, authz, memberId, 'member:read');
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
