import type { EntityManager } from '@mikro-orm/postgresql';
import { ACCESS_LEVEL_VALUES, type AccessLevel } from '@tessera/domain';
import { ConflictError, InvalidInputError, NotFoundError } from '../../errors.js';
import { afterKey, type ConnectionArgs, keysetPage } from '../../lib/keyset.js';
import { audit } from '../audit/audit.service.js';
import { type Authz, assertOperator } from '../authz/authz.js';
import { requiredName } from '../organisations/organisation.service.js';
import { type IService, type IServiceRole, Service, ServiceRole } from './service.entity.js';

const DESCRIPTION_MAX_LENGTH = 2000;

/** The catalogue, by name, optionally searched by any part of the name or code. */
export function listServices(em: EntityManager, search: string | null | undefined, args: ConnectionArgs) {
  const term = search?.trim() ?? '';
  if (term.length > 100) throw new InvalidInputError('search', 'Search with at most 100 characters.');
  return keysetPage<IService>(
    args,
    (service) => [service.name, service.id],
    2,
    (after, limit) => {
      const qb = em.createQueryBuilder(Service, 's').select('*');
      if (term) {
        const like = `%${term.replace(/[\\%_]/g, (c) => `\\${c}`).toLowerCase()}%`;
        qb.andWhere('(lower(s.name) like ? or lower(s.code) like ?)', [like, like]);
      }
      if (after) qb.andWhere(afterKey(['s.name', 's.id']), after);
      return qb.orderBy({ name: 'asc', id: 'asc' }).limit(limit).getResultList();
    },
  );
}

function serviceCode(value: string): string {
  const code = value.trim().toUpperCase();
  if (!/^[A-Z0-9][A-Z0-9_-]{1,39}$/.test(code))
    throw new InvalidInputError(
      'code',
      'Use 2 to 40 letters, digits, - or _, starting with a letter or digit.',
    );
  return code;
}

function roleCode(value: string): string {
  const code = value.trim().toLowerCase();
  if (!/^[a-z0-9][a-z0-9_-]{0,39}$/.test(code))
    throw new InvalidInputError(
      'code',
      'Use 1 to 40 letters, digits, - or _, starting with a letter or digit.',
    );
  return code;
}

function description(value: string | null | undefined): string | null {
  const text = value?.trim() ?? '';
  if (text.length > DESCRIPTION_MAX_LENGTH)
    throw new InvalidInputError('description', `Use at most ${DESCRIPTION_MAX_LENGTH} characters.`);
  return text || null;
}

function accessLevel(value: AccessLevel): AccessLevel {
  if (!ACCESS_LEVEL_VALUES.includes(value))
    throw new InvalidInputError('accessLevel', 'Unknown access level.');
  return value;
}

const snapshot = (service: IService) => ({
  code: service.code,
  name: service.name,
  description: service.description ?? null,
  accessLevel: service.accessLevel,
});

export interface CreateServiceInput {
  code: string;
  name: string;
  description?: string | null;
  accessLevel: AccessLevel;
}

export async function createService(
  em: EntityManager,
  authz: Authz,
  input: CreateServiceInput,
): Promise<IService> {
  assertOperator(authz.actor);
  const code = serviceCode(input.code);
  const name = requiredName(input.name);
  if (await em.findOne(Service, { code }))
    throw new ConflictError('Another service already has this code.', 'code');
  const service = em.create(Service, {
    code,
    name,
    description: description(input.description),
    accessLevel: accessLevel(input.accessLevel),
  });
  audit(em, authz.actor, {
    organisation: null,
    action: 'service.created',
    targetType: 'Service',
    targetId: service.id,
    after: snapshot(service),
  });
  await em.flush();
  return service;
}

export interface UpdateServiceInput {
  serviceId: string;
  name?: string | null;
  description?: string | null;
  accessLevel?: AccessLevel | null;
}

/** Renames or re-describes a service, or changes its access level (free services reach every active member). */
export async function updateService(
  em: EntityManager,
  authz: Authz,
  input: UpdateServiceInput,
): Promise<IService> {
  assertOperator(authz.actor);
  const service = await em.findOne(Service, { id: input.serviceId });
  if (!service) throw new NotFoundError('No service has this serviceId.');
  const before = snapshot(service);
  if (input.name != null) service.name = requiredName(input.name);
  if (input.description !== undefined) service.description = description(input.description);
  if (input.accessLevel != null) service.accessLevel = accessLevel(input.accessLevel);
  audit(em, authz.actor, {
    organisation: null,
    action: 'service.updated',
    targetType: 'Service',
    targetId: service.id,
    before,
    after: snapshot(service),
  });
  await em.flush();
  return service;
}

export interface CreateServiceRoleInput {
  serviceId: string;
  code: string;
  name: string;
}

export async function createServiceRole(
  em: EntityManager,
  authz: Authz,
  input: CreateServiceRoleInput,
): Promise<IServiceRole> {
  assertOperator(authz.actor);
  const service = await em.findOne(Service, { id: input.serviceId });
  if (!service) throw new NotFoundError('No service has this serviceId.');
  const code = roleCode(input.code);
  const name = requiredName(input.name);
  if (await em.findOne(ServiceRole, { service: service.id, code }))
    throw new ConflictError('This service already has a role with this code.', 'code');
  const role = em.create(ServiceRole, { service: service.id, code, name });
  audit(em, authz.actor, {
    organisation: null,
    action: 'service-role.created',
    targetType: 'ServiceRole',
    targetId: role.id,
    after: { serviceId: service.id, code, name },
  });
  await em.flush();
  return role;
}
