import { RateLimitedError } from '../../errors.js';
import { globalId, parseId, parseOptionalId } from '../../lib/ids.js';
import type { IInvitation } from '../../modules/members/invitation.entity.js';
import {
  acceptInvitation,
  declineInvitation,
  invitationsFor,
  inviteMember,
  organisationNameOf,
} from '../../modules/members/invitation.service.js';
import { authzIn } from '../authz.js';
import { builder } from '../builder.js';
import { MUTATION_ERRORS } from '../errors/index.js';
import { inTransaction } from '../mutation.js';
import { MemberRef } from '../refs.js';

export const InvitationRef = builder.objectRef<IInvitation>('Invitation');
InvitationRef.implement({
  description:
    'An organisation’s invitation to become a member, waiting for the invited person’s answer (rule 7: no attachment without consent).',
  // Only myInvitations returns invitations, and only those sent to the caller's own address.
  authScopes: { authenticated: true },
  fields: (t) => ({
    id: t.id({ resolve: (invitation) => globalId('Invitation', invitation.id) }),
    email: t.exposeString('email'),
    organisationName: t.string({
      resolve: (invitation, _args, ctx) => organisationNameOf(ctx.em, invitation),
    }),
    asPrincipalAdmin: t.exposeBoolean('asPrincipalAdmin'),
    createdAt: t.field({ type: 'DateTime', resolve: (invitation) => invitation.createdAt }),
    expiresAt: t.field({ type: 'DateTime', resolve: (invitation) => invitation.expiresAt }),
  }),
});

builder.queryField('myInvitations', (t) =>
  t.withAuth({ authenticated: true }).field({
    type: [InvitationRef],
    description:
      'Invitations sent to the signed-in person’s address and waiting for its answer, oldest first.',
    resolve: (_root, _args, ctx) => invitationsFor(ctx.em, ctx.auth.session.personId, ctx.now),
  }),
);

const InviteMemberInput = builder.inputType('InviteMemberInput', {
  fields: (t) => ({
    organisationId: t.id({ required: false, description: 'by default the organisation the caller acts for' }),
    email: t.string({
      description: 'the person’s address; the answer is the same whether or not it has an account',
    }),
    unitIds: t.idList({ required: false }),
    asPrincipalAdmin: t.boolean({
      required: false,
      description: 'operator only: the person becomes principal administrator when it accepts',
    }),
  }),
});

const InviteMemberPayload = builder.objectRef<IInvitation>('InviteMemberPayload');
InviteMemberPayload.implement({
  description: 'The invitation sent; it waits for the person’s answer until it expires.',
  authScopes: { operator: true, actingMember: true },
  fields: (t) => ({
    invitationId: t.id({ resolve: (invitation) => globalId('Invitation', invitation.id) }),
    email: t.exposeString('email'),
    expiresAt: t.field({ type: 'DateTime', resolve: (invitation) => invitation.expiresAt }),
  }),
});

builder.mutationField('inviteMember', (t) =>
  t.field({
    type: InviteMemberPayload,
    description:
      'Invites a person by e-mail to become a member: it accepts or declines in its own account. Nobody is attached without consent (rule 7).',
    authScopes: { operator: true, actingMember: true },
    errors: { types: [...MUTATION_ERRORS, RateLimitedError] },
    args: { input: t.arg({ type: InviteMemberInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      inTransaction(ctx, async (tx) =>
        inviteMember(
          tx,
          await authzIn(ctx, tx),
          {
            organisationId: parseOptionalId(input.organisationId, 'Organisation', 'organisationId'),
            email: input.email,
            unitIds: (input.unitIds ?? []).map((value) => parseId(value, 'Unit', 'unitIds')),
            asPrincipalAdmin: input.asPrincipalAdmin ?? false,
          },
          { appUrl: ctx.appUrl() },
        ),
      ),
  }),
);

const InvitationIdInput = builder.inputType('InvitationIdInput', {
  fields: (t) => ({ invitationId: t.id() }),
});

builder.mutationField('acceptInvitation', (t) =>
  t.withAuth({ authenticated: true }).field({
    type: MemberRef,
    description:
      'The signed-in person accepts an invitation sent to its address: it becomes a member of the organisation (free services only); a closed attachment request keeps the history.',
    errors: { types: MUTATION_ERRORS },
    args: { input: t.arg({ type: InvitationIdInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      inTransaction(ctx, async (tx) => {
        const { member } = await acceptInvitation(
          tx,
          ctx.auth.session.personId,
          parseId(input.invitationId, 'Invitation', 'invitationId'),
          ctx.now,
        );
        return member;
      }),
  }),
);

builder.mutationField('declineInvitation', (t) =>
  t.withAuth({ authenticated: true }).field({
    type: 'Boolean',
    description: 'The signed-in person declines an invitation sent to its address.',
    errors: { types: MUTATION_ERRORS },
    args: { input: t.arg({ type: InvitationIdInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      inTransaction(ctx, async (tx) => {
        await declineInvitation(
          tx,
          ctx.auth.session.personId,
          parseId(input.invitationId, 'Invitation', 'invitationId'),
          ctx.now,
        );
        return true;
      }),
  }),
);
