import { type EntityManager, QueryOrder } from '@mikro-orm/postgresql';
import {
  hasService,
  MEMBER_STATUS_VALUES,
  type MemberStatus,
  type Reach,
  reachOf,
  unitWithin,
} from '@tessera/domain';
import { InvalidInputError, NotAuthorisedError } from '../../errors.js';
import { afterKey, type KeyValue } from '../../lib/keyset.js';
import { effectiveAccessForMembers, loadCatalogue } from '../access/access.service.js';
import { type Authz, assertReaches } from '../authz/authz.js';
import { type IMember, Member } from './member.entity.js';
import { foldForSearch } from './sort-name.js';

export interface MemberFilter {
  /** start of the last name (then first name), or of the e-mail address */
  search?: string | null;
  /** one status; by default active and blocked members (archived ones only when asked for) */
  status?: MemberStatus | null;
  /** members attached to this unit or a unit below it */
  unitId?: string | null;
  /** members of this group */
  groupId?: string | null;
  /** members whose effective access includes this service */
  serviceId?: string | null;
  /** members who have not signed in since this instant: last sign-in before it, or never */
  notSignedInSince?: Date | null;
}

/** The orders of the members list; each ends with the member's id, so ties page exactly once. */
export const MEMBER_SORT_VALUES = ['NAME', 'LAST_SIGN_IN_ASC', 'LAST_SIGN_IN_DESC'] as const;
export type MemberSort = (typeof MEMBER_SORT_VALUES)[number];

/** The most members one page of the list holds (the screen offers 25, 50 and 100). */
export const MEMBER_PAGE_MAX = 100;

/**
 * The keyset of each order: (sort name, id); or (order tag, last sign-in, id), the tag telling a cursor of one
 * order from another's. Never signed in sorts before any date ascending, after any date descending.
 */
export function memberKey(sort: MemberSort, member: IMember): KeyValue[] {
  if (sort === 'NAME') return [member.sortName, member.id];
  return [sort, member.lastSignInAt ? member.lastSignInAt.toISOString() : null, member.id];
}
export const memberKeyLength = (sort: MemberSort) => (sort === 'NAME' ? 2 : 3);

export const SEARCH_MAX_LENGTH = 100;

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** SQL for "the member lies within this reach": attached to one of its units, or in one of its groups. */
export function memberReachCondition(reach: Reach, alias = 'm'): [string, unknown[]] {
  if (reach.whole) return ['true', []];
  const parts: string[] = [];
  const params: unknown[] = [];
  if (reach.unitIds.size > 0) {
    parts.push(
      `exists (select 1 from member_unit r_mu where r_mu.member_id = ${alias}.id and r_mu.unit_id = any(array[?]::uuid[]))`,
    );
    params.push([...reach.unitIds]);
  }
  if (reach.groupIds.size > 0) {
    parts.push(
      `exists (select 1 from group_membership r_gm where r_gm.member_id = ${alias}.id and r_gm.group_id = any(array[?]::uuid[]))`,
    );
    params.push([...reach.groupIds]);
  }
  return parts.length > 0 ? [`(${parts.join(' or ')})`, params] : ['false', []];
}

/**
 * SQL for "the member `alias` matches this search" in one organisation, or null for no search. Each word of the
 * search starts a word of the name, first or last, accents and case ignored ("Amélie Dupont", "dupont ame",
 * "hélène" all find Hélène Dupont), through the trigram index on ' ' || sort_name (migration 0012); or the whole
 * search starts the e-mail address. The caller checks the length (SEARCH_MAX_LENGTH) first.
 */
