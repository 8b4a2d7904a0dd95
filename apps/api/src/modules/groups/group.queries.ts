import type { EntityManager } from '@mikro-orm/postgresql';
import type { Reach } from '@tessera/domain';
import { InvalidInputError } from '../../errors.js';
import { afterKey, type ConnectionArgs, keysetPage } from '../../lib/keyset.js';
import { type IMember, Member } from '../members/member.entity.js';
import { memberSearchCondition, SEARCH_MAX_LENGTH } from '../members/member-list.js';
import { Group, type IGroup } from './group.entity.js';

interface MembershipRow {
  member_id: string;
  sort_name: string;
  blocked: boolean;
  added_at: Date;
}

/**
 * A group's members by (sort name, id), with the blocked flag of each: two queries per page. `search` finds them
 * as the members list does (words starting the first or last name, accents and case ignored, or the start of the
 * e-mail address), within the group's organisation.
 */
export async function listGroupMembers(
  em: EntityManager,
  group: Pick<IGroup, 'id' | 'organisation'>,
  args: ConnectionArgs,
  search?: string | null,
) {
  if ((search?.length ?? 0) > SEARCH_MAX_LENGTH)
    throw new InvalidInputError('search', `Search with at most ${SEARCH_MAX_LENGTH} characters.`);
  const [searchSql, searchParams] = memberSearchCondition(group.organisation, search) ?? ['true', []];
  const page = await keysetPage<MembershipRow>(
    args,
    (row) => [row.sort_name, row.member_id],
    2,
    (after, limit) =>
      em.execute(
        `select gm.member_id, m.sort_name, gm.blocked, gm.added_at
           from group_membership gm join member m on m.id = gm.member_id
          where gm.group_id = ? and ${searchSql} ${after ? `and ${afterKey(['m.sort_name', 'm.id'])}` : ''}
          order by m.sort_name, m.id limit ?`,
        [group.id, ...searchParams, ...(after ?? []), limit],
      ),
  );
  const ids = page.edges.map((edge) => edge.node.member_id);
  const members = ids.length > 0 ? await em.find(Member, { id: { $in: ids } }) : [];
  const byId = new Map(members.map((member) => [member.id, member]));
  return {
    pageInfo: page.pageInfo,
    edges: page.edges
      .filter((edge) => byId.has(edge.node.member_id))
      .map((edge) => ({
        cursor: edge.cursor,
        node: byId.get(edge.node.member_id) as IMember,
        groupId: group.id,
        blocked: Boolean(edge.node.blocked),
        addedAt: new Date(edge.node.added_at),
      })),
  };
}

/**
 * The groups of one organisation within a reach (reachOf 'group:read'), by name: the whole tree for an
 * organisation-wide admin, the groups of its units for a unit admin, its own subtree for a group manager.
 */
export function listGroups(
  em: EntityManager,
  organisationId: string,
  reach: Reach,
  search: string | null | undefined,
  args: ConnectionArgs,
) {
  const text = search?.trim() ?? '';
  if (text.length > 100) throw new InvalidInputError('search', 'Search with at most 100 characters.');
  return keysetPage<IGroup>(
    args,
    (group) => [group.name, group.id],
    2,
    async (after, limit) => {
      if (!reach.whole && reach.groupIds.size === 0) return [];
      const qb = em.createQueryBuilder(Group, 'g').select('*').where({ organisation: organisationId });
      if (!reach.whole) qb.andWhere({ id: { $in: [...reach.groupIds] } });
      if (text) {
        const like = text.replace(/[\\%_]/g, (c) => `\\${c}`).toLowerCase();
        qb.andWhere('lower(g.name) like ?', [`%${like}%`]);
      }
      if (after) qb.andWhere(afterKey(['g.name', 'g.id']), after);
      return qb.orderBy({ name: 'asc', id: 'asc' }).limit(limit).getResultList();
    },
  );
}
