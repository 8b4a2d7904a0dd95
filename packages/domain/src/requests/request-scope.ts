import { DomainError } from '../errors';
import type { Actor, OrgTopology, RequestType, ScopeRef } from '../model';
import type { Action } from '../permissions/actions';
import { canOnAny } from '../permissions/policy';
import { requestDecisionAction } from './state-machine';

/** What a request is aimed at: its organisation, the unit it names, and where its subject member sits. */
export type RequestTarget = {
  organisationId: string;
  unitId: string | null;
  /** the units the subject member is attached to (none when the subject is not a member yet) */
  subjectUnitIds: readonly string[];
  /** the groups the subject member belongs to */
  subjectGroupIds: readonly string[];
};

/**
 * The scopes that may cover a request: its organisation, the unit it names, and the units and groups of
 * its subject member (Vaud: a unit admin handles the requests of its unit; Caf: a group manager reads those
 * of its group). An admin acts on a request when one of its holdings covers one of these scopes.
 */
export function requestScopes(target: RequestTarget): ScopeRef[] {
  const { organisationId } = target;
  const unitIds = new Set(target.subjectUnitIds);
  if (target.unitId !== null) unitIds.add(target.unitId);
  return [
    { kind: 'ORGANISATION', organisationId },
    ...[...unitIds].map((unitId): ScopeRef => ({ kind: 'UNIT', organisationId, unitId })),
    ...[...new Set(target.subjectGroupIds)].map(
      (groupId): ScopeRef => ({ kind: 'GROUP', organisationId, groupId }),
    ),
  ];
}

/** Tells whether an actor may perform an action on a request: `can` on any scope of the request. */
export function canOnRequest(
  actor: Actor,
  action: Action,
  target: RequestTarget,
  topology: OrgTopology,
  at: Date,
): boolean {
  return canOnAny(actor, action, requestScopes(target), topology, at);
}

export const REQUEST_DECISION_VALUES = ['APPROVE', 'REFUSE'] as const;
export type RequestDecision = (typeof REQUEST_DECISION_VALUES)[number];

/**
 * Throws NOT_AUTHORISED unless the actor may decide this request: it holds the decision action over one of
 * the request's scopes, and it is not the requester (nobody approves its own request, rule 1).
 */
export function assertMayDecide(
  actor: Actor,
  request: { type: RequestType; requesterPersonId: string; target: RequestTarget },
  topology: OrgTopology,
  at: Date,
): void {
  if (actor.personId === request.requesterPersonId) {
    throw new DomainError(
      'NOT_AUTHORISED',
      'You cannot decide your own request: another administrator does.',
    );
  }
  if (!canOnRequest(actor, requestDecisionAction(request.type), request.target, topology, at)) {
    throw new DomainError('NOT_AUTHORISED', 'This request is outside the scope you administer.');
  }
}

/** Throws NOT_AUTHORISED unless the person cancelling is the one who submitted the request. */
export function assertMayCancel(personId: string, requesterPersonId: string): void {
  if (personId !== requesterPersonId) {
    throw new DomainError('NOT_AUTHORISED', 'Only the person who submitted a request may cancel it.');
  }
}