export function memberSearchCondition(
  organisationId: string,
  text: string | null | undefined,
  alias = 'm',
): [string, unknown[]] | null {
  const search = text?.trim() ?? '';
  if (!search) return null;
  const words = foldForSearch(search).split(/\s+/).filter(Boolean);
  // Only accents (`^`, a lone combining mark): nothing is left to match a name by, and no address either.
  if (words.length === 0) return ['false', []];
  const email = `${escapeLike(search.toLowerCase())}%`;
  const folded = `${escapeLike(foldForSearch(search))}%`;
  const nameMatch = words.map(() => `(' ' || f_s.sort_name) like ?`).join(' and ');
  // Two uncorrelated sets, so each takes its index: the trigram one on names, the prefix one on addresses;
  // both bounded to this organisation, so a one-letter search never walks other tenants' people.
  return [
    `(${alias}.id in (select f_s.id from member f_s where f_s.organisation_id = ? and ${nameMatch})
      or ${alias}.id in (select f_e.id from member f_e join person f_p on f_p.id = f_e.person_id
                  where f_e.organisation_id = ? and (f_p.email like ? or f_p.email like ?)))`,
    [organisationId, ...words.map((word) => `% ${escapeLike(word)}%`), organisationId, email, folded],
  ];
}

/**
 * Where the actor may perform `action` among an organisation's members: rule 2 first (another organisation does
 * not exist), then the domain reach; an actor reaching no member at all is refused.
 */
export async function memberReach(
  authz: Authz,
  organisationId: string,
  action: 'member:read' | 'member:export',
): Promise<Reach> {
  assertReaches(authz.actor, organisationId);
  const topology = await authz.topology(organisationId);
  const reach = reachOf(authz.actor, action, organisationId, topology, authz.now);
  if (!reach.whole && reach.unitIds.size === 0 && reach.groupIds.size === 0)
    throw new NotAuthorisedError('You do not administer any member of this organisation.');
  return reach;
}

/** Checks the filter's values; each error names its field. */
export function validateFilter(filter: MemberFilter): void {
  if ((filter.search?.length ?? 0) > SEARCH_MAX_LENGTH)
    throw new InvalidInputError('search', `Search with at most ${SEARCH_MAX_LENGTH} characters.`);
  if (filter.status && !MEMBER_STATUS_VALUES.includes(filter.status))
    throw new InvalidInputError('status', 'Unknown status.');
  if (filter.notSignedInSince && Number.isNaN(filter.notSignedInSince.getTime()))
    throw new InvalidInputError('notSignedInSince', 'Not a date.');
}

/**
 * One keyset page (sort name, id) of an organisation's members inside a reach, filtered. Each filter uses an
 * index: (organisation, status, sort name, id), the sort-name and e-mail prefix indexes, member_unit and
 * group_membership keys.
 */
export function membersQuery(
  em: EntityManager,
  organisationId: string,
  reach: Reach,
  filter: MemberFilter,
  unitSubtree: readonly string[] | null,
  /** only members with a grant (direct, or through a group they are not blocked in) of one of these roles */
  holdingAnyOf: readonly string[] | null = null,
) {
  const qb = em.createQueryBuilder(Member, 'm').select('m.*').where({ organisation: organisationId });
  const [reachSql, reachParams] = memberReachCondition(reach);
  if (reachSql !== 'true') qb.andWhere(reachSql, reachParams);
  if (filter.status) qb.andWhere({ status: filter.status });
  else qb.andWhere({ status: { $in: ['ACTIVE', 'BLOCKED'] } });
  if (unitSubtree)
    qb.andWhere(
      'exists (select 1 from member_unit f_mu where f_mu.member_id = m.id and f_mu.unit_id = any(array[?]::uuid[]))',
      [[...unitSubtree]],
    );
  if (holdingAnyOf)
    qb.andWhere(
      `(exists (select 1 from service_grant f_g where f_g.member_id = m.id and f_g.service_role_id = any(array[?]::uuid[]))
        or exists (select 1 from group_membership f_gm2 join service_grant f_g2 on f_g2.group_id = f_gm2.group_id
                    where f_gm2.member_id = m.id and not f_gm2.blocked and f_g2.service_role_id = any(array[?]::uuid[])))`,
      [[...holdingAnyOf], [...holdingAnyOf]],
    );
  if (filter.notSignedInSince)
    qb.andWhere('(m.last_sign_in_at is null or m.last_sign_in_at < ?)', [filter.notSignedInSince]);
  if (filter.groupId)
    qb.andWhere(
      'exists (select 1 from group_membership f_gm where f_gm.member_id = m.id and f_gm.group_id = ?)',
      [filter.groupId],
    );
  const search = memberSearchCondition(organisationId, filter.search);
  if (search) qb.andWhere(...search);
  return qb;
}

