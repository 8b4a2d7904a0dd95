import SchemaBuilder from '@pothos/core';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import ErrorsPlugin from '@pothos/plugin-errors';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { type Action, type Actor, canOnAny, reachOf, reviewsAsOf, type ScopeRef } from '@tessera/domain';
import type { AuthState, RequestContext } from '../context.js';
import { NotAuthorisedError, NotFoundError } from '../errors.js';
import { isCalendarDay, parseInstant } from '../lib/instant.js';
import type { SessionInfo } from '../modules/people/session.service.js';
import { memberScopes } from './member-scopes.js';
import { mayActOnRequest } from './request-access.js';
import { reviewCampaignAccess } from './review-access.js';

/** How scope-auth words a failed type-level check (pinned plugin version; test/leak tests cover it). */
const TYPE_SCOPE_FAILURE = 'Not authorized to read fields for';

export interface AuthScopes {
  /** anyone, signed in or not: only sign-in and similar entry points */
  public: boolean;
  /** signed in, with first sign-in done (own password, terms accepted): what almost every field needs */
  authenticated: boolean;
  /** signed in, first sign-in done or not: only the first sign-in steps themselves (change password, accept terms) */
  signedIn: boolean;
  operator: boolean;
  /** a member acting for its organisation */
  actingMember: boolean;
  /** the operator, or a member acting for this organisation id (rule 2) */
  organisation: string;
  /** the domain policy: may the actor perform this action on this scope */
  can: { action: Action; scope: ScopeRef };
  /** the domain policy on a member: its organisation, units and groups are the scopes that may cover it */
  canOnMember: { action: Action; memberId: string };
  /** the domain policy on a person, through its membership in the acting organisation */
  canOnPerson: { action: Action; personId: string };
  /** the signed-in person has a (non-archived) membership in this organisation, acting for it or not */
  memberOf: string;
  /** the signed-in person itself */
  self: string;
  /** the domain policy on a request: its organisation, its unit, and its subject member's units and groups */
  canOnRequest: { action: Action; requestId: string };
  /** the actor may perform the action somewhere in this organisation (lists then filtered with reachOf) */
  canSomewhereIn: { action: Action; organisationId: string };
  /** a review campaign the actor administers (may start one over its scope) or reviews items of */
  seesReviewCampaign: string;
  /** a review campaign over a scope the actor may start one over: all its items, its progress, closing it */
  administersReviewCampaign: string;
  /** a review item the actor is one of the reviewers of, acting for its organisation */
  reviewsItem: string;
}

/** The domain policy on a member: allowed on any scope that holds it (the `canOnMember` scope). */
export async function allowedOnMember(
  ctx: RequestContext,
  actor: Actor,
  action: Action,
  memberId: string,
): Promise<boolean> {
  const scopes = await memberScopes(ctx, memberId);
  if (scopes.length === 0) return false;
  return canOnAny(actor, action, scopes, await ctx.topology(scopes[0]!.organisationId), ctx.now);
}

/** The context once `authenticated` or `signedIn` passed: the session is there (Pothos AuthContexts, t.withAuth). */
export type SignedInContext = RequestContext & { auth: AuthState & { session: SessionInfo } };

