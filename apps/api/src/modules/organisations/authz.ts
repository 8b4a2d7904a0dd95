import {
  type Action,
  type Actor,
  assertCan,
  DomainError,
  type OrgTopology,
  type ScopeRef,
} from '@tessera/domain';
import { fromDomainError, NotAuthorisedError, NotFoundError } from '../../errors.js';

/** Who acts, and what an authorisation check needs about the organisations it touches. */
export interface Authz {
  actor: Actor;
  now: Date;
  /** the unit and group trees of one organisation */
  topology(organisationId: string): Promise<OrgTopology>;
}

/** Runs a domain rule and turns its DomainError into the API's typed error. */
export function rule<T>(check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof DomainError) throw fromDomainError(error);
    throw error;
  }
}

/**
 * Rule 2: an organisation outside the actor's reach does not exist for it. The operator reaches every
 * organisation; a member reaches the one it acts for and those where it holds an explicit delegation. Raising
 * NOT_FOUND rather than NOT_AUTHORISED keeps another organisation's ids from being probed.
 */
export function assertReaches(actor: Actor, organisationId: string): void {
  if (actor.kind === 'operator') return;
  if (actor.organisationId === organisationId) return;
  if (actor.holdings.some((holding) => holding.scope.organisationId === organisationId)) return;
  throw new NotFoundError();
}

/** The domain policy for one action on one scope, after the reach check; NOT_AUTHORISED when refused. */
export async function assertAllowed(authz: Authz, action: Action, scope: ScopeRef): Promise<void> {
  assertReaches(authz.actor, scope.organisationId);
  const topology = await authz.topology(scope.organisationId);
  rule(() => assertCan(authz.actor, action, scope, topology, authz.now));
}

/** Operator-only work: the scope on the field says so too; this keeps a service safe when called elsewhere. */
export function assertOperator(actor: Actor): void {
  if (actor.kind !== 'operator') throw new NotAuthorisedError('Only operator administrators may do this.');
}