/** "Strictly after this key" in the given order, NULL last sign-ins first ascending and last descending. */
function afterCondition(sort: MemberSort, after: KeyValue[]): [string, unknown[]] {
  if (sort === 'NAME') return [afterKey(['m.sort_name', 'm.id']), after];
  const [tag, at, id] = after;
  if (tag !== sort) throw new InvalidInputError('after', 'This cursor is not valid for this list.');
  if (typeof at !== 'string' && at !== null)
    throw new InvalidInputError('after', 'This cursor is not valid for this list.');
  if (sort === 'LAST_SIGN_IN_ASC')
    return at === null
      ? ['((m.last_sign_in_at is null and m.id > ?) or m.last_sign_in_at is not null)', [id]]
      : ['(m.last_sign_in_at is not null and (m.last_sign_in_at, m.id) > (?, ?))', [at, id]];
  return at === null
    ? ['(m.last_sign_in_at is null and m.id < ?)', [id]]
    : ['(m.last_sign_in_at is null or (m.last_sign_in_at, m.id) < (?, ?))', [at, id]];
}

/** The ORDER BY of each order, over the member alias `m` (one index scan each, migration 0015). */
export function memberOrderSql(sort: MemberSort): string {
  if (sort === 'LAST_SIGN_IN_ASC') return 'm.last_sign_in_at asc nulls first, m.id asc';
  if (sort === 'LAST_SIGN_IN_DESC') return 'm.last_sign_in_at desc nulls last, m.id desc';
  return 'm.sort_name asc, m.id asc';
}

/** One keyset page of the filtered members within reach: strictly after `after` in `sort` order, `limit` rows. */
export function membersPageQuery(
  em: EntityManager,
  organisationId: string,
  reach: Reach,
  filter: MemberFilter,
  after: KeyValue[] | null,
  limit: number,
  unitSubtree: readonly string[] | null,
  holdingAnyOf: readonly string[] | null = null,
  sort: MemberSort = 'NAME',
) {
  const qb = membersQuery(em, organisationId, reach, filter, unitSubtree, holdingAnyOf);
  if (after) {
    const [sql, params] = afterCondition(sort, after);
    qb.andWhere(sql, params);
  }
  // Each order is a scan of one index: (organisation, status, sort name, id) or (organisation, last sign-in nulls
  // first, id), forward or backward (migration 0015).
  if (sort === 'LAST_SIGN_IN_ASC')
    qb.orderBy({ lastSignInAt: QueryOrder.ASC_NULLS_FIRST, id: QueryOrder.ASC });
  else if (sort === 'LAST_SIGN_IN_DESC')
    qb.orderBy({ lastSignInAt: QueryOrder.DESC_NULLS_LAST, id: QueryOrder.DESC });
  else qb.orderBy({ sortName: QueryOrder.ASC, id: QueryOrder.ASC });
  return qb.limit(limit);
}

export function fetchMembers(
  em: EntityManager,
  organisationId: string,
  reach: Reach,
  filter: MemberFilter,
  after: KeyValue[] | null,
  limit: number,
  unitSubtree: readonly string[] | null,
  holdingAnyOf: readonly string[] | null = null,
  sort: MemberSort = 'NAME',
  fetchPage?: PageFetcher,
  count: PageSql | null = null,
): Promise<IMember[]> {
  const qb = membersPageQuery(
    em,
    organisationId,
    reach,
    filter,
    after,
    limit,
    unitSubtree,
    holdingAnyOf,
    sort,
  );
  return fetchPage ? fetchPage(qb.getKnexQuery().toSQL(), count) : qb.getResultList();
}

/** A statement's text with `?` placeholders and its values. */
export interface PageSql {
  sql: string;
  bindings: readonly unknown[];
}

/**
 * Runs a page's query of member rows (in page order) another way: the GraphQL page reads each member's bundle
 * with it, in the same statement (graphql/loaders.ts `memberPage`), and, when `count` is given (the rows of the
 * whole filtered list), their number too.
 */
