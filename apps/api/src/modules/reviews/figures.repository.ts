import type { EntityManager } from '@mikro-orm/postgresql';
import {
  lastWeeks,
  MEMBER_STATUS_VALUES,
  type MemberStatus,
  type Reach,
  type RequestOutcome,
  reachOf,
  requestsByWeek,
  type WeekOfRequests,
} from '@tessera/domain';
import { type Authz, assertReaches } from '../authz/authz.js';
import { memberReachCondition } from '../members/member-list.js';
import { requestReachCondition } from '../requests/request.repository.js';

/**
 * The dashboard's figures (issue 14), each ONE grouped statement within the viewer's reach: a unit admin counts
 * the members and requests of its units and groups only (the same reach conditions as the members and requests
 * lists), an actor reaching nothing counts nothing. Rule 2 first: another organisation does not exist.
 */
async function reachIn(
  authz: Authz,
  organisationId: string,
  action: 'member:read' | 'request:read',
): Promise<Reach | null> {
  assertReaches(authz.actor, organisationId);
  const reach = reachOf(authz.actor, action, organisationId, await authz.topology(organisationId), authz.now);
  return reach.whole || reach.unitIds.size > 0 || reach.groupIds.size > 0 ? reach : null;
}

/** How many members of each status (every status, zero included) the viewer may read. */
export async function memberStatusFigures(
  em: EntityManager,
  authz: Authz,
  organisationId: string,
): Promise<{ status: MemberStatus; count: number }[]> {
  const reach = await reachIn(authz, organisationId, 'member:read');
  const counts = new Map<string, number>();
  if (reach) {
    const [reachSql, reachParams] = memberReachCondition(reach, 'm');
    const rows = await em.execute<{ status: string; count: number }[]>(
      `select m.status, count(*)::int as count from member m
        where m.organisation_id = ? and ${reachSql} group by m.status`,
      [organisationId, ...reachParams],
    );
    for (const row of rows) counts.set(row.status, Number(row.count));
  }
  return MEMBER_STATUS_VALUES.map((status) => ({ status, count: counts.get(status) ?? 0 }));
}

/**
 * What the requests submitted in each of the last `weeks` weeks (ISO weeks, UTC, the current one last) became,
 * within the viewer's reach: the SQL twin of the domain `requestOutcome`, grouped by week and outcome.
 */
export async function requestWeekFigures(
  em: EntityManager,
  authz: Authz,
  organisationId: string,
  weeks: number,
): Promise<WeekOfRequests[]> {
  const starts = lastWeeks(authz.now, weeks);
  const reach = await reachIn(authz, organisationId, 'request:read');
  if (!reach) return requestsByWeek(starts, []);
  const from = starts[0]!;
  const until = new Date(starts.at(-1)!.getTime() + 7 * 86_400_000);
  const [reachSql, reachParams] = requestReachCondition(reach);
  const rows = await em.execute<{ week: string; outcome: RequestOutcome; count: number }[]>(
    `select to_char(date_trunc('week', r.created_at at time zone 'UTC'), 'YYYY-MM-DD') as week,
            case when r.decision = 'APPROVED' then 'ACCEPTED'
                 when r.decision = 'REFUSED' then 'REFUSED'
                 when r.state = 'SUBMITTED' then 'PENDING'
                 else 'CANCELLED' end as outcome,
            count(*)::int as count
       from access_request r
      where r.organisation_id = ? and r.created_at >= ? and r.created_at < ? and ${reachSql}
      group by 1, 2`,
    [organisationId, from, until, ...reachParams],
  );
  return requestsByWeek(
    starts,
    rows.map((row) => ({
      weekStart: new Date(`${row.week}T00:00:00Z`),
      outcome: row.outcome,
      count: Number(row.count),
    })),
  );
}
