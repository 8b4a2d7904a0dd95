import { raw } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Reach, RequestState, RequestType } from '@tessera/domain';
import { type ConnectionArgs, keysetPage } from '../../lib/keyset.js';
import { timeIdKey } from '../notifications/notification.service.js';
import { type IRequest, Request } from './request.entity.js';

const keyOf = (request: IRequest) => [request.createdAt.toISOString(), request.id];

/**
 * SQL for "the request lies within this reach", the database twin of the domain `canOnRequest`: the
 * whole organisation, or the unit the request names, or a unit or group of its subject member.
 */
export function requestReachCondition(reach: Reach): [string, unknown[]] {
  if (reach.whole) return ['true', []];
  const parts: string[] = [];
  const params: unknown[] = [];
  const units = [...reach.unitIds];
  const groups = [...reach.groupIds];
  if (units.length > 0) {
    parts.push(
      'r.unit_id = any(array[?]::uuid[])',
      'exists (select 1 from member_unit mu where mu.member_id = r.subject_member_id and mu.unit_id = any(array[?]::uuid[]))',
    );
    params.push(units, units);
  }
  if (groups.length > 0) {
    parts.push(
      'exists (select 1 from group_membership gm where gm.member_id = r.subject_member_id and gm.group_id = any(array[?]::uuid[]))',
    );
    params.push(groups);
  }
  return parts.length > 0 ? [`(${parts.join(' or ')})`, params] : ['false', []];
}

export interface RequestFilter {
  organisationId: string;
  /** where the caller may read requests (reachOf 'request:read') */
  reach: Reach;
  states?: readonly RequestState[];
  type?: RequestType | null;
  /** a unit subtree: requests naming one of these units or about a member attached to one */
  unitIds?: readonly string[] | null;
}

function filtered(em: EntityManager, filter: RequestFilter) {
  const qb = em.createQueryBuilder(Request, 'r').select('*').where({ organisation: filter.organisationId });
  const [reachSql, reachParams] = requestReachCondition(filter.reach);
  qb.andWhere(reachSql, reachParams);
  if (filter.states && filter.states.length > 0) qb.andWhere({ state: { $in: [...filter.states] } });
  if (filter.type) qb.andWhere({ type: filter.type });
  if (filter.unitIds) {
    const units = [...filter.unitIds];
    qb.andWhere(
      '(r.unit_id = any(array[?]::uuid[]) or exists (select 1 from member_unit mu2 where mu2.member_id = r.subject_member_id and mu2.unit_id = any(array[?]::uuid[])))',
      [units, units],
    );
  }
  return qb;
}

/** Requests of one organisation within the caller's reach: oldest first (pending work) or newest first (history). */
export function listRequests(
  em: EntityManager,
  filter: RequestFilter,
  order: 'oldest' | 'newest',
  args: ConnectionArgs,
) {
  return keysetPage<IRequest>(args, keyOf, 2, (after, limit) => {
    const qb = filtered(em, filter);
    if (after) {
      qb.andWhere(`(r.created_at, r.id) ${order === 'oldest' ? '>' : '<'} (?, ?)`, timeIdKey(after));
    }
    const direction = order === 'oldest' ? 'asc' : 'desc';
    return qb.orderBy({ createdAt: direction, id: direction }).limit(limit).getResultList();
  });
}

/** How many requests wait for a decision, per type, within the caller's reach. One grouped query. */
export async function countPendingByType(
  em: EntityManager,
  filter: Omit<RequestFilter, 'states' | 'type'>,
): Promise<Map<RequestType, number>> {
  const qb = filtered(em, { ...filter, states: ['SUBMITTED'] });
  const rows: { type: RequestType; count: string }[] = await qb
    .select(['r.type', raw('count(*) as count')])
    .groupBy('r.type')
    .execute('all', false);
  return new Map(rows.map((row) => [row.type, Number(row.count)]));
}

/** The requests a person submitted, newest first (Vaud: "Mes demandes"). */
export function listRequestsOf(em: EntityManager, personId: string, args: ConnectionArgs) {
  return keysetPage<IRequest>(args, keyOf, 2, (after, limit) => {
    const qb = em.createQueryBuilder(Request, 'r').select('*').where({ requester: personId });
    if (after) qb.andWhere('(r.created_at, r.id) < (?, ?)', timeIdKey(after));
    return qb.orderBy({ createdAt: 'desc', id: 'desc' }).limit(limit).getResultList();
  });
}

/** Decisions on a person's requests it has not read yet. */
export function countUnreadDecisions(em: EntityManager, personId: string): Promise<number> {
  return em.count(Request, { requester: personId, decision: { $ne: null }, readByRequesterAt: null });
}
