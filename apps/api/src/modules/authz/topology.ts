import type { EntityManager } from '@mikro-orm/postgresql';
import { buildTopology, type OrgTopology } from '@tessera/domain';

type TreeRow = { id: string; parentId: string | null; unitId?: string | null };

/** One statement: an organisation's unit and group trees and the version they were read at (one snapshot). */
export const TOPOLOGY_SQL = `select
  coalesce((select v.version from topology_version v where v.organisation_id = ?), 0)::text as version,
  coalesce((select json_agg(json_build_object('id', u.id, 'parentId', u.parent_id)) from unit u
             where u.organisation_id = ?), '[]'::json) as units,
  coalesce((select json_agg(json_build_object('id', g.id, 'parentId', g.parent_id, 'unitId', g.unit_id))
             from member_group g where g.organisation_id = ?), '[]'::json) as groups`;

export interface VersionedTopology {
  version: string;
  topology: OrgTopology;
}

/** Reads an organisation's topology with its version, in one statement, through `em` (a transaction or a fork). */
export async function loadVersionedTopology(
  em: EntityManager,
  organisationId: string,
): Promise<VersionedTopology> {
  const [row] = await em.execute<{ version: string; units: TreeRow[]; groups: TreeRow[] }[]>(TOPOLOGY_SQL, [
    organisationId,
    organisationId,
    organisationId,
  ]);
  return topologyOfRow(row!);
}

/** A row of TOPOLOGY_SQL (also read as a column of a larger statement) as the domain's topology. */
export function topologyOfRow(row: {
  version: string;
  units: TreeRow[];
  groups: TreeRow[];
}): VersionedTopology {
  return {
    version: row.version,
    topology: buildTopology({
      units: row.units.map((unit) => ({ id: unit.id, parentId: unit.parentId ?? null })),
      groups: row.groups.map((group) => ({
        id: group.id,
        parentId: group.parentId ?? null,
        unitId: group.unitId ?? null,
      })),
    }),
  };
}

/** An organisation's topology read through `em`: inside a transaction, exactly what the change will see. */
export async function loadTopology(em: EntityManager, organisationId: string): Promise<OrgTopology> {
  return (await loadVersionedTopology(em, organisationId)).topology;
}

/** Loads each organisation's topology at most once through `em` (per transaction), never from the process cache. */
export function topologyReader(em: EntityManager): (organisationId: string) => Promise<OrgTopology> {
  const topologies = new Map<string, Promise<OrgTopology>>();
  return (organisationId) => {
    let topology = topologies.get(organisationId);
    if (!topology) {
      topology = loadTopology(em, organisationId);
      topologies.set(organisationId, topology);
    }
    return topology;
  };
}

/** Told when an instance sees a newer version of an organisation, so other instances drop their older copy. */
export interface TopologyInvalidation {
  announce(organisationId: string, version: string): void;
}

/**
 * The process's topologies, one per organisation, each with the version it was read at. Correctness never
 * depends on this cache being told: every request reads the current version (in its acting-context statement,
 * or with one `select` for another organisation) and a copy of another version is never used. Invalidation
 * messages from other instances (Redis, when REDIS_URL is set) only drop stale copies early.
 */
export class TopologyCache {
  private readonly entries = new Map<string, VersionedTopology>();
  invalidation: TopologyInvalidation | null = null;

  constructor(private readonly maxEntries = 1000) {}

  /** The cached topology when it was read at exactly `version`. */
  get(organisationId: string, version: string): OrgTopology | null {
    const entry = this.entries.get(organisationId);
    return entry && entry.version === version ? entry.topology : null;
  }

  /** Keeps a topology read from the database, unless a newer one is already kept. */
  put(organisationId: string, entry: VersionedTopology): void {
    const current = this.entries.get(organisationId);
    if (current && BigInt(current.version) >= BigInt(entry.version)) return;
    if (!current && this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(organisationId, entry);
    if (current) this.invalidation?.announce(organisationId, entry.version);
  }

  /** Another instance read `version`: any older copy is stale. */
  evictOlderThan(organisationId: string, version: string): void {
    const current = this.entries.get(organisationId);
    if (current && BigInt(current.version) < BigInt(version)) this.entries.delete(organisationId);
  }

  /** The topology at `version`, from the cache or (one statement) from the database. */
  async at(em: EntityManager, organisationId: string, version: string | null): Promise<OrgTopology> {
    if (version !== null) {
      const cached = this.get(organisationId, version);
      if (cached) return cached;
    }
    const loaded = await loadVersionedTopology(em, organisationId);
    this.put(organisationId, loaded);
    return loaded.topology;
  }

  /** The current topology of an organisation whose version is not known yet: one `select` when warm. */
  async current(em: EntityManager, organisationId: string): Promise<OrgTopology> {
    if (!this.entries.has(organisationId)) return this.at(em, organisationId, null);
    const [row] = await em.execute<{ version: string }[]>(
      `select coalesce((select version from topology_version where organisation_id = ?), 0)::text as version`,
      [organisationId],
    );
    return this.at(em, organisationId, row!.version);
  }

  get size(): number {
    return this.entries.size;
  }
}
