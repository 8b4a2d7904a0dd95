import { parseId } from '../../lib/ids.js';
import { listOrganisations } from '../../modules/organisations/organisation.service.js';
import { listUnits } from '../../modules/organisations/unit.service.js';
import { scopeId } from '../authz.js';
import { builder } from '../builder.js';
import { OrganisationRef, UnitRef } from '../refs.js';
import { OrganisationStatusEnum } from '../types/organisation.js';

builder.queryField('organisations', (t) =>
  t.connection({
    type: OrganisationRef,
    description: 'Every organisation, by name (the operator’s list).',
    authScopes: { operator: true },
    args: {
      search: t.arg.string({
        required: false,
        description: 'Any part of the name, or the start of the registry number.',
      }),
      status: t.arg({ type: OrganisationStatusEnum, required: false }),
    },
    resolve: (_root, args, ctx) =>
      listOrganisations(ctx.em, { search: args.search, status: args.status }, args),
  }),
);

builder.queryField('units', (t) =>
  t.connection({
    type: UnitRef,
    description:
      'The units of an organisation, by name; each knows its parent and children to draw the tree.',
    authScopes: (_root, args) => ({ organisation: scopeId(args.organisationId, 'Organisation') }),
    args: { organisationId: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) =>
      listUnits(ctx.em, parseId(args.organisationId, 'Organisation', 'organisationId'), args),
  }),
);
