import type { EntityManager } from '@mikro-orm/postgresql';
import {
  INACTIVE_AFTER_DAYS_MAX,
  INACTIVE_AFTER_DAYS_MIN,
  isValidInactiveAfterDays,
  organisationScope,
} from '@tessera/domain';
import { InvalidInputError } from '../../errors.js';
import { audit } from '../audit/audit.service.js';
import { type Authz, assertAllowed, assertReaches } from '../authz/authz.js';
import { assertVersion, bumpVersion } from '../common.js';
import { currentActor } from '../members/member-target.js';
import type { IOrganisation } from '../organisations/organisation.entity.js';
import { lockOrganisation } from '../organisations/organisation.service.js';

/**
 * Sets after how many days without a sign-in an account of the organisation counts as no longer used (the
 * continuity checks). Those who run the account review of the whole organisation decide it (review:read on the
 * organisation: principal and co-admins, organisation referents), under the organisation lock, audited.
 */
export async function setInactivityThreshold(
  em: EntityManager,
  authz: Authz,
  organisationId: string,
  inactiveAfterDays: number,
  expectedVersion?: number | null,
): Promise<IOrganisation> {
  assertReaches(authz.actor, organisationId);
  if (!isValidInactiveAfterDays(inactiveAfterDays))
    throw new InvalidInputError(
      'inactiveAfterDays',
      `Choose a whole number of days between ${INACTIVE_AFTER_DAYS_MIN} and ${INACTIVE_AFTER_DAYS_MAX}.`,
    );
  // Checked first on the request's acting context, so a caller without the right never takes the lock;
  // then again on the roles read under the lock, so a role revoked meanwhile no longer counts.
  await assertAllowed(authz, 'review:read', organisationScope(organisationId));
  const organisation = await lockOrganisation(em, organisationId);
  const actor = await currentActor(em, authz.actor, authz.now);
  await assertAllowed({ ...authz, actor }, 'review:read', organisationScope(organisationId));
  assertVersion(organisation, expectedVersion, 'organisation');
  const before = organisation.inactiveAfterDays;
  if (before === inactiveAfterDays) return organisation;
  organisation.inactiveAfterDays = inactiveAfterDays;
  bumpVersion(organisation);
  audit(em, actor, {
    organisation: organisation.id,
    action: 'organisation.inactivity-threshold-set',
    targetType: 'Organisation',
    targetId: organisation.id,
    before: { inactiveAfterDays: before },
    after: { inactiveAfterDays },
  });
  await em.flush();
  return organisation;
}
