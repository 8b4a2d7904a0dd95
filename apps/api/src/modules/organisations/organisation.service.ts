import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  type Actor,
  assertOrganisationTransition,
  isValidRegistryNumber,
  normaliseRegistryNumber,
  ORGANISATION_STATUS_VALUES,
  type OrganisationEvent,
  type OrganisationStatus,
  REGISTRY_KIND_VALUES,
  type RegistryKind,
} from '@tessera/domain';
import { ConflictError, InvalidInputError, NotFoundError } from '../../errors.js';
import { afterKey, type ConnectionArgs, keysetPage } from '../../lib/keyset.js';
import { audit } from '../audit/audit.service.js';
import { type Authz, assertAllowed, assertOperator, assertReaches, rule } from '../authz/authz.js';
import { assertVersion, bumpVersion } from '../common.js';
import { type IOrganisation, Organisation } from './organisation.entity.js';

export const NAME_MAX_LENGTH = 200;

/** Trims a display name and checks its length; the error names the field. */
export function requiredName(value: string, field = 'name', max = NAME_MAX_LENGTH): string {
  const name = value.trim().replace(/\s+/g, ' ');
  if (name.length === 0) throw new InvalidInputError(field, 'This name cannot be empty.');
  if (name.length > max) throw new InvalidInputError(field, `Use at most ${max} characters.`);
  return name;
}

/** What an audit event keeps of an organisation. */
export function organisationSnapshot(organisation: IOrganisation): Record<string, unknown> {
  return {
    name: organisation.name,
    registryKind: organisation.registryKind,
    registryNumber: organisation.registryNumber,
    status: organisation.status,
  };
}

export interface OrganisationFilter {
  search?: string | null;
  status?: OrganisationStatus | null;
}

/** The operator's list: by name, searched by any part of the name or the start of the registry number. */
export function listOrganisations(em: EntityManager, filter: OrganisationFilter, args: ConnectionArgs) {
  const search = filter.search?.trim() ?? '';
  if (search.length > 100) throw new InvalidInputError('search', 'Search with at most 100 characters.');
  if (filter.status && !ORGANISATION_STATUS_VALUES.includes(filter.status))
    throw new InvalidInputError('status', 'Unknown status.');
  return keysetPage<IOrganisation>(
    args,
    (o) => [o.name, o.id],
    2,
    (after, limit) => {
      const qb = em.createQueryBuilder(Organisation, 'o').select('*');
      if (filter.status) qb.andWhere({ status: filter.status });
      if (search) {
        const like = search.replace(/[\\%_]/g, (c) => `\\${c}`);
        qb.andWhere('(lower(o.name) like ? or o.registry_number like ?)', [
          `%${like.toLowerCase()}%`,
          `${like.toUpperCase()}%`,
        ]);
      }
      if (after) qb.andWhere(afterKey(['o.name', 'o.id']), after);
      return qb.orderBy({ name: 'asc', id: 'asc' }).limit(limit).getResultList();
    },
  );
}

export interface CreateOrganisationInput {
  name: string;
  registryKind: RegistryKind;
  registryNumber: string;
}

/** Caf step 1: the operator creates the partner organisation; it waits for its principal admin to activate it. */
export async function createOrganisation(
  em: EntityManager,
  authz: Authz,
  input: CreateOrganisationInput,
): Promise<IOrganisation> {
  assertOperator(authz.actor);
  const name = requiredName(input.name);
  if (!REGISTRY_KIND_VALUES.includes(input.registryKind))
    throw new InvalidInputError('registryKind', 'Unknown kind of registry.');
  const registryNumber = normaliseRegistryNumber(input.registryKind, input.registryNumber);
  if (!isValidRegistryNumber(input.registryKind, registryNumber))
    throw new InvalidInputError('registryNumber', `This is not a valid ${input.registryKind} number.`);
  const existing = await em.findOne(Organisation, { registryKind: input.registryKind, registryNumber });
  if (existing)
    throw new ConflictError('An organisation with this registry number already exists.', 'registryNumber');
  const organisation = em.create(Organisation, {
    name,
    registryKind: input.registryKind,
    registryNumber,
    status: 'PENDING_ACTIVATION',
  });
  audit(em, authz.actor, {
    organisation: organisation.id,
    action: 'organisation.created',
    targetType: 'Organisation',
    targetId: organisation.id,
    after: organisationSnapshot(organisation),
  });
  await em.flush();
  return organisation;
}

