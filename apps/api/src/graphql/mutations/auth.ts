import { RequestCache } from '@pothos/plugin-scope-auth';
import {
  InvalidCredentialsError,
  InvalidInputError,
  NotAuthorisedError,
  NotFoundError,
  RateLimitedError,
} from '../../errors.js';
import { parseOptionalId } from '../../lib/ids.js';
import { publishSessionsRevoked } from '../../live/events.js';
import { chooseActingContext, signIn } from '../../modules/people/auth.service.js';
import { revokeSession, SESSION_COOKIE } from '../../modules/people/session.service.js';
import type { RequestContext } from '../../context.js';
import type { SessionInfo } from '../../modules/people/session.service.js';
import { builder } from '../builder.js';
import { ViewerRef } from '../types/viewer.js';

/**
 * Later fields of the same operation act for the new session: the context forgets the old one, and Pothos forgets
 * the scopes it decided for it (`a: rotatePersonalIdentifier signOut b: rotatePersonalIdentifier` refuses b).
 */
function switchSession(ctx: RequestContext, session: SessionInfo | null): void {
  ctx.replaceSession(session);
  RequestCache.clearForContext(ctx);
}

const SignInInput = builder.inputType('SignInInput', {
  fields: (t) => ({ email: t.string(), password: t.string() }),
});

builder.mutationField('signIn', (t) =>
  t.field({
    type: ViewerRef,
    description: 'Signs in with e-mail and password and sets the session cookie.',
    authScopes: { public: true },
    errors: { types: [InvalidCredentialsError, RateLimitedError, InvalidInputError] },
    args: { input: t.arg({ type: SignInInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const { token, session } = await signIn(ctx.em.fork(), input, ctx.ip, ctx.app.config.SESSION_TTL_HOURS);
      ctx.cookies.push({
        name: SESSION_COOKIE,
        value: token,
        maxAgeSeconds: ctx.app.config.SESSION_TTL_HOURS * 3600,
      });
      switchSession(ctx, session);
      return { session };
    },
  }),
);

builder.mutationField('signOut', (t) =>
  t.boolean({
    description: 'Ends the current session everywhere it was used.',
    authScopes: { public: true },
    resolve: async (_root, _args, ctx) => {
      // One statement, committed on its own: its live streams can be told at once.
      if (ctx.auth.session)
        publishSessionsRevoked(ctx.app.live, await revokeSession(ctx.em, ctx.auth.session.id));
      ctx.cookies.push({ name: SESSION_COOKIE, value: '', maxAgeSeconds: 0 });
      switchSession(ctx, null);
      return true;
    },
  }),
);

const ChooseActingContextInput = builder.inputType('ChooseActingContextInput', {
  fields: (t) => ({
    organisationId: t.id({ required: false }),
    asOperator: t.boolean({ required: false }),
  }),
});

builder.mutationField('chooseActingContext', (t) =>
  t.withAuth({ authenticated: true }).field({
    type: ViewerRef,
    description: 'Chooses whom the session acts for: one of the person’s organisations, or the operator.',
    errors: { types: [NotAuthorisedError, NotFoundError, InvalidInputError] },
    args: { input: t.arg({ type: ChooseActingContextInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const session = await chooseActingContext(ctx.em.fork(), ctx.auth.session, {
        organisationId: parseOptionalId(input.organisationId, 'Organisation', 'organisationId'),
        asOperator: input.asOperator ?? false,
      });
      switchSession(ctx, session);
      return { session };
    },
  }),
);
