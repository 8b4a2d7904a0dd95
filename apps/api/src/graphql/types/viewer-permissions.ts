/**
 * What the viewer may do, asked of the server (issue 12): screens show or hide their controls from these fields
 * instead of rebuilding the actor and running the policy in the browser. Each field runs the same domain policy
 * as the mutation it announces (`can`, `canName`), on the actor and topology of this request; the mutation still
 * decides.
 */
import {
  type Action,
  ADMIN_ROLE_KIND_VALUES,
  type AdminRoleKind,
  can,
  canName,
  groupScope,
  isValidRoleScope,
  organisationScope,
  type ScopeRef,
  unitScope,
} from '@tessera/domain';
import type { RequestContext } from '../../context.js';
import type { IOrganisation, IUnit } from '../../modules/organisations/organisation.entity.js';
import { builder } from '../builder.js';
import { OrganisationRef, UnitRef } from '../refs.js';
import { AdminRoleKindEnum } from './admin-role.js';
import { GroupPermissionsRef } from './group.js';

async function allowed(ctx: RequestContext, action: Action, scope: ScopeRef): Promise<boolean> {
  const actor = await ctx.actor();
  return actor !== null && can(actor, action, scope, await ctx.topology(scope.organisationId), ctx.now);
}

/** The admin role kinds the viewer may name on this scope (rule 1: only below its own level, within its reach). */
async function nameableKinds(ctx: RequestContext, scope: ScopeRef): Promise<AdminRoleKind[]> {
  const actor = await ctx.actor();
  if (!actor) return [];
  const topology = await ctx.topology(scope.organisationId);
  return ADMIN_ROLE_KIND_VALUES.filter(
    (kind) => isValidRoleScope(kind, scope) && canName(actor, { kind, scope }, topology, ctx.now),
  );
}

const nameAdministratorsDescription =
  'The kinds of admin role the caller may name here: valid for this scope and below its own level (rule 1).';

const OrganisationPermissionsRef = builder.objectRef<IOrganisation>('OrganisationPermissions');
OrganisationPermissionsRef.implement({
  description: 'What the caller may do with this organisation, to show or hide the controls of the screens.',
  authScopes: (organisation) => ({ organisation: organisation.id }),
  fields: (t) => ({
    activate: t.boolean({
      resolve: (organisation, _args, ctx) =>
        allowed(ctx, 'organisation:activate', organisationScope(organisation.id)),
    }),
    manageUnits: t.boolean({
      description: 'Create units at the top of the organisation (and manage every unit).',
      resolve: (organisation, _args, ctx) => allowed(ctx, 'unit:manage', organisationScope(organisation.id)),
    }),
    nameAdministrators: t.field({
      type: [AdminRoleKindEnum],
      description: nameAdministratorsDescription,
      resolve: (organisation, _args, ctx) => nameableKinds(ctx, organisationScope(organisation.id)),
    }),
  }),
});

builder.objectField(OrganisationRef, 'viewerCan', (t) =>
  t.field({
    type: OrganisationPermissionsRef,
    authScopes: (organisation) => ({ organisation: organisation.id }),
    resolve: (organisation) => organisation,
  }),
);

const UnitPermissionsRef = builder.objectRef<IUnit>('UnitPermissions');
UnitPermissionsRef.implement({
  description: 'What the caller may do with this unit, to show or hide the controls of the screens.',
  authScopes: (unit) => ({ organisation: unit.organisation }),
  fields: (t) => ({
    manage: t.boolean({
      description: 'Rename, move, delete this unit and create units under it.',
      resolve: (unit, _args, ctx) => allowed(ctx, 'unit:manage', unitScope(unit.organisation, unit.id)),
    }),
    nameAdministrators: t.field({
      type: [AdminRoleKindEnum],
      description: nameAdministratorsDescription,
      resolve: (unit, _args, ctx) => nameableKinds(ctx, unitScope(unit.organisation, unit.id)),
    }),
  }),
});

builder.objectField(UnitRef, 'viewerCan', (t) =>
  t.field({
    type: UnitPermissionsRef,
    authScopes: (unit) => ({ organisation: unit.organisation }),
    resolve: (unit) => unit,
  }),
);

builder.objectField(GroupPermissionsRef, 'nameAdministrators', (t) =>
  t.field({
    type: [AdminRoleKindEnum],
    description: nameAdministratorsDescription,
    resolve: (group, _args, ctx) => nameableKinds(ctx, groupScope(group.organisation, group.id)),
  }),
);
