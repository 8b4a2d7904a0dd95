import type { EntityManager } from '@mikro-orm/postgresql';
import { audit } from '../audit/audit.service.js';
import { takeQueuedEmails } from '../outbox/outbox.service.js';
import { Delegation, type IDelegation } from './delegation.entity.js';
import { delegationSnapshot } from './delegation.service.js';
import { type DelegationNotice, noticeDelegation } from './delegation-notices.js';

/**
 * The `delegations.transitions` job (every minute, and any instance may run it at the same time as another): the
 * start and end notices of delegations whose start or end has passed. Exactly once whatever the number of runs:
 * each notice first claims its row with `update … set started_notified_at = now where … is null returning` (a
 * concurrent run's update waits for the row lock, then re-checks `is null` and finds it set), and the claim, the
 * audit event, the outbox e-mails and the in-app notifications commit together. Validity itself is never decided
 * here: the authorisation context reads the dates at each check.
 * Returns the outbox message ids queued, for the caller to dispatch after the commit.
 */
export async function runDelegationTransitions(em: EntityManager, now: Date): Promise<string[]> {
  return em.transactional(async (tx) => {
    const at = now.toISOString();
    // A delegation that ended before any run saw it started gets only its end notice.
    const started = await tx.execute<{ id: string }[]>(
      `update delegation set started_notified_at = ?
        where started_notified_at is null and revoked_at is null and starts_at <= ? and ends_at >= ?
        returning id`,
      [at, at, at],
    );
    const ended = await tx.execute<{ id: string }[]>(
      `update delegation set ended_notified_at = ?, started_notified_at = coalesce(started_notified_at, ?)
        where ended_notified_at is null and revoked_at is null and ends_at < ?
        returning id`,
      [at, at, at],
    );
    const notices: [string, DelegationNotice][] = [
      ...started.map((row): [string, DelegationNotice] => [row.id, 'STARTED']),
      ...ended.map((row): [string, DelegationNotice] => [row.id, 'ENDED']),
    ];
    if (notices.length === 0) return [];
    const rows = await tx.find(Delegation, { id: { $in: notices.map(([id]) => id) } });
    const byId = new Map(rows.map((row): [string, IDelegation] => [row.id, row]));
    for (const [id, notice] of notices) {
      const delegation = byId.get(id);
      if (!delegation) continue;
      audit(tx, null, {
        organisation: delegation.organisation,
        action: notice === 'STARTED' ? 'delegation.started' : 'delegation.ended',
        targetType: 'Delegation',
        targetId: delegation.id,
        after: delegationSnapshot(delegation),
      });
      await noticeDelegation(tx, delegation, notice);
    }
    await tx.flush();
    return takeQueuedEmails(tx);
  });
}
