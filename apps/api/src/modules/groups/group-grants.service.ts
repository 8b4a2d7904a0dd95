/** Grants: service roles given to a group (within the agreement and its parent group's, rule 1) or directly to a member. */
import { raw } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  assertCan,
  assertCanManageDirectGrants,
  checkGrant,
  groupContainerScope,
  groupSubtree,
  type OrgTopology,
  planGrantChanges,
} from '@tessera/domain';
import { ConflictError, InvalidInputError, NotFoundError, RuleError } from '../../errors.js';
import { loadAgreementItems } from '../access/access.service.js';
import { audit } from '../audit/audit.service.js';
import { type Authz, rule } from '../authz/authz.js';
import { ServiceRole } from '../catalogue/service.entity.js';
import { assertVersion, bumpVersion } from '../common.js';
import type { IMember } from '../members/member.entity.js';
import { assertMayActOnAdmins, assertNotSelf, authoriseOnMember } from '../members/member-target.js';
import { Grant, Group, type IGroup } from './group.entity.js';
import { MAX_BATCH, reachableGroup } from './group-target.js';

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
  if (!options.requestedByMember) {
    // Nobody gives itself a service role (rule 1): a delegate would otherwise keep it after its delegation.
    assertNotSelf(authz, target, 'change the direct service roles of');
    assertMayActOnAdmins(authz, target);
  }
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
