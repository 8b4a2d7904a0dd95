import type { EntityManager } from '@mikro-orm/postgresql';
import type { CatalogueService } from '@tessera/domain';
import { type IService, type IServiceRole, Service, ServiceRole } from './service.entity.js';

/** The operator's catalogue as one statement read it: services by name, roles by name, and the domain's view. */
export interface CatalogueSnapshot {
  /** the catalogue_version it was read at (0017) */
  version: string;
  services: readonly IService[];
  roles: readonly IServiceRole[];
  /** what the domain `effectiveAccess` reads: each service's access level and role ids (by id) */
  access: readonly CatalogueService[];
}

/** One statement: every service and service role, with the version they were read at (one snapshot). */
const CATALOGUE_SQL = `select
  (select c.version from catalogue_version c)::text as version,
  coalesce((select json_agg(s order by s.name, s.id) from service s), '[]'::json) as services,
  coalesce((select json_agg(r order by r.name, r.id) from service_role r), '[]'::json) as roles`;

/**
 * Reads the catalogue through `em` in one statement. The rows are copied out of `em`'s identity map into plain
 * objects (not frozen: GraphQL brands them with their type): the snapshot may serve other requests, which only
 * read it.
 */
export async function loadCatalogueSnapshot(em: EntityManager): Promise<CatalogueSnapshot> {
  const [row] = await em.execute<{ version: string; services: object[]; roles: object[] }[]>(CATALOGUE_SQL);
  const services = row!.services.map((data) => ({ ...em.map(Service, data) }) as IService);
  const roles = row!.roles.map((data) => ({ ...em.map(ServiceRole, data) }) as IServiceRole);
  const roleIds = new Map<string, string[]>();
  for (const role of roles) {
    const list = roleIds.get(role.service);
    if (list) list.push(role.id);
    else roleIds.set(role.service, [role.id]);
  }
  const access = [...services]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((service) => ({
      serviceId: service.id,
      accessLevel: service.accessLevel,
      roleIds: (roleIds.get(service.id) ?? []).sort(),
    }));
  return { version: row!.version, services, roles, access };
}

/**
 * The process's catalogue, with the version it was read at. Correctness never depends on it being told of a
 * change: every signed-in request reads the current version in its acting-context statement and uses a copy
 * of exactly that version, or reads the catalogue again (one statement); so several instances need no
 * invalidation message.
 */
export class CatalogueCache {
  private entry: CatalogueSnapshot | null = null;

  /** The catalogue at `version`, from the cache or (one statement) from the database. */
  async at(em: EntityManager, version: string | null): Promise<CatalogueSnapshot> {
    if (version !== null && this.entry?.version === version) return this.entry;
    const loaded = await loadCatalogueSnapshot(em);
    if (!this.entry || BigInt(loaded.version) >= BigInt(this.entry.version)) this.entry = loaded;
    return loaded;
  }
}
