import type { EntityManager } from '@mikro-orm/postgresql';
import type { AgreementItem, CatalogueService, EffectiveAccess } from '@tessera/domain';
import {
  effectiveAccessOfMembers,
  loadAgreementItems,
  type MemberKey,
  membersWithAccess,
} from '../modules/access/access.service.js';
import { Grant, Group, type IGrant, type IGroup } from '../modules/groups/group.entity.js';
import { BatchLoader } from './batch-loader.js';

/** One page of "who may use this service (role)" in one organisation. */
export interface AccessPageKey {
  organisationId: string;
  serviceId: string;
  serviceRoleId: string | null;
  after: [string, string] | null;
  limit: number;
}

function grouped<T>(rows: readonly T[], keyOf: (row: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const list = map.get(key);
    if (list) list.push(row);
    else map.set(key, [row]);
  }
  return map;
}

/**
 * Loaders of issue 5 (groups, grants, effective access), merged into ctx.loaders. Effective access goes through
 * the one access service: a page of members costs a constant number of queries, not one per member.
 */
export function createAccessLoaders(
  em: EntityManager,
  catalogue: () => Promise<readonly CatalogueService[]>,
) {
  const agreementItemsOfOrganisation = new BatchLoader<string, AgreementItem[]>(async (ids) => {
    const items = await loadAgreementItems(em, ids);
    return ids.map((id) => items.get(id) ?? []);
  });
  return {
    /** effective access of the page's members: its inputs in one statement, the domain decides (rule 3) */
    effectiveAccess: new BatchLoader<string, EffectiveAccess | null>(async (memberIds) => {
      const accesses = await effectiveAccessOfMembers(em, memberIds, new Date(), await catalogue());
      return memberIds.map((id) => accesses.get(id)?.access ?? null);
    }),
    agreementItemsOfOrganisation,
    grantsOfGroup: new BatchLoader<string, IGrant[]>(async (ids) => {
      const rows = await em.find(Grant, { group: { $in: [...ids] } }, { orderBy: { createdAt: 'asc' } });
      const map = grouped(rows, (row) => row.group!);
      return ids.map((id) => map.get(id) ?? []);
    }),
    directGrantsOfMember: new BatchLoader<string, IGrant[]>(async (ids) => {
      const rows = await em.find(Grant, { member: { $in: [...ids] } }, { orderBy: { createdAt: 'asc' } });
      const map = grouped(rows, (row) => row.member!);
      return ids.map((id) => map.get(id) ?? []);
    }),
    childrenOfGroup: new BatchLoader<string, IGroup[]>(async (ids) => {
      const rows = await em.find(
        Group,
        { parent: { $in: [...ids] } },
        { orderBy: { name: 'asc', id: 'asc' } },
      );
      const map = grouped(rows, (row) => row.parent!);
      return ids.map((id) => map.get(id) ?? []);
    }),
    /** members per group, in one grouped query */
    memberCountOfGroup: new BatchLoader<string, number>(async (ids) => {
      const rows: { group_id: string; count: string }[] = await em.execute(
        `select group_id, count(*) as count from group_membership
          where group_id = any(array[?]::uuid[]) group by group_id`,
        [[...ids]],
      );
      const map = new Map(rows.map((row) => [String(row.group_id), Number(row.count)]));
      return ids.map((id) => map.get(id) ?? 0);
    }),
    membersWithAccess: new BatchLoader<AccessPageKey, MemberKey[], string>(
      async (keys) => {
        const byOrganisation = grouped(
          keys.map((key, index) => ({ key, index })),
          (entry) => entry.key.organisationId,
        );
        const results: MemberKey[][] = keys.map(() => []);
        const at = new Date();
        for (const [organisationId, entries] of byOrganisation) {
          const pages = await membersWithAccess(
            em,
            organisationId,
            entries.map((entry) => entry.key),
            at,
          );
          entries.forEach((entry, i) => {
            results[entry.index] = pages[i]!;
          });
        }
        return results;
      },
      { cacheKeyFn: (key) => JSON.stringify(key) },
    ),
  };
}
