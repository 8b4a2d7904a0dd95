import type { EntityManager } from '@mikro-orm/postgresql';
import { retentionCutoff } from '@tessera/domain';
import { audit } from '../audit/audit.service.js';

/** Requests destroyed per transaction; a run goes on until nothing is due. */
export const RETENTION_BATCH = 500;

interface DueRow {
  id: string;
  organisation_id: string | null;
  type: string;
  state: string;
  decision: string | null;
  created_at: Date;
  closed_at: Date;
}

/**
 * Rule 5: a request stays visible with its history until retention destroys it. Destroys, in one transaction,
 * up to `RETENTION_BATCH` requests finished (refused, cancelled or closed) before `now` minus `retentionDays`
 * (the domain `retentionCutoff` and `isFinished`), with their steps and notifications (cascade), and writes
 * one audit event per destroyed request. Rows another instance is destroying are skipped. Returns the ids.
 */
export async function destroyExpiredRequestsBatch(
  em: EntityManager,
  now: Date,
  retentionDays: number,
): Promise<string[]> {
  const cutoff = retentionCutoff(now, retentionDays);
  return em.transactional(async (tx) => {
    const due: DueRow[] = await tx.execute(
      `select id, organisation_id, type, state, decision, created_at, closed_at from access_request
        where state in ('REFUSED', 'CANCELLED', 'CLOSED') and closed_at < ?
        order by closed_at, id limit ${RETENTION_BATCH} for update skip locked`,
      [cutoff],
    );
    if (due.length === 0) return [];
    const ids = due.map((row) => row.id);
    await tx.execute('delete from access_request where id = any(array[?]::uuid[])', [ids]);
    for (const row of due) {
      audit(tx, null, {
        organisation: row.organisation_id,
        action: 'request.destroyed',
        targetType: 'Request',
        targetId: row.id,
        before: {
          type: row.type,
          state: row.state,
          decision: row.decision,
          createdAt: new Date(row.created_at).toISOString(),
          closedAt: new Date(row.closed_at).toISOString(),
        },
        after: { retentionDays, cutoff: cutoff.toISOString() },
      });
    }
    await tx.flush();
    return ids;
  });
}

/** Destroys every request due for destruction now, batch after batch; returns how many went. */
export async function destroyExpiredRequests(
  em: EntityManager,
  now: Date,
  retentionDays: number,
): Promise<number> {
  let total = 0;
  for (;;) {
    const ids = await destroyExpiredRequestsBatch(em.fork(), now, retentionDays);
    total += ids.length;
    if (ids.length < RETENTION_BATCH) return total;
  }
}
