import { type MemberStatusEvent, mayAnywhere } from '@tessera/domain';
import { type AppError, InvalidInputError, NotAuthorisedError, RateLimitedError } from '../../errors.js';
import { globalId, parseId, parseOptionalId } from '../../lib/ids.js';
import type { IMember } from '../../modules/members/member.entity.js';
import { attachMember, createMember } from '../../modules/members/member.service.js';
import {
  forcePasswordChange,
  sendPasswordResetEmail,
  sendWelcomeEmail,
  setMemberBackupEmail,
} from '../../modules/members/member-account.service.js';
import {
  changeMemberStatus,
  removeMember,
  removeMemberFromGroup,
  setBlockedInGroup,
} from '../../modules/members/member-status.service.js';
import { attachMemberToUnits, detachMemberFromUnit } from '../../modules/members/member-units.service.js';
import type { IPerson } from '../../modules/people/person.entity.js';
import { authzIn } from '../authz.js';
import { builder } from '../builder.js';
import { type ERROR_CODES, ErrorCodeEnum, MUTATION_ERRORS } from '../errors/index.js';
import { EXPECTED_VERSION, inTransaction } from '../mutation.js';
import { MemberRef, PersonRef } from '../refs.js';
import { MobilityEnum } from '../types/member.js';

const adminScopes = { operator: true, actingMember: true } as const;

const parseIds = (values: readonly string[] | null | undefined, typename: string, field: string) =>
  (values ?? []).map((value) => parseId(value, typename, field));

// Attach (Vaud) -------------------------------------------------------------------------------------------

const AttachMemberInput = builder.inputType('AttachMemberInput', {
  fields: (t) => ({
    organisationId: t.id({ required: false, description: 'by default the organisation the caller acts for' }),
    personalIdentifier: t.string({ description: 'the code the person reads in its own account' }),
    unitIds: t.idList({ required: false }),
  }),
});

const AttachMemberPayload = builder.objectRef<{ member: IMember; requestId: string }>('AttachMemberPayload');
AttachMemberPayload.implement({
  description: 'The new member, and the attachment request closed with its history.',
  authScopes: adminScopes,
  fields: (t) => ({
    member: t.field({ type: MemberRef, resolve: (payload) => payload.member }),
    requestId: t.id({ resolve: (payload) => globalId('Request', payload.requestId) }),
  }),
});

