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
import { afterKey, type ConnectionArgs, keysetPage } from '../../graphql/connection.js';
import { audit } from '../audit/audit.service.js';
import { type Authz, assertAllowed, assertOperator, rule } from './authz.js';
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
  actor: Actor,
  input: CreateOrganisationInput,
): Promise<IOrganisation> {
  assertOperator(actor);
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
  audit(em, actor, {
    organisation: organisation.id,
    action: 'organisation.created',
    targetType: 'Organisation',
    targetId: organisation.id,
    after: organisationSnapshot(organisation),
  });
  await em.flush();
  return organisation;
}

/** Loads an organisation for a change, locking its row so concurrent changes to it queue up. */
export async function lockOrganisation(em: EntityManager, organisationId: string): Promise<IOrganisation> {
  const organisation = await em.findOne(
    Organisation,
    { id: organisationId },
    { lockMode: LockMode.PESSIMISTIC_WRITE },
  );
  if (!organisation) throw new NotFoundError();
  return organisation;
}

async function transition(
  em: EntityManager,
  actor: Actor,
  organisation: IOrganisation,
  event: OrganisationEvent,
  now: Date,
): Promise<IOrganisation> {
  const before = organisationSnapshot(organisation);
  organisation.status = rule(() =>
    assertOrganisationTransition(organisation.status, event, organisation.activatedAt != null),
  );
  if (event === 'activate') organisation.activatedAt = now;
  organisation.suspendedAt = event === 'suspend' ? now : null;
  audit(em, actor, {
    organisation: organisation.id,
    action: `organisation.${event === 'activate' ? 'activated' : event === 'suspend' ? 'suspended' : 'reactivated'}`,
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
  actor: Actor,
  organisationId: string,
  now: Date,
) {
  assertOperator(actor);
  return transition(em, actor, await lockOrganisation(em, organisationId), 'suspend', now);
}

/** The operator lifts a suspension. */
export async function reactivateOrganisation(
  em: EntityManager,
  actor: Actor,
  organisationId: string,
  now: Date,
) {
  assertOperator(actor);
  return transition(em, actor, await lockOrganisation(em, organisationId), 'reactivate', now);
}

/** CSAM: the principal admin activates its organisation at first sign-in. */
export async function activateOrganisation(em: EntityManager, authz: Authz, organisationId: string) {
  await assertAllowed(authz, 'organisation:activate', { kind: 'ORGANISATION', organisationId });
  return transition(em, authz.actor, await lockOrganisation(em, organisationId), 'activate', authz.now);
}
