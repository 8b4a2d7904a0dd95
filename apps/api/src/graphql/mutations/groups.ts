import type { RequestContext } from '../../context.js';
import { InvalidInputError } from '../../errors.js';
import { globalId, parseId, parseOptionalId } from '../../lib/ids.js';
import {
  changeGroupManager,
  createGroup,
  deleteGroup,
  type ManagerChoice,
  updateGroup,
} from '../../modules/groups/group.service.js';
import {
  grantToGroup,
  grantToMember,
  revokeGroupGrant,
  revokeMemberGrant,
  setGroupGrants,
} from '../../modules/groups/group-grants.service.js';
import { addMembersToGroup, addMemberToGroups } from '../../modules/groups/group-membership.service.js';
import { authzIn } from '../authz.js';
import { builder } from '../builder.js';
import { MUTATION_ERRORS } from '../errors/index.js';
import { EXPECTED_VERSION, inTransaction } from '../mutation.js';
import { GroupRef, MemberRef } from '../refs.js';
import { MobilityEnum } from '../types/member.js';

/** Mutations check the domain policy in the service, on rows read inside their transaction. */
const signedIn = { operator: true, actingMember: true } as const;

const NewGroupManagerInput = builder.inputType('NewGroupManagerInput', {
  description:
    'A responsable created on the spot (Caf): a new member of the organisation, placed in the group.',
  fields: (t) => ({
    lastName: t.string(),
    firstName: t.string(),
    email: t.string({ description: 'Nominative: the person’s own address.' }),
    emailConfirmation: t.string({ description: 'The same address typed a second time.' }),
    mobility: t.field({ type: MobilityEnum }),
    openingDate: t.field({ type: 'Date', required: false, description: 'Today by default.' }),
    nationalNumber: t.string({ required: false }),
    unitIds: t.idList({ required: false }),
  }),
});

const GroupManagerInput = builder.inputType('GroupManagerInput', {
  description: 'Exactly one of: an existing member, or a new member created on the spot.',
  fields: (t) => ({
    memberId: t.id({ required: false }),
    newMember: t.field({ type: NewGroupManagerInput, required: false }),
  }),
});

type ManagerArg = typeof GroupManagerInput.$inferInput;

function managerChoice(ctx: RequestContext, input: ManagerArg): ManagerChoice {
  if ((input.memberId == null) === (input.newMember == null))
    throw new InvalidInputError('manager', 'Choose an existing member or create a new one.');
  if (input.memberId != null) return { memberId: parseId(input.memberId, 'Member', 'manager.memberId') };
  const created = input.newMember!;
  return {
    newMember: {
      ...created,
      unitIds: (created.unitIds ?? []).map((id) => parseId(id, 'Unit', 'manager.newMember.unitIds')),
    },
    mail: { appUrl: ctx.appUrl() },
  };
}

const CreateGroupInput = builder.inputType('CreateGroupInput', {
  fields: (t) => ({
    organisationId: t.id(),
    name: t.string(),
    description: t.string({ required: false }),
    unitId: t.id({
      required: false,
      description: 'The unit the group sits in (a sub-group: its parent’s or below).',
    }),
    parentId: t.id({ required: false, description: 'Makes it a sub-group of this group.' }),
    manager: t.field({ type: GroupManagerInput }),
  }),
});