builder.mutationField('attachMember', (t) =>
  t.field({
    type: AttachMemberPayload,
    description:
      'Attaches a person to the organisation with its personal identifier ("Rattacher un usager"): an attachment request is created and closed, the member is active with the free services only, the person is e-mailed. Wrong identifiers are rate-limited per administrator.',
    authScopes: adminScopes,
    errors: { types: [...MUTATION_ERRORS, RateLimitedError] },
    args: { input: t.arg({ type: AttachMemberInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      inTransaction(ctx, async (tx) => {
        const { member, request } = await attachMember(
          tx,
          await authzIn(ctx, tx),
          {
            organisationId: parseOptionalId(input.organisationId, 'Organisation', 'organisationId'),
            personalIdentifier: input.personalIdentifier,
            unitIds: parseIds(input.unitIds, 'Unit', 'unitIds'),
          },
          { appUrl: ctx.appUrl(), secret: ctx.app.config.sessionSecret },
        );
        return { member, requestId: request.id };
      }),
  }),
);

// Create (Caf, CSAM) --------------------------------------------------------------------------------------

const CreateMemberInput = builder.inputType('CreateMemberInput', {
  fields: (t) => ({
    organisationId: t.id({ required: false, description: 'by default the organisation the caller acts for' }),
    lastName: t.string(),
    firstName: t.string(),
    email: t.string({ description: 'nominative: no shared mailbox' }),
    emailConfirmation: t.string({ description: 'the same address typed a second time' }),
    nationalNumber: t.string({ required: false, description: 'Belgian national register number (CSAM)' }),
    mobility: t.field({ type: MobilityEnum }),
    openingDate: t.field({ type: 'Date', required: false, description: 'today by default' }),
    unitIds: t.idList({ required: false }),
    groupIds: t.idList({ required: false }),
  }),
});

const CreateMemberPayload = builder.objectRef<{
  member: IMember;
  personCreated: boolean;
  temporaryPassword: string | null;
}>('CreateMemberPayload');
CreateMemberPayload.implement({
  description:
    'The new member. For a person without an account, the temporary password to hand over (shown once) and a welcome e-mail with a link to choose a password.',
  authScopes: adminScopes,
  fields: (t) => ({
    member: t.field({ type: MemberRef, resolve: (payload) => payload.member }),
    personCreated: t.exposeBoolean('personCreated'),
    temporaryPassword: t.string({ nullable: true, resolve: (payload) => payload.temporaryPassword }),
  }),
});

builder.mutationField('createMember', (t) =>
  t.field({
    type: CreateMemberPayload,
    description:
      'Creates a member with a new account and a temporary password to change at first sign-in. A known person (same e-mail or national number) is never attached without consent: PERSON_EXISTS, then attach with its personal identifier or invite it.',
    authScopes: adminScopes,
    errors: { types: [...MUTATION_ERRORS, RateLimitedError] },
    args: { input: t.arg({ type: CreateMemberInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      inTransaction(ctx, async (tx) =>
        createMember(
          tx,
          await authzIn(ctx, tx),
          {
            ...input,
            organisationId: parseOptionalId(input.organisationId, 'Organisation', 'organisationId'),
            unitIds: parseIds(input.unitIds, 'Unit', 'unitIds'),
            groupIds: parseIds(input.groupIds, 'Group', 'groupIds'),
          },
          { appUrl: ctx.appUrl() },
        ),
      ),
  }),
);

// One member ----------------------------------------------------------------------------------------------

const MemberIdInput = builder.inputType('MemberIdInput', {
  fields: (t) => ({
    memberId: t.id(),
    expectedVersion: t.int({
      required: false,
      description: `Checked by the status changes (block, unblock, archive, restore). ${EXPECTED_VERSION}`,
    }),
  }),
});

function memberMutation(
  name: string,
  description: string,
  run: (
    tx: Parameters<typeof removeMember>[0],
    authz: Parameters<typeof removeMember>[1],
    memberId: string,
    appUrl: string,
    expectedVersion: number | null | undefined,
  ) => Promise<IMember>,
  scopes: { operator: true; actingMember?: true } = adminScopes,
) {
  builder.mutationField(name, (t) =>
    t.field({
      type: MemberRef,
      description,
      authScopes: scopes,
      errors: { types: MUTATION_ERRORS },
      args: { input: t.arg({ type: MemberIdInput, required: true }) },
      resolve: (_root, { input }, ctx) =>
        inTransaction(ctx, async (tx) =>
          run(
            tx,
            await authzIn(ctx, tx),
            parseId(input.memberId, 'Member', 'memberId'),
            ctx.appUrl(),
            input.expectedVersion,
          ),
        ),
    }),
  );
}

const statusMutations: [string, MemberStatusEvent, string][] = [
  [
    'blockMember',
    'BLOCK',
    'Blocks a member for all groups (CSAM): it keeps its groups and grants but may use nothing.',
  ],
  ['unblockMember', 'UNBLOCK', 'Unblocks a member blocked for all groups.'],
  [
    'archiveMember',
    'ARCHIVE',
    'Archives the account of a member who no longer uses the services (health portal).',
  ],
  ['restoreMember', 'RESTORE', 'Restores an archived member as active.'],
];
for (const [name, event, description] of statusMutations)
  memberMutation(name, description, (tx, authz, memberId, _appUrl, expectedVersion) =>
    changeMemberStatus(tx, authz, memberId, event, expectedVersion),
  );

// Archive many (guide 003: archive the accounts no longer used) ------------------------------------------

/** The most members one archiveMembers call takes: a page of the members list. */
export const ARCHIVE_BATCH_MAX = 100;

const ArchiveMembersInput = builder.inputType('ArchiveMembersInput', {
  fields: (t) => ({
    memberIds: t.idList({ description: `at most ${ARCHIVE_BATCH_MAX}, each once` }),
  }),
});

interface ArchiveOutcome {
  index: number;
  member: IMember | null;
  refusal: Refusal | null;
}

/** A refusal as plain data: an Error instance returned by a resolver would become a GraphQL error. */
interface Refusal {
  code: (typeof ERROR_CODES)[number];
  message: string;
  field: string | null;
}
const ArchiveRefusal = builder.objectRef<Refusal>('ArchiveRefusal');
ArchiveRefusal.implement({
  description: 'Why one member was not archived: the code and message archiveMember would have answered.',
  authScopes: adminScopes,
  fields: (t) => ({
    code: t.field({ type: ErrorCodeEnum, resolve: (refusal) => refusal.code }),
    message: t.exposeString('message'),
    field: t.exposeString('field', { nullable: true }),
  }),
});

const ArchiveMemberOutcome = builder.objectRef<ArchiveOutcome>('ArchiveMemberOutcome');
ArchiveMemberOutcome.implement({
  description:
    'What became of one member of an archiveMembers call: archived, or refused with the typed error archiveMember would have answered (NOT_FOUND for a member out of reach, whatever the reason).',
  authScopes: adminScopes,
  fields: (t) => ({
    index: t.exposeInt('index', {
      description:
        'the position of the member in memberIds (an id out of reach is not echoed back, so an answer never carries an id of another organisation)',
    }),
    archived: t.boolean({ resolve: (outcome) => outcome.member !== null }),
    member: t.field({ type: MemberRef, nullable: true, resolve: (outcome) => outcome.member }),
    refusal: t.field({ type: ArchiveRefusal, nullable: true, resolve: (outcome) => outcome.refusal }),
  }),
});

const ArchiveMembersPayload = builder.objectRef<{ outcomes: ArchiveOutcome[] }>('ArchiveMembersPayload');
ArchiveMembersPayload.implement({
  description: 'One outcome per member asked for, in the order asked.',
  authScopes: adminScopes,
  fields: (t) => ({
    outcomes: t.field({ type: [ArchiveMemberOutcome], resolve: (payload) => payload.outcomes }),
  }),
});

const isTypedRefusal = (error: unknown): error is AppError =>
  MUTATION_ERRORS.some((cls) => error instanceof cls);

builder.mutationField('archiveMembers', (t) =>
  t.field({
    type: ArchiveMembersPayload,
    description: `Archives several members, each exactly as archiveMember does (its rules, its own transaction and audit event), so one refusal leaves the others archived. At most ${ARCHIVE_BATCH_MAX} members per call.`,
    authScopes: adminScopes,
    errors: { types: MUTATION_ERRORS },
    args: { input: t.arg({ type: ArchiveMembersInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const ids = parseIds(input.memberIds, 'Member', 'memberIds');
      if (ids.length === 0) throw new InvalidInputError('memberIds', 'Name at least one member.');
      if (ids.length > ARCHIVE_BATCH_MAX)
        throw new InvalidInputError('memberIds', `Archive at most ${ARCHIVE_BATCH_MAX} members at a time.`);
      if (new Set(ids).size !== ids.length)
        throw new InvalidInputError('memberIds', 'Each member may be named only once.');
      // Decided once before any lock: an actor who may archive nobody is refused without touching a row.
      const actor = await ctx.actor();
      if (!actor || !mayAnywhere(actor, 'member:archive', ctx.now))
        throw new NotAuthorisedError('You are not allowed to archive members.');
      const outcomes: ArchiveOutcome[] = [];
      // One after the other: each takes its organisation's lock in its own transaction (rule 4 per member).
      for (const [index, memberId] of ids.entries()) {
        try {
          const member = await inTransaction(ctx, async (tx) =>
            changeMemberStatus(tx, await authzIn(ctx, tx), memberId, 'ARCHIVE'),
          );
          outcomes.push({ index, member, refusal: null });
        } catch (error) {
          if (!isTypedRefusal(error)) throw error;
          const refusal = {
            code: error.code as Refusal['code'],
            message: error.message,
            field: error.field ?? null,
          };
          outcomes.push({ index, member: null, refusal });
        }
      }
      return { outcomes };
    },
  }),
);

memberMutation(
  'sendWelcomeEmail',
  'Sends the person a welcome e-mail with a single-use link to choose a password (first sign-in).',
  (tx, authz, memberId, appUrl) => sendWelcomeEmail(tx, authz, memberId, { appUrl }),
);
memberMutation(
  'sendPasswordResetEmail',
  'Sends a locked-out person a password reset e-mail (also to its backup address).',
  (tx, authz, memberId, appUrl) => sendPasswordResetEmail(tx, authz, memberId, { appUrl }),
);
memberMutation(
  'forcePasswordChange',
  'Operator only (Caf): the person must change its password at next sign-in; its sessions end now.',
  (tx, authz, memberId) => forcePasswordChange(tx, authz, memberId),
  { operator: true },
);

const RemoveMemberPayload = builder.objectRef<{ memberId: string }>('RemoveMemberPayload');
RemoveMemberPayload.implement({
  description: 'The member removed from the organisation; the person keeps its own account.',
  authScopes: adminScopes,
  fields: (t) => ({ removedMemberId: t.id({ resolve: (payload) => globalId('Member', payload.memberId) }) }),
});

builder.mutationField('removeMember', (t) =>
  t.field({
    type: RemoveMemberPayload,
    description:
      'Removes a member from the organisation with its units, groups, grants and admin roles; never the last principal admin.',
    authScopes: adminScopes,
    errors: { types: MUTATION_ERRORS },
    args: { input: t.arg({ type: MemberIdInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      inTransaction(ctx, async (tx) => ({
        memberId: await removeMember(
          tx,
          await authzIn(ctx, tx),
          parseId(input.memberId, 'Member', 'memberId'),
        ),
      })),
  }),
);

// Groups (CSAM) -------------------------------------------------------------------------------------------

const MemberGroupInput = builder.inputType('MemberGroupInput', {
  fields: (t) => ({ memberId: t.id(), groupId: t.id() }),
});

function groupMutation(
  name: string,
  description: string,
  run: (
    tx: Parameters<typeof removeMember>[0],
    authz: Parameters<typeof removeMember>[1],
    memberId: string,
    groupId: string,
  ) => Promise<IMember>,
) {
  builder.mutationField(name, (t) =>
    t.field({
      type: MemberRef,
      description,
      authScopes: adminScopes,
      errors: { types: MUTATION_ERRORS },
      args: { input: t.arg({ type: MemberGroupInput, required: true }) },
      resolve: (_root, { input }, ctx) =>
        inTransaction(ctx, async (tx) =>
          run(
            tx,
            await authzIn(ctx, tx),
            parseId(input.memberId, 'Member', 'memberId'),
            parseId(input.groupId, 'Group', 'groupId'),
          ),
        ),
    }),
  );
}

groupMutation(
  'blockMemberInGroup',
  'Blocks a member in one group only: that group’s grants stop reaching it.',
  (tx, a, m, g) => setBlockedInGroup(tx, a, m, g, true),
);
groupMutation('unblockMemberInGroup', 'Unblocks a member in one group.', (tx, a, m, g) =>
  setBlockedInGroup(tx, a, m, g, false),
);
groupMutation(
  'removeMemberFromGroup',
  'Takes a member out of one group ("supprimer du groupe"); it stays a member of the organisation.',
  (tx, a, m, g) => removeMemberFromGroup(tx, a, m, g),
);

// Units (health portal) -----------------------------------------------------------------------------------

const AttachMemberToUnitsInput = builder.inputType('AttachMemberToUnitsInput', {
  fields: (t) => ({ memberId: t.id(), unitIds: t.idList() }),
});

builder.mutationField('attachMemberToUnits', (t) =>
  t.field({
    type: MemberRef,
    description: 'Attaches a member to more units (each establishment it works in).',
    authScopes: adminScopes,
    errors: { types: MUTATION_ERRORS },
    args: { input: t.arg({ type: AttachMemberToUnitsInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      inTransaction(ctx, async (tx) =>
        attachMemberToUnits(
          tx,
          await authzIn(ctx, tx),
          parseId(input.memberId, 'Member', 'memberId'),
          parseIds(input.unitIds, 'Unit', 'unitIds'),
        ),
      ),
  }),
);

const MemberUnitInput = builder.inputType('MemberUnitInput', {
  fields: (t) => ({ memberId: t.id(), unitId: t.id() }),
});

builder.mutationField('detachMemberFromUnit', (t) =>
  t.field({
    type: MemberRef,
    description: 'Detaches a member from one unit; it stays a member of the organisation.',
    authScopes: adminScopes,
    errors: { types: MUTATION_ERRORS },
    args: { input: t.arg({ type: MemberUnitInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      inTransaction(ctx, async (tx) =>
        detachMemberFromUnit(
          tx,
          await authzIn(ctx, tx),
          parseId(input.memberId, 'Member', 'memberId'),
          parseId(input.unitId, 'Unit', 'unitId'),
        ),
      ),
  }),
);

// Backup e-mail (health portal) ---------------------------------------------------------------------------

const SetMemberBackupEmailInput = builder.inputType('SetMemberBackupEmailInput', {
  fields: (t) => ({
    memberId: t.id(),
    backupEmail: t.string({ required: false, description: 'null or empty removes it' }),
  }),
});

builder.mutationField('setMemberBackupEmail', (t) =>
  t.field({
    type: PersonRef,
    description:
      'Asks for (or removes) the backup e-mail address of a member whose identity the organisation alone owns (rule 7): the address is used for account mails only once confirmed from the link sent to it; the main address is told.',
    authScopes: adminScopes,
    errors: { types: MUTATION_ERRORS },
    args: { input: t.arg({ type: SetMemberBackupEmailInput, required: true }) },
    resolve: (_root, { input }, ctx): Promise<IPerson> =>
      inTransaction(ctx, async (tx) =>
        setMemberBackupEmail(
          tx,
          await authzIn(ctx, tx),
          parseId(input.memberId, 'Member', 'memberId'),
          input.backupEmail ?? null,
          { appUrl: ctx.appUrl() },
        ),
      ),
  }),
);
