import { DeadlockException, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { RequestContext } from '../context.js';
import { AppError, ConflictError } from '../errors.js';
import { publishSessionsRevoked } from '../live/events.js';
import { takeQueuedEmails } from '../modules/outbox/outbox.service.js';
import { takeRevokedSessions } from '../modules/people/session.service.js';

export interface AfterCommit {
  /** runs once the transaction has committed (live events, enqueuing jobs) */
  push(task: () => void | Promise<void>): void;
}

/** Which input a unique index protects, so a duplicate that slipped past a service's check names its field. */
const UNIQUE_FIELDS: Record<string, { field: string; message: string }> = {
  person_email_unique: {
    field: 'email',
    message: 'A person already has an account with this e-mail address.',
  },
  person_national_number_unique: {
    field: 'nationalNumber',
    message: 'A person already has this national number.',
  },
  member_organisation_id_person_id_unique: {
    field: 'personId',
    message: 'This person is already a member of this organisation.',
  },
  service_grant_group_role_unique: {
    field: 'serviceRoleId',
    message: 'The group already holds this service role.',
  },
  service_grant_member_role_unique: {
    field: 'serviceRoleId',
    message: 'The member already holds this service role directly.',
  },
  admin_role_member_kind_scope_unique: {
    field: 'memberId',
    message: 'This member already holds this role here.',
  },
  member_group_sibling_name_unique: { field: 'name', message: 'A group with this name already exists here.' },
  agreement_organisation_id_unique: {
    field: 'organisationId',
    message: 'This organisation already has an agreement.',
  },
  agreement_item_agreement_id_service_role_id_unique: {
    field: 'serviceRoleId',
    message: 'This service role is already in the agreement.',
  },
  organisation_registry_kind_registry_number_unique: {
    field: 'registryNumber',
    message: 'An organisation with this registry number already exists.',
  },
  service_code_unique: { field: 'code', message: 'A service already has this code.' },
  service_role_service_id_code_unique: {
    field: 'code',
    message: 'This service already has a role with this code.',
  },
};

/** A unique violation is a duplicate written by a concurrent request: a typed conflict, never INTERNAL. */
export function duplicateConflict(error: UniqueConstraintViolationException): ConflictError {
  const constraint = (error as { constraint?: string }).constraint ?? '';
  const known = UNIQUE_FIELDS[constraint];
  return known
    ? new ConflictError(known.message, known.field)
    : new ConflictError('This already exists.', undefined);
}

/** PostgreSQL may pick a transaction to break a lock cycle it could not foresee; it is safe to run it again. */
const DEADLOCK_RETRIES = 3;

/**
 * Runs one mutation's work in one transaction (rule 4): the change, its audit events and its outbox messages
 * commit together or not at all. Side effects that must not happen on rollback go through `afterCommit`.
 * The transaction starts with an empty identity map, so every row it checks is read inside it, after the
 * organisation lock the service takes (nothing cached by the request's scope checks leaks in).
 */
export async function inTransaction<T>(
  ctx: RequestContext,
  work: (tx: EntityManager, afterCommit: AfterCommit) => Promise<T>,
): Promise<T> {
  let tasks: (() => void | Promise<void>)[] = [];
  let result: T;
  const transaction: { em?: EntityManager } = {};
  for (let attempt = 1; ; attempt++) {
    tasks = [];
    try {
      let refusal: AppError | null = null;
      result = await ctx.em.transactional(
        async (tx) => {
          transaction.em = tx;
          try {
            return await work(tx, { push: (task) => tasks.push(task) });
          } catch (error) {
            // A refusal that keeps its writes (its audit event and rate count) commits them, then answers.
            if (!(error instanceof AppError) || !error.keepWrites) throw error;
            await tx.flush();
            refusal = error;
            return undefined as T;
          }
        },
        { clear: true },
      );
      if (refusal) throw refusal;
      break;
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) throw duplicateConflict(error);
      if (error instanceof DeadlockException) {
        if (attempt < DEADLOCK_RETRIES) continue;
        // Still crossing another writer after the retries: a typed conflict to try again, never INTERNAL.
        throw new ConflictError('Others changed the same things at the same moment: try again.');
      }
      throw error;
    }
  }
  // The messages the transaction queued get their dispatch jobs now; if that fails, the outbox sweep makes them.
  if (transaction.em) {
    const queued = takeQueuedEmails(transaction.em);
    await ctx.app.jobs
      .outboxQueued(queued)
      .catch((error) =>
        ctx.app.logger.warn({ err: error }, 'enqueuing mail dispatch failed; the sweep will'),
      );
  }
  // Sessions the work revoked (password change, block, removal...) end their live streams now.
  if (transaction.em) publishSessionsRevoked(ctx.app.live, takeRevokedSessions(transaction.em));
  for (const task of tasks) {
    try {
      await task();
    } catch (error) {
      ctx.app.logger.error({ err: error }, 'after-commit task failed');
    }
  }
  // Reads after the mutation must see the committed state, not entities or topologies cached before it.
  ctx.afterCommit();
  return result;
}

/** The description of the optional staleness check every edit of a versioned object accepts. */
export const EXPECTED_VERSION =
  'The `version` the edit was decided on; when the object has changed since, the edit is refused with a ConflictError on expectedVersion.';
