import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '@tessera/domain';
import { AuditEvent } from './audit-event.entity.js';

export interface AuditEntry {
  organisation: string | null;
  action: string;
  targetType: string;
  targetId?: string | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

/**
 * Records an audit event in the caller's unit of work, so it commits or rolls back with the change (rule 4).
 * An operator acting on an organisation is recorded as such: that is the audited crossing of rule 2.
 */
export type AuditActor = Actor | { kind: 'self'; personId: string } | null;

export function audit(em: EntityManager, actor: AuditActor, entry: AuditEntry): void {
  em.create(AuditEvent, {
    organisation: entry.organisation,
    actorPerson: actor?.personId ?? null,
    actingAs:
      actor === null
        ? 'SYSTEM'
        : actor.kind === 'operator'
          ? 'OPERATOR'
          : actor.kind === 'self'
            ? 'SELF'
            : 'MEMBER',
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId ?? null,
    before: entry.before ?? null,
    after: entry.after ?? null,
  });
}