export type PageFetcher = (page: PageSql, count: PageSql | null) => Promise<IMember[]>;

/** The filtered members within reach, every page together, as a statement to count (`countMembers`'s rows). */
function countSql(
  em: EntityManager,
  organisationId: string,
  reach: Reach,
  filter: MemberFilter,
  subtree: readonly string[] | null,
): PageSql {
  const { sql, bindings } = membersQuery(em, organisationId, reach, filter, subtree)
    .select('m.id')
    .getKnexQuery()
    .toSQL();
  return { sql, bindings };
}

/** The unit and every unit below it, from the organisation's topology; an unknown unit is an input error. */
export async function unitSubtreeOf(authz: Authz, organisationId: string, unitId: string): Promise<string[]> {
  const topology = await authz.topology(organisationId);
  if (!topology.unitParent.has(unitId))
    throw new InvalidInputError('unitId', 'No unit of this organisation has this id.');
  return [...topology.unitParent.keys()].filter((id) => unitWithin(id, unitId, topology));
}

/**
 * A page of members for the list screen. With a service filter, candidates come from the other filters in
 * keyset order and the one effective-access function (rule 3) keeps those who may use the service; rounds go on
 * until the page is full or the list ends.
 */
export async function listMembers(
  em: EntityManager,
  authz: Authz,
  organisationId: string,
  filter: MemberFilter,
  after: KeyValue[] | null,
  limit: number,
  sort: MemberSort = 'NAME',
  fetchPage?: PageFetcher,
  /** the caller also wants `countMembers`: with a `fetchPage`, counted in the page's statement */
  countToo = false,
): Promise<IMember[]> {
  validateFilter(filter);
  const reach = await memberReach(authz, organisationId, 'member:read');
  const subtree = filter.unitId ? await unitSubtreeOf(authz, organisationId, filter.unitId) : null;
  if (!filter.serviceId) {
    const count = countToo ? countSql(em, organisationId, reach, filter, subtree) : null;
    return fetchMembers(
      em,
      organisationId,
      reach,
      filter,
      after,
      limit,
      subtree,
      null,
      sort,
      fetchPage,
      count,
    );
  }

  const catalogue = await loadCatalogue(em);
  const service = catalogue.find((entry) => entry.serviceId === filter.serviceId);
  if (!service) throw new InvalidInputError('serviceId', 'No service has this id.');
  if (filter.status && filter.status !== 'ACTIVE') return [];
  const active = { ...filter, status: 'ACTIVE' as const };
  const page: IMember[] = [];
  let cursor = after;
  const batch = Math.max(limit, 200);
  // A protected service is only reachable through a grant: the database proposes those holders only.
  const roles = service.accessLevel === 'FREE' ? null : service.roleIds;
  if (roles && roles.length === 0) return [];
  for (;;) {
    const candidates = await fetchMembers(
      em,
      organisationId,
      reach,
      active,
      cursor,
      batch,
      subtree,
      roles,
      sort,
    );
    const access = await effectiveAccessForMembers(
      em,
      organisationId,
      candidates.map((member) => member.id),
      authz.now,
    );
    for (const member of candidates) {
      const entry = access.get(member.id);
      if (entry && hasService(entry, service.serviceId)) page.push(member);
      if (page.length === limit) return page;
    }
    if (candidates.length < batch) return page;
    cursor = memberKey(sort, candidates.at(-1)!);
  }
}

/**
 * How many members the list holds with these filters, in one statement (the reach and the unit subtree come from
 * the request's topology, already read for the page). Null with a service filter: that count needs every
 * candidate's effective access (rule 3 has one function, which SQL does not re-implement).
 */
export async function countMembers(
  em: EntityManager,
  authz: Authz,
  organisationId: string,
  filter: MemberFilter,
): Promise<number | null> {
  validateFilter(filter);
  if (filter.serviceId) return null;
  const reach = await memberReach(authz, organisationId, 'member:read');
  const subtree = filter.unitId ? await unitSubtreeOf(authz, organisationId, filter.unitId) : null;
  return membersQuery(em, organisationId, reach, filter, subtree).getCount();
}
