import {
  type Action,
  type Actor,
  assertCan,
  can,
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

const scopeKey = (scope: ScopeRef) =>
  scope.kind === 'UNIT'
    ? `U:${scope.unitId}`
    : scope.kind === 'GROUP'
      ? `G:${scope.groupId}`
      : `O:${scope.organisationId}`;

/**
 * The authorisation context of one request (or one transaction): who acts, the topologies its checks read, and
 * the domain policy's answers, each computed once. Re-reading the actor (under a lock) forgets the answers.
 */
export class RequestAuthz implements Authz {
  private readonly decisions = new Map<string, Promise<boolean>>();
  /** the actor the memoised decisions were made for: a re-read actor (under a lock) starts afresh */
  private decidedFor: Actor;

  constructor(
    public actor: Actor,
    readonly now: Date,
    readonly topology: (organisationId: string) => Promise<OrgTopology>,
  ) {
    this.decidedFor = actor;
  }

  /** The domain policy `can` for this actor, memoised per action and scope. */
  can(action: Action, scope: ScopeRef): Promise<boolean> {
    if (this.decidedFor !== this.actor) {
      this.decisions.clear();
      this.decidedFor = this.actor;
    }
    const key = `${action}|${scope.organisationId}|${scopeKey(scope)}`;
    let decision = this.decisions.get(key);
    if (!decision) {
      const actor = this.actor;
      decision = this.topology(scope.organisationId).then((topology) =>
        can(actor, action, scope, topology, this.now),
      );
      this.decisions.set(key, decision);
    }
    return decision;
  }
}
