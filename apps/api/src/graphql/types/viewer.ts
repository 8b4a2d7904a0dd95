import { ACTIONS, type Action, actionsWithin } from '@tessera/domain';
import { globalId } from '../../lib/ids.js';
import type { IOrganisation } from '../../modules/organisations/organisation.entity.js';
import type { SessionInfo } from '../../modules/people/session.service.js';
import { builder } from '../builder.js';
import { OrganisationRef, PersonRef } from '../refs.js';

export interface ViewerShape {
  session: SessionInfo;
}

export const ActingKindEnum = builder.enumType('ActingKind', {
  values: ['OPERATOR', 'ORGANISATION'] as const,
});

/** 'member:read' → MEMBER_READ: the GraphQL name of a domain action. */
function actionName(action: Action): string {
  return action.replace(':', '_').toUpperCase();
}

export const ActionEnum = builder.enumType('Action', {
  description: 'Something an administrator may be allowed to do (the domain’s actions).',
  values: Object.fromEntries(ACTIONS.map((action) => [actionName(action), { value: action }])) as Record<
    string,
    { value: Action }
  >,
});

const ActingContextRef = builder.objectRef<{
  kind: 'OPERATOR' | 'ORGANISATION';
  organisationId: string | null;
}>('ActingContext');
ActingContextRef.implement({
  description: 'Whom the session acts for: the operator, or one organisation at a time.',
  authScopes: (_acting, ctx) => ctx.auth.session !== null,
  fields: (t) => ({
    kind: t.field({ type: ActingKindEnum, resolve: (acting) => acting.kind }),
    organisation: t.field({
      type: OrganisationRef,
      nullable: true,
      resolve: (acting, _args, ctx) =>
        acting.organisationId ? ctx.loaders.organisation.load(acting.organisationId) : null,
    }),
    may: t.field({
      type: [ActionEnum],
      description:
        'The actions the viewer may perform somewhere in this context, for the menus: empty for a member without an admin role, every action for the operator. Each screen and mutation still decides on its own targets.',
      resolve: async (acting, _args, ctx) => {
        const actor = await ctx.actor();
        if (!actor) return [];
        if (acting.kind === 'OPERATOR') return actor.kind === 'operator' ? [...ACTIONS] : [];
        return acting.organisationId && actor.kind === 'member'
          ? actionsWithin(actor, acting.organisationId, ctx.now)
          : [];
      },
    }),
  }),
});

const MembershipRef = builder.objectRef<{ memberId: string; organisation: IOrganisation }>('Membership');
MembershipRef.implement({
  description: 'An organisation the signed-in person may act for.',
  authScopes: (_membership, ctx) => ctx.auth.session !== null,
  fields: (t) => ({
    memberId: t.id({ resolve: (membership) => globalId('Member', membership.memberId) }),
    organisation: t.field({ type: OrganisationRef, resolve: (membership) => membership.organisation }),
  }),
});

export const ViewerRef = builder.objectRef<ViewerShape>('Viewer');
ViewerRef.implement({
  description: 'The signed-in person and the context it acts in.',
  // Only the session it describes may read it; checked live because sign-in replaces the session mid-request.
  authScopes: (viewer, ctx) => ctx.auth.session?.id === viewer.session.id,
  fields: (t) => ({
    person: t.field({
      type: PersonRef,
      resolve: async ({ session }, _args, ctx) => (await ctx.loaders.person.load(session.personId))!,
    }),
    isOperatorAdmin: t.boolean({
      resolve: async ({ session }, _args, ctx) =>
        (await ctx.loaders.person.load(session.personId))?.isOperatorAdmin ?? false,
    }),
    acting: t.field({
      type: ActingContextRef,
      nullable: true,
      resolve: ({ session }) =>
        session.actingAsOperator
          ? { kind: 'OPERATOR' as const, organisationId: null }
          : session.actingOrganisationId
            ? { kind: 'ORGANISATION' as const, organisationId: session.actingOrganisationId }
            : null,
    }),
    memberships: t.field({
      type: [MembershipRef],
      resolve: async ({ session }, _args, ctx) => {
        const members = await ctx.loaders.membersOfPerson.load(session.personId);
        const active = members.filter((member) => member.status !== 'ARCHIVED');
        const organisations = await ctx.loaders.organisation.loadMany(active.map((m) => m.organisation));
        return active
          .map((member, index) => ({
            memberId: member.id,
            organisation: organisations[index] as IOrganisation,
          }))
          .filter((membership) => membership.organisation && !(membership.organisation instanceof Error))
          .sort((a, b) => a.organisation.name.localeCompare(b.organisation.name));
      },
    }),
    mustChangePassword: t.boolean({
      resolve: async ({ session }, _args, ctx) =>
        (await ctx.loaders.person.load(session.personId))?.mustChangePassword ?? false,
    }),
    mustAcceptTerms: t.boolean({
      resolve: async ({ session }, _args, ctx) =>
        !(await ctx.loaders.person.load(session.personId))?.termsAcceptedAt,
    }),
  }),
});

builder.queryField('viewer', (t) =>
  t.field({
    type: ViewerRef,
    nullable: true,
    description: 'The signed-in person, or null when signed out.',
    authScopes: { public: true },
    resolve: (_root, _args, ctx) => (ctx.auth.session ? { session: ctx.auth.session } : null),
  }),
);
