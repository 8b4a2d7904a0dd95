import type { EntityManager } from '@mikro-orm/postgresql';
import { nextState, type RequestEvent, type RequestState } from '@tessera/domain';
import { type IRequest, Request, RequestStep } from './request.entity.js';

/** Moves a request through the domain state machine and records the step in its history (rule 5). */
export function recordTransition(
  em: EntityManager,
  request: IRequest,
  event: RequestEvent,
  actorPersonId: string | null,
  at: Date,
  comment: string | null = null,
): RequestState {
  const from = request.state;
  const to = nextState(from, event);
  request.state = to;
  em.create(RequestStep, {
    request: request.id,
    at,
    actor: actorPersonId,
    fromState: from,
    toState: to,
    comment,
  });
  return to;
}

/**
 * The attachment request of the Vaud guide: an administrator attaches a person with its personal identifier,
 * so the request is submitted, approved and closed at once by that administrator, with each step kept.
 */
export function recordAttachmentRequest(
  em: EntityManager,
  input: {
    organisationId: string;
    actorPersonId: string;
    subjectPersonId: string;
    subjectMemberId: string;
    unitId: string | null;
    at: Date;
  },
): IRequest {
  const request = em.create(Request, {
    organisation: input.organisationId,
    type: 'ATTACHMENT',
    state: 'SUBMITTED',
    requester: input.actorPersonId,
    subjectPerson: input.subjectPersonId,
    subjectMember: input.subjectMemberId,
    unit: input.unitId,
    createdAt: input.at,
  });
  em.create(RequestStep, {
    request: request.id,
    at: input.at,
    actor: input.actorPersonId,
    fromState: null,
    toState: 'SUBMITTED',
    comment: null,
  });
  recordTransition(em, request, 'APPROVE', input.actorPersonId, input.at);
  request.decidedAt = input.at;
  request.decidedBy = input.actorPersonId;
  recordTransition(em, request, 'CLOSE', input.actorPersonId, input.at);
  request.closedAt = input.at;
  return request;
}