/**
 * Loads an organisation for a change, locking its row so concurrent changes to it queue up. Every mutation that
 * can affect rule 1 or rule 6 in an organisation takes this lock first (organisation, then its rows), then
 * reads what it checks: one writer at a time per organisation, in one order, so no deadlock and no stale check.
 */
export async function lockOrganisation(em: EntityManager, organisationId: string): Promise<IOrganisation> {
  const organisation = await em.findOne(
    Organisation,
    { id: organisationId },
    { lockMode: LockMode.PESSIMISTIC_WRITE },
  );
  if (!organisation) throw new NotFoundError();
  return organisation;
}

/** Tables whose rows belong to one organisation through their `organisation_id`. */
export type OrganisationOwned =
  | 'member_group'
  | 'member'
  | 'unit'
  | 'agreement'
  | 'agreement_item'
  | 'admin_role';

/**
 * Locks the organisation a row belongs to, before that row is loaded: the caller then reads the row (and all it
 * checks) under the lock. An organisation never changes for a row, so reading it first is safe. Null when the
 * row does not exist.
 */
export async function lockOrganisationOf(
  em: EntityManager,
  table: OrganisationOwned,
  id: string,
): Promise<string | null> {
  const [row] = await em.execute<{ organisation_id: string }[]>(
    `select organisation_id from ${table} where id = ?`,
    [id],
  );
  if (!row) return null;
  await lockOrganisation(em, row.organisation_id);
  return row.organisation_id;
}

async function transition(
  em: EntityManager,
  actor: Actor,
  organisation: IOrganisation,
  event: OrganisationEvent,
  now: Date,
  expectedVersion: number | null | undefined,
): Promise<IOrganisation> {
  assertVersion(organisation, expectedVersion, 'organisation');
  const before = organisationSnapshot(organisation);
  organisation.status = rule(() =>
    assertOrganisationTransition(organisation.status, event, organisation.activatedAt != null),
  );
  if (event === 'activate') organisation.activatedAt = now;
  organisation.suspendedAt = event === 'suspend' ? now : null;
  bumpVersion(organisation);
  audit(em, actor, {
    organisation: organisation.id,
    action:
      event === 'activate'
        ? 'organisation.activated'
        : event === 'suspend'
          ? 'organisation.suspended'
          : 'organisation.reactivated',
    targetType: 'Organisation',
    targetId: organisation.id,
    before,
    after: organisationSnapshot(organisation),
  });
  await em.flush();
  return organisation;
}

/** Caf: the operator suspends an organisation; its members lose every access until it is reactivated. */
export async function suspendOrganisation(
  em: EntityManager,
  authz: Authz,
  organisationId: string,
  expectedVersion?: number | null,
) {
  assertOperator(authz.actor);
  return transition(
    em,
    authz.actor,
    await lockOrganisation(em, organisationId),
    'suspend',
    authz.now,
    expectedVersion,
  );
}

/** The operator lifts a suspension. */
export async function reactivateOrganisation(
  em: EntityManager,
  authz: Authz,
  organisationId: string,
  expectedVersion?: number | null,
) {
  assertOperator(authz.actor);
  return transition(
    em,
    authz.actor,
    await lockOrganisation(em, organisationId),
    'reactivate',
    authz.now,
    expectedVersion,
  );
}

/** CSAM: the principal admin activates its organisation at first sign-in. */
export async function activateOrganisation(
  em: EntityManager,
  authz: Authz,
  organisationId: string,
  expectedVersion?: number | null,
) {
  assertReaches(authz.actor, organisationId);
  const organisation = await lockOrganisation(em, organisationId);
  await assertAllowed(authz, 'organisation:activate', { kind: 'ORGANISATION', organisationId });
  return transition(em, authz.actor, organisation, 'activate', authz.now, expectedVersion);
}
