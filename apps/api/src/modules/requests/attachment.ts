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
 * so the request is submitted, approved and closed at once by that administrator, with each step kept. For an
 * accepted invitation the administrator submitted it when inviting, and the person approves it by accepting.
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
    /** when the request was submitted, if earlier than its decision (an invitation) */
    submittedAt?: Date;
    /** who approved and closed it, if not the submitter (the invited person) */
    approverPersonId?: string;
  },
): IRequest {
  const submittedAt = input.submittedAt ?? input.at;
  const approver = input.approverPersonId ?? input.actorPersonId;
  const request = em.create(Request, {
    organisation: input.organisationId,
    type: 'ATTACHMENT',
    state: 'SUBMITTED',
    requester: input.actorPersonId,
    subjectPerson: input.subjectPersonId,
    subjectMember: input.subjectMemberId,
    unit: input.unitId,
    createdAt: submittedAt,
  });
  em.create(RequestStep, {
    request: request.id,
    at: submittedAt,
    actor: input.actorPersonId,
    fromState: null,
    toState: 'SUBMITTED',
    comment: null,
  });
  recordTransition(em, request, 'APPROVE', approver, input.at);
  request.decidedAt = input.at;
  request.decidedBy = approver;
  recordTransition(em, request, 'CLOSE', approver, input.at);
  request.closedAt = input.at;
  return request;
}
