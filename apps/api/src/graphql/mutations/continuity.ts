import { parseId } from '../../lib/ids.js';
import { setInactivityThreshold } from '../../modules/reviews/continuity.service.js';
import { authzIn } from '../authz.js';
import { builder } from '../builder.js';
import { MUTATION_ERRORS } from '../errors/index.js';
import { EXPECTED_VERSION, inTransaction } from '../mutation.js';
import { OrganisationRef } from '../refs.js';

const SetInactivityThresholdInput = builder.inputType('SetInactivityThresholdInput', {
  fields: (t) => ({
    organisationId: t.id(),
    inactiveAfterDays: t.int({ description: 'Whole days, from 7 to 3650 (default 180).' }),
    expectedVersion: t.int({ required: false, description: EXPECTED_VERSION }),
  }),
});

builder.mutationField('setInactivityThreshold', (t) =>
  t.field({
    type: OrganisationRef,
    description:
      'Sets after how many days without a sign-in an account counts as no longer used (continuity checks); principal and co-admins, organisation referents. Audited.',
    errors: { types: MUTATION_ERRORS },
    authScopes: { operator: true, actingMember: true },
    args: { input: t.arg({ type: SetInactivityThresholdInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      inTransaction(ctx, async (tx) =>
        setInactivityThreshold(
          tx,
          await authzIn(ctx, tx),
          parseId(input.organisationId, 'Organisation', 'organisationId'),
          input.inactiveAfterDays,
          input.expectedVersion,
        ),
      ),
  }),
);
