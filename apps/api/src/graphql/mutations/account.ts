import {
  InvalidInputError,
  NotAuthorisedError,
  PasswordPolicyError,
  RateLimitedError,
} from '../../errors.js';
import { setOwnBackupEmail } from '../../modules/members/member-account.service.js';
import {
  acceptTerms,
  changePassword,
  requestPasswordReset,
  resetPassword,
  revokeOtherSessions,
} from '../../modules/people/account.service.js';
import {
  confirmBackupEmail,
  sendEmailVerification,
  verifyEmail,
} from '../../modules/people/email-address.service.js';
import { rotatePersonalIdentifier } from '../../modules/people/personal-identifier.service.js';
import { builder } from '../builder.js';
import { inTransaction } from '../mutation.js';
import { PersonRef } from '../refs.js';
import { PersonalIdentifierRef } from '../types/account.js';
import { ViewerRef } from '../types/viewer.js';

const ChangePasswordInput = builder.inputType('ChangePasswordInput', {
  fields: (t) => ({
    currentPassword: t.string({
      required: false,
      description: 'Required, except at first sign-in while a temporary password must be replaced.',
    }),
    newPassword: t.string(),
  }),
});

builder.mutationField('changePassword', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: ViewerRef,
    description: 'Changes the signed-in person’s password (first sign-in included); its other sessions end.',
    errors: { types: [InvalidInputError, PasswordPolicyError, RateLimitedError] },
    args: { input: t.arg({ type: ChangePasswordInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const session = ctx.auth.session;
      await inTransaction(ctx, (tx) => changePassword(tx, session, input, ctx.now));
      return { session };
    },
  }),
);

builder.mutationField('acceptTerms', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: ViewerRef,
    description: 'Accepts the terms of use (first sign-in).',
    errors: { types: [NotAuthorisedError] },
    resolve: async (_root, _args, ctx) => {
      const session = ctx.auth.session;
      await inTransaction(ctx, (tx) => acceptTerms(tx, session.personId, ctx.now));
      return { session };
    },
  }),
);

const RequestPasswordResetInput = builder.inputType('RequestPasswordResetInput', {
  fields: (t) => ({ email: t.string() }),
});

builder.mutationField('requestPasswordReset', (t) =>
  t.field({
    type: 'Boolean',
    description:
      'E-mails a single-use reset link when the address belongs to an account; answers true either way, so it reveals no account.',
    authScopes: { public: true },
    errors: { types: [InvalidInputError, RateLimitedError] },
    args: { input: t.arg({ type: RequestPasswordResetInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      await inTransaction(ctx, (tx) => requestPasswordReset(tx, input, ctx.ip, ctx.appUrl(), ctx.now));
      return true;
    },
  }),
);

const ResetPasswordInput = builder.inputType('ResetPasswordInput', {
  fields: (t) => ({
    token: t.string({ description: 'The secret from the e-mailed link.' }),
    newPassword: t.string(),
  }),
});

const ResetPasswordResult = builder.objectRef<{ email: string }>('ResetPasswordResult');
ResetPasswordResult.implement({
  description: 'The password is set: the person signs in with this e-mail address.',
  authScopes: { public: true },
  fields: (t) => ({ email: t.exposeString('email') }),
});

builder.mutationField('resetPassword', (t) =>
  t.field({
    type: ResetPasswordResult,
    description:
      'Sets a new password from an e-mailed reset or welcome link; the link works once. Every session ends.',
    authScopes: { public: true },
    // RateLimitedError: the password hashing pool is full (src/auth/passwords.ts): try again in a second.
    errors: { types: [InvalidInputError, PasswordPolicyError, RateLimitedError] },
    args: { input: t.arg({ type: ResetPasswordInput, required: true }) },
    resolve: (_root, { input }, ctx) => inTransaction(ctx, (tx) => resetPassword(tx, input, ctx.now)),
  }),
);

builder.mutationField('rotatePersonalIdentifier', (t) =>
  t.withAuth({ authenticated: true }).field({
    type: PersonalIdentifierRef,
    description: 'Replaces the signed-in person’s personal identifier: the old one stops working at once.',
    errors: { types: [NotAuthorisedError] },
    resolve: (_root, _args, ctx) =>
      inTransaction(ctx, (tx) =>
        rotatePersonalIdentifier(tx, ctx.auth.session.personId, ctx.app.config.sessionSecret, ctx.now),
      ),
  }),
);

const SetOwnBackupEmailInput = builder.inputType('SetOwnBackupEmailInput', {
  fields: (t) => ({
    backupEmail: t.string({ required: false, description: 'null or empty removes it' }),
  }),
});

builder.mutationField('setOwnBackupEmail', (t) =>
  t.withAuth({ authenticated: true }).field({
    type: PersonRef,
    description:
      'Asks for (or removes) the signed-in person’s backup e-mail address: account mails go there once confirmed from the link sent to it.',
    errors: { types: [InvalidInputError] },
    args: { input: t.arg({ type: SetOwnBackupEmailInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      inTransaction(ctx, (tx) =>
        setOwnBackupEmail(
          tx,
          ctx.auth.session.personId,
          input.backupEmail ?? null,
          { appUrl: ctx.appUrl() },
          ctx.now,
        ),
      ),
  }),
);

const ConfirmBackupEmailInput = builder.inputType('ConfirmBackupEmailInput', {
  fields: (t) => ({ token: t.string({ description: 'from the link e-mailed to the new backup address' }) }),
});

builder.mutationField('confirmBackupEmail', (t) =>
  t.field({
    type: 'Boolean',
    description:
      'Confirms a backup e-mail address from the link sent to it; from then on account mails go there too.',
    authScopes: { public: true },
    errors: { types: [InvalidInputError] },
    args: { input: t.arg({ type: ConfirmBackupEmailInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      await inTransaction(ctx, (tx) => confirmBackupEmail(tx, input, ctx.now));
      return true;
    },
  }),
);

builder.mutationField('sendEmailVerification', (t) =>
  t.withAuth({ authenticated: true }).field({
    type: PersonRef,
    description:
      'Sends a link to the signed-in person’s own address (never to the backup): following it verifies the address, which accepting an invitation needs.',
    errors: { types: [RateLimitedError] },
    resolve: (_root, _args, ctx) =>
      inTransaction(ctx, (tx) => sendEmailVerification(tx, ctx.auth.session.personId, ctx.appUrl(), ctx.now)),
  }),
);

const VerifyEmailInput = builder.inputType('VerifyEmailInput', {
  fields: (t) => ({ token: t.string({ description: 'from the link e-mailed to the person’s own address' }) }),
});

builder.mutationField('verifyEmail', (t) =>
  t.field({
    type: 'Boolean',
    description: 'Verifies a person’s own e-mail address from the link sent to it.',
    authScopes: { public: true },
    errors: { types: [InvalidInputError] },
    args: { input: t.arg({ type: VerifyEmailInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      await inTransaction(ctx, (tx) => verifyEmail(tx, input, ctx.now));
      return true;
    },
  }),
);

builder.mutationField('revokeOtherSessions', (t) =>
  t.withAuth({ authenticated: true }).field({
    type: 'Boolean',
    description: 'Signs the person out everywhere else (other browsers and devices).',
    errors: { types: [NotAuthorisedError] },
    resolve: async (_root, _args, ctx) => {
      const session = ctx.auth.session;
      await inTransaction(ctx, (tx) => revokeOtherSessions(tx, session));
      return true;
    },
  }),
);
