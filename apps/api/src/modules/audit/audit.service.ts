import type { EntityManager } from '@mikro-orm/postgresql';
import { type Actor, type AuditAction, isAuditFamily } from '@tessera/domain';
import { InvalidInputError } from '../../errors.js';
import { type ConnectionArgs, keysetPage } from '../../lib/keyset.js';
import { delegatorsOf } from '../authz/delegated.js';
import { AuditEvent, type IAuditEvent } from './audit-event.entity.js';

export interface AuditEntry {
  organisation: string | null;
  /** one of the listed codes (AUDIT_ACTIONS), so each has its sentence in the web client */
  action: AuditAction;
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
  em.create(AuditEvent, auditValues(actor, entry));
}

/** An audit event's values by property (its time aside), for `audit` and for writers that insert rows directly. */
export function auditValues(actor: AuditActor, entry: AuditEntry) {
  return {
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
    // "X on behalf of Y": a member acting with holdings it received by delegation in this organisation
    onBehalfOf: actor?.kind === 'member' ? (delegatorsOf(actor, entry.organisation)[0] ?? null) : null,
  } as const;
}

export interface AuditFilter {
  /** one organisation; null for every organisation (the operator only) */
  organisationId: string | null;
  actorPersonId?: string | null;
  targetId?: string | null;
  action?: string | null;
  /** a family of actions: the code's word before the dot (member, group, unit…) */
  family?: string | null;
  /** a member: what its person did, or what was done to it (the member, its person, its admin roles) */
  memberId?: string | null;
  from?: Date | null;
  to?: Date | null;
}

/** The audit log, newest first, filtered by who, what, on what and when; each filter has its index. */
export function listAuditEvents(em: EntityManager, filter: AuditFilter, args: ConnectionArgs) {
  if (filter.from && filter.to && filter.to.getTime() < filter.from.getTime())
    throw new InvalidInputError('to', 'The end of the period cannot come before its start.');
  if (filter.action && filter.action.length > 100)
    throw new InvalidInputError('action', 'Use at most 100 characters.');
  if (filter.family && !isAuditFamily(filter.family))
    throw new InvalidInputError('family', 'This is not a family of actions of the audit log.');
  return keysetPage<IAuditEvent>(
    args,
    (event) => [event.at.toISOString(), event.id],
    2,
    async (after, limit) => {
      const qb = em.createQueryBuilder(AuditEvent, 'a').select('*');
      if (filter.organisationId) qb.andWhere({ organisation: filter.organisationId });
      if (filter.actorPersonId) qb.andWhere({ actorPerson: filter.actorPersonId });
      if (filter.targetId) qb.andWhere({ targetId: filter.targetId });
      if (filter.action) qb.andWhere({ action: filter.action });
      if (filter.family) qb.andWhere(`split_part(a.action, '.', 1) = ?`, [filter.family]);
      if (filter.memberId) {
        // Looked for in the listed organisation only (rule 2): another organisation's member matches nothing,
        // exactly like a member that does not exist.
        const found = await memberSubject(em, filter.memberId, filter.organisationId);
        if (!found) return [];
        // Events that name the member only in their data are found too: an admin role named or removed (the
        // removed role's row is gone, its snapshot keeps `memberId`), memberships added in bulk (`memberIds`).
        const named = JSON.stringify({ memberId: found.id });
        const listed = JSON.stringify({ memberIds: [found.id] });
        qb.andWhere(
          `(a.actor_person = ? or a.target_id in (${[found.id, found.person_id, ...found.roles].map(() => '?').join(', ')})
            or a.after @> ?::jsonb or a.before @> ?::jsonb or a.after @> ?::jsonb)`,
          [found.person_id, found.id, found.person_id, ...found.roles, named, named, listed],
        );
      }
      if (filter.from) qb.andWhere({ at: { $gte: filter.from } });
      if (filter.to) qb.andWhere({ at: { $lt: filter.to } });
      if (after) {
        const [at, id] = after;
        if (
          typeof at !== 'string' ||
          typeof id !== 'string' ||
          !/^\d+$/.test(id) ||
          Number.isNaN(Date.parse(at))
        )
          throw new InvalidInputError('after', 'This cursor is not valid for this list.');
        qb.andWhere('(a.at, a.id) < (?, ?)', [new Date(at), id]);
      }
      return qb.orderBy({ at: 'desc', id: 'desc' }).limit(limit).getResultList();
    },
  );
}

/** A member of the organisation (any, for the operator's log), with its person and current admin roles. */
async function memberSubject(em: EntityManager, memberId: string, organisationId: string | null) {
  const [row] = await em.execute<{ id: string; person_id: string; roles: string[] }[]>(
    `select m.id::text, m.person_id::text, array(select r.id::text from admin_role r where r.member_id = m.id) as roles
       from member m where m.id = ? and (?::uuid is null or m.organisation_id = ?::uuid)`,
    [memberId, organisationId, organisationId],
  );
  return row ?? null;
}