export const builder = new SchemaBuilder<{
  Context: RequestContext;
  AuthScopes: AuthScopes;
  AuthContexts: { authenticated: SignedInContext; signedIn: SignedInContext };
  DefaultFieldNullability: false;
  DefaultInputFieldRequiredness: true;
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    Date: { Input: string; Output: string };
    ID: { Input: string; Output: string };
  };
}>({
  plugins: [ErrorsPlugin, ScopeAuthPlugin, RelayPlugin, DataloaderPlugin],
  defaultFieldNullability: false,
  defaultInputFieldRequiredness: true,
  scopeAuth: {
    treatErrorsAsUnauthorized: true,
    // Type scopes run when an object is returned, so an object the caller may not see comes back as null as a
    // whole (with NOT_AUTHORISED), rather than as an object whose fields fail: its existence is not revealed.
    runScopesOnType: true,
    // A subscription is refused when it starts; each event is then checked again by its field and types.
    authorizeOnSubscribe: true,
    // An object the caller may not see is, for that caller, not found: the same answer as for an id that does not
    // exist, so ids of another organisation cannot be probed (rule 2). A refused field or mutation stays NOT_AUTHORISED.
    unauthorizedError: (_parent, _context, _info, result) =>
      result.message.startsWith(TYPE_SCOPE_FAILURE) ? new NotFoundError() : new NotAuthorisedError(),
    authScopes: async (ctx) => {
      const actor = await ctx.actor();
      return {
        public: true,
        // From the acting-context statement: no further SQL.
        authenticated: () => ctx.accountReady(),
        signedIn: ctx.auth.session !== null,
        operator: actor?.kind === 'operator',
        actingMember: actor?.kind === 'member',
        organisation: (organisationId) =>
          actor?.kind === 'operator' || (actor?.kind === 'member' && actor.organisationId === organisationId),
        can: async ({ action, scope }) => (await ctx.authz())?.can(action, scope) ?? false,
        canOnMember: ({ action, memberId }) =>
          actor !== null && allowedOnMember(ctx, actor, action, memberId),
        canOnPerson: async ({ action, personId }) => {
          if (actor?.kind === 'operator') return true;
          if (actor?.kind !== 'member') return false;
          const members = await ctx.loaders.membersOfPerson.load(personId);
          const member = members.find((m) => m.organisation === actor.organisationId);
          return member !== undefined && allowedOnMember(ctx, actor, action, member.id);
        },
        memberOf: async (organisationId) => {
          if (!ctx.auth.session) return false;
          const members = await ctx.loaders.membersOfPerson.load(ctx.auth.session.personId);
          return members.some(
            (member) => member.organisation === organisationId && member.status !== 'ARCHIVED',
          );
        },
        self: (personId) => ctx.auth.session?.personId === personId,
        canOnRequest: async ({ action, requestId }) => {
          const request = await ctx.loaders.request.load(requestId);
          return request !== null && (await mayActOnRequest(ctx, action, request));
        },
        seesReviewCampaign: async (campaignId) => (await reviewCampaignAccess(ctx, campaignId)) !== null,
        administersReviewCampaign: async (campaignId) =>
          (await reviewCampaignAccess(ctx, campaignId)) === 'ADMIN',
        reviewsItem: async (itemId) => {
          const item = await ctx.loaders.reviewItem.load(itemId);
          return (
            item !== null &&
            actor !== null &&
            reviewsAsOf(actor, { organisationId: item.organisation, reviewerIds: item.reviewerIds }, ctx.now)
          );
        },
        canSomewhereIn: async ({ action, organisationId }) => {
          if (!actor) return false;
          const reach = reachOf(actor, action, organisationId, await ctx.topology(organisationId), ctx.now);
          return reach.whole || reach.unitIds.size > 0 || reach.groupIds.size > 0;
        },
      };
    },
  },
  relay: {
    nodeQueryOptions: {
      resolve: async (_root, args, _context, _info, resolveNode) => {
        const node = await resolveNode(args.id);
        if (!node) throw new NotFoundError();
        return node;
      },
    },
    // Each unknown id is NOT_FOUND at its place in the list, as an id out of reach is (rule 2).
    nodesQueryOptions: {
      resolve: async (_root, args, _context, _info, resolveNodes) =>
        (await resolveNodes(args.ids)).map((node) => node ?? new NotFoundError()) as never,
    },
    clientMutationId: 'omit',
    cursorType: 'String',
  },
  errors: { defaultTypes: [] },
});

builder.queryType({});
builder.mutationType({});
builder.subscriptionType({});

builder.scalarType('DateTime', {
  description: 'An instant, ISO-8601 with a time zone, e.g. 2026-03-01T09:30:00Z',
  serialize: (value) => value.toISOString(),
  parseValue: (value) => {
    const date = parseInstant(typeof value === 'string' ? value : '');
    if (!date)
      throw new TypeError('DateTime must be an ISO-8601 date and time with a time zone, in years 1 to 9999');
    return date;
  },
});

builder.scalarType('Date', {
  description: 'A calendar day, YYYY-MM-DD',
  serialize: (value) => value,
  parseValue: (value) => {
    if (typeof value !== 'string' || !isCalendarDay(value))
      throw new TypeError('Date must be a day that exists, as YYYY-MM-DD');
    return value;
  },
});