builder.mutationField('createGroup', (t) =>
  t.field({
    type: GroupRef,
    description:
      'Creates a group or sub-group with its responsable, who becomes its GROUP_MANAGER and a member of it.',
    errors: { types: MUTATION_ERRORS },
    authScopes: signedIn,
    args: { input: t.arg({ type: CreateGroupInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      inTransaction(ctx, async (tx) =>
        createGroup(
          tx,
          await authzIn(ctx, tx),
          {
            organisationId: parseId(input.organisationId, 'Organisation', 'organisationId'),
            name: input.name,
            description: input.description,
            unitId: parseOptionalId(input.unitId, 'Unit', 'unitId'),
            parentId: parseOptionalId(input.parentId, 'Group', 'parentId'),
          },
          managerChoice(ctx, input.manager),
        ),
      ),
  }),
);

const UpdateGroupInput = builder.inputType('UpdateGroupInput', {
  fields: (t) => ({
    groupId: t.id(),
    name: t.string({ required: false }),
    description: t.string({ required: false, description: 'Null or empty removes the description.' }),
    unitId: t.id({
      required: false,
      description: 'Moves the group to this unit; null: to no unit; absent: unchanged.',
    }),
    expectedVersion: t.int({ required: false, description: EXPECTED_VERSION }),
  }),
});

builder.mutationField('updateGroup', (t) =>
  t.field({
    type: GroupRef,
    errors: { types: MUTATION_ERRORS },
    authScopes: signedIn,
    args: { input: t.arg({ type: UpdateGroupInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      inTransaction(ctx, async (tx) =>
        updateGroup(tx, await authzIn(ctx, tx), parseId(input.groupId, 'Group', 'groupId'), {
          name: input.name,
          description: input.description,
          unitId: input.unitId === undefined ? undefined : parseOptionalId(input.unitId, 'Unit', 'unitId'),
          expectedVersion: input.expectedVersion,
        }),
      ),
  }),
);

const GroupIdInput = builder.inputType('DeleteGroupInput', {
  fields: (t) => ({
    groupId: t.id(),
    expectedVersion: t.int({ required: false, description: EXPECTED_VERSION }),
  }),
});

builder.mutationField('deleteGroup', (t) =>
  t.field({
    type: 'ID',
    description:
      'Deletes a group with no sub-group; answers its id. Its grants, memberships and manager role go.',
    errors: { types: MUTATION_ERRORS },
    authScopes: signedIn,
    args: { input: t.arg({ type: GroupIdInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      inTransaction(ctx, async (tx) =>
        globalId(
          'Group',
          await deleteGroup(
            tx,
            await authzIn(ctx, tx),
            parseId(input.groupId, 'Group', 'groupId'),
            input.expectedVersion,
          ),
        ),
      ),
  }),
);

const ChangeGroupManagerInput = builder.inputType('ChangeGroupManagerInput', {
  fields: (t) => ({
    groupId: t.id(),
    manager: t.field({ type: GroupManagerInput }),
    expectedVersion: t.int({ required: false, description: EXPECTED_VERSION }),
  }),
});

builder.mutationField('changeGroupManager', (t) =>
  t.field({
    type: GroupRef,
    description:
      'Names another responsable; the previous one loses the role on this group but stays a member.',
    errors: { types: MUTATION_ERRORS },
    authScopes: signedIn,
    args: { input: t.arg({ type: ChangeGroupManagerInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      inTransaction(ctx, async (tx) =>
        changeGroupManager(
          tx,
          await authzIn(ctx, tx),
          parseId(input.groupId, 'Group', 'groupId'),
          managerChoice(ctx, input.manager),
          input.expectedVersion,
        ),
      ),
  }),
);

const GroupGrantInput = builder.inputType('GroupGrantInput', {
  fields: (t) => ({
    groupId: t.id(),
    serviceRoleId: t.id(),
    expectedVersion: t.int({ required: false, description: EXPECTED_VERSION }),
  }),
});

builder.mutationField('grantToGroup', (t) =>
  t.field({
    type: GroupRef,
    description:
      'Gives a group a service role: within the agreement (OUTSIDE_AGREEMENT) and, for a sub-group, its parent’s grants (OUTSIDE_PARENT_GROUP).',
    errors: { types: MUTATION_ERRORS },
    authScopes: signedIn,
    args: { input: t.arg({ type: GroupGrantInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      inTransaction(ctx, async (tx) =>
        grantToGroup(
          tx,
          await authzIn(ctx, tx),
          parseId(input.groupId, 'Group', 'groupId'),
          parseId(input.serviceRoleId, 'ServiceRole', 'serviceRoleId'),
          input.expectedVersion,
        ),
      ),
  }),
);

builder.mutationField('revokeGroupGrant', (t) =>
  t.field({
    type: GroupRef,
    description: 'Takes a service role back from a group and from its sub-groups.',
    errors: { types: MUTATION_ERRORS },
    authScopes: signedIn,
    args: { input: t.arg({ type: GroupGrantInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      inTransaction(ctx, async (tx) =>
        revokeGroupGrant(
          tx,
          await authzIn(ctx, tx),
          parseId(input.groupId, 'Group', 'groupId'),
          parseId(input.serviceRoleId, 'ServiceRole', 'serviceRoleId'),
          input.expectedVersion,
        ),
      ),
  }),
);

const SetGroupGrantsInput = builder.inputType('SetGroupGrantsInput', {
  fields: (t) => ({
    groupId: t.id(),
    serviceRoleIds: t.idList(),
    expectedVersion: t.int({ required: false, description: EXPECTED_VERSION }),
  }),
});

builder.mutationField('setGroupGrants', (t) =>
  t.field({
    type: GroupRef,
    description:
      'The grants editor’s “save”: the group ends up holding exactly these service roles, all or nothing.',
    errors: { types: MUTATION_ERRORS },
    authScopes: signedIn,
    args: { input: t.arg({ type: SetGroupGrantsInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      inTransaction(ctx, async (tx) =>
        setGroupGrants(
          tx,
          await authzIn(ctx, tx),
          parseId(input.groupId, 'Group', 'groupId'),
          input.serviceRoleIds.map((id) => parseId(id, 'ServiceRole', 'serviceRoleIds')),
          input.expectedVersion,
        ),
      ),
  }),
);

const MemberGrantInput = builder.inputType('MemberGrantInput', {
  fields: (t) => ({ memberId: t.id(), serviceRoleId: t.id() }),
});

builder.mutationField('grantToMember', (t) =>
  t.field({
    type: MemberRef,
    description: 'Gives a member a service role directly, within the agreement.',
    errors: { types: MUTATION_ERRORS },
    authScopes: signedIn,
    args: { input: t.arg({ type: MemberGrantInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      inTransaction(ctx, async (tx) =>
        grantToMember(
          tx,
          await authzIn(ctx, tx),
          parseId(input.memberId, 'Member', 'memberId'),
          parseId(input.serviceRoleId, 'ServiceRole', 'serviceRoleId'),
        ),
      ),
  }),
);

builder.mutationField('revokeMemberGrant', (t) =>
  t.field({
    type: MemberRef,
    description: 'Takes back a service role given directly to a member.',
    errors: { types: MUTATION_ERRORS },
    authScopes: signedIn,
    args: { input: t.arg({ type: MemberGrantInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      inTransaction(ctx, async (tx) =>
        revokeMemberGrant(
          tx,
          await authzIn(ctx, tx),
          parseId(input.memberId, 'Member', 'memberId'),
          parseId(input.serviceRoleId, 'ServiceRole', 'serviceRoleId'),
        ),
      ),
  }),
);

const AddMembersToGroupInput = builder.inputType('AddMembersToGroupInput', {
  fields: (t) => ({ groupId: t.id(), memberIds: t.idList() }),
});

builder.mutationField('addMembersToGroup', (t) =>
  t.field({
    type: GroupRef,
    description:
      'Adds members to a group, from the group’s side; members already in it are left as they are.',
    errors: { types: MUTATION_ERRORS },
    authScopes: signedIn,
    args: { input: t.arg({ type: AddMembersToGroupInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      inTransaction(ctx, async (tx) =>
        addMembersToGroup(
          tx,
          await authzIn(ctx, tx),
          parseId(input.groupId, 'Group', 'groupId'),
          input.memberIds.map((id) => parseId(id, 'Member', 'memberIds')),
        ),
      ),
  }),
);

const AddMemberToGroupsInput = builder.inputType('AddMemberToGroupsInput', {
  fields: (t) => ({ memberId: t.id(), groupIds: t.idList() }),
});

builder.mutationField('addMemberToGroups', (t) =>
  t.field({
    type: MemberRef,
    description:
      'Adds a member to groups, from the member’s side; groups it is already in are left as they are.',
    errors: { types: MUTATION_ERRORS },
    authScopes: signedIn,
    args: { input: t.arg({ type: AddMemberToGroupsInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      inTransaction(ctx, async (tx) =>
        addMemberToGroups(
          tx,
          await authzIn(ctx, tx),
          parseId(input.memberId, 'Member', 'memberId'),
          input.groupIds.map((id) => parseId(id, 'Group', 'groupIds')),
        ),
      ),
  }),
);
