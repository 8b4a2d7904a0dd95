import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  type Actor,
  type AdminRoleHolding,
  assertMayCancel,
  assertMayDecide,
  canOnRequest,
  holdingsAt,
  isValidRegistryNumber,
  normaliseRegistryNumber,
  type OrgTopology,
  type RegistryKind,
  type RequestDecision,
  type RequestTarget,
} from '@tessera/domain';
import {
  ConflictError,
  InvalidInputError,
  NotAuthorisedError,
  NotFoundError,
  RateLimitedError,
  RuleError,
} from '../../errors.js';
import { globalId } from '../../lib/ids.js';
import type { LiveEvent } from '../../lib/live-event.js';
import { AdminRole } from '../admins/admin-role.entity.js';
import { audit } from '../audit/audit.service.js';
import { assertReaches, RequestAuthz, rule } from '../authz/authz.js';
import { type DelegateRow, delegatedHoldingsOf, organisationDelegatesJson } from '../authz/delegated.js';
import { loadTopology, topologyReader } from '../authz/topology.js';
import { Service, ServiceRole } from '../catalogue/service.entity.js';
import { Grant, GroupMembership } from '../groups/group.entity.js';
import { grantToMember, revokeMemberGrant } from '../groups/group-grants.service.js';
import { Member, MemberUnit } from '../members/member.entity.js';
import { memberSnapshot } from '../members/member.service.js';
import { currentActor } from '../members/member-target.js';
import { memberSortName } from '../members/sort-name.js';
import { Notification } from '../notifications/notification.entity.js';
import { createNotifications } from '../notifications/notification.service.js';
import { Organisation, Unit } from '../organisations/organisation.entity.js';
import { lockOrganisation } from '../organisations/organisation.service.js';
import { queueEmail } from '../outbox/outbox.service.js';
import { sealIdentityOnNewMembership } from '../people/identity-seal.js';
import { recipientsOf } from '../people/mails.js';
import { type IPerson, Person } from '../people/person.entity.js';
import { recordTransition } from './attachment.js';
import { type IRequest, Request, RequestStep } from './request.entity.js';
import { type RequestSummary, requestDecidedEmail, requestSubmittedEmail } from './request-mails.js';
import { loadRequestTarget } from './request-target.js';

export const COMMENT_MAX_LENGTH = 2000;
/** Account-creation requests a person may have waiting at once, and submit per day: bounds probing (see below). */
export const ACCOUNT_CREATION_PENDING_MAX = 3;
export const ACCOUNT_CREATION_PER_DAY = 10;

/** What a request mutation hands back: the request, and the live events to publish once it has committed. */
export interface RequestChange {
  request: IRequest;
  events: LiveEvent[];
}

/** Where links in e-mails lead. */
export interface RequestMailContext {
  appUrl: string;
}

export function comment(value: string | null | undefined, field = 'comment'): string | null {
  const text = (value ?? '').trim();
  if (text.length > COMMENT_MAX_LENGTH)
    throw new InvalidInputError(field, `Use at most ${COMMENT_MAX_LENGTH} characters.`);
  return text.length > 0 ? text : null;
}

export function fullName(person: Pick<IPerson, 'firstName' | 'lastName'>): string {
  return `${person.firstName} ${person.lastName}`;
}

/** The request's page in the web app: the same for its requester and for the administrators. */
export function requestLink(mail: RequestMailContext, request: Pick<IRequest, 'id'>): string {
  return `${mail.appUrl}/requests/${encodeURIComponent(globalId('Request', request.id))}`;
}

function submittedStep(
  em: EntityManager,
  request: IRequest,
  personId: string,
  at: Date,
  text: string | null,
) {
  em.create(RequestStep, {
    request: request.id,
    at,
    actor: personId,
    fromState: null,
    toState: 'SUBMITTED',
    comment: text,
  });
}

async function serviceLabel(
  em: EntityManager,
  serviceRoleId: string | null | undefined,
): Promise<string | null> {
  if (!serviceRoleId) return null;
  const role = await em.findOne(ServiceRole, { id: serviceRoleId });
  const service = role ? await em.findOne(Service, { id: role.service }) : null;
  return role && service ? `${service.name} — ${role.name}` : null;
}

// ---------------------------------------------------------------------------------------------------------
// Who is told

export interface AdminRow {
  person_id: string;
  member_id: string;
  kind: AdminRoleHolding['kind'];
  unit_id: string | null;
  group_id: string | null;
  valid_until: Date | string | null;
}

/**
 * The people who may decide a request (Orange: "notifié de toutes les demandes sur son entreprise"): active
 * members holding an admin role of the request's organisation whose scope covers the request, checked with
 * the same domain `canOnRequest` as the decision itself. The requester is left out.
 */
export async function deciders(
  em: EntityManager,
  target: RequestTarget,
  requesterPersonId: string,
  now: Date,
): Promise<IPerson[]> {
  const [row] = await em.execute<{ admins: AdminRow[]; delegates: DelegateRow[] }[]>(
    `select coalesce((select json_agg(json_build_object('person_id', m.person_id, 'member_id', ar.member_id,
                                     'kind', ar.kind, 'unit_id', ar.unit_id, 'group_id', ar.group_id,
                                     'valid_until', ar.valid_until))
                       from admin_role ar join member m on m.id = ar.member_id
                      where ar.organisation_id = ?::uuid and m.status = 'ACTIVE'), '[]'::json) as admins,
            ${organisationDelegatesJson('?::uuid')} as delegates`,
    [target.organisationId, target.organisationId, now.toISOString()],
  );
  const topology = await loadTopology(em, target.organisationId);
  const ids = deciderIds(row!.admins, target, requesterPersonId, topology, now, row!.delegates);
  return ids.length > 0 ? em.find(Person, { id: { $in: ids } }, { orderBy: { id: 'asc' } }) : [];
}

/**
 * Among the admin roles of active members of the request's organisation and the delegations active members
 * received there, the people (sorted ids) who may decide it, by the domain `canOnRequest`; the requester left out.
 */
export function deciderIds(
  rows: readonly AdminRow[],
  target: RequestTarget,
  requesterPersonId: string,
  topology: OrgTopology,
  now: Date,
  delegates: readonly DelegateRow[] = [],
): string[] {
  const byPerson = new Map<string, Actor & { kind: 'member' }>();
  // A delegate decides what its delegations give it now (the domain's rule 1 intersection), so it is told too.
  const received = new Map<string, DelegateRow[]>();
  for (const delegation of delegates) {
    const list = received.get(delegation.delegatePersonId);
    if (list) list.push(delegation);
    else received.set(delegation.delegatePersonId, [delegation]);
  }
  for (const [personId, delegations] of received) {
    const memberId = delegations[0]!.delegateMemberId;
    byPerson.set(personId, {
      kind: 'member',
      personId,
      memberId,
      organisationId: target.organisationId,
      holdings: delegatedHoldingsOf(delegations, target.organisationId, memberId, topology, now),
    });
  }
  for (const row of rows) {
    const actor = byPerson.get(row.person_id) ?? {
      kind: 'member' as const,
      personId: row.person_id,
      memberId: row.member_id,
      organisationId: target.organisationId,
      holdings: [],
    };
    (actor.holdings as AdminRoleHolding[]).push(
      ...holdingsAt(
        [
          {
            kind: row.kind,
            organisationId: target.organisationId,
            unitId: row.unit_id,
            groupId: row.group_id,
            validUntil: row.valid_until === null ? null : new Date(row.valid_until),
          },
        ],
        now,
      ),
    );
    byPerson.set(row.person_id, actor);
  }
  return [...byPerson.values()]
    .filter((actor) => actor.personId !== requesterPersonId)
    .filter((actor) => canOnRequest(actor, 'request:decide', target, topology, now))
    .map((actor) => actor.personId)
    .sort();
}

/** Tells the administrators in scope about a new request: in-app notifications and e-mails, in this transaction. */
async function announceSubmission(
  em: EntityManager,
  request: IRequest,
  requester: IPerson,
  now: Date,
  mail: RequestMailContext,
): Promise<LiveEvent[]> {
  const organisationId = request.organisation!;
  const target = (await loadRequestTarget(em, request))!;
  const people = await deciders(em, target, request.requester, now);
  const organisation = await em.findOneOrFail(Organisation, { id: organisationId });
  const summary: RequestSummary = {
    type: request.type,
    requesterName: fullName(requester),
    organisationName: organisation.name,
    service: await serviceLabel(em, request.serviceRole),
    comment: (request.payload?.comment as string | null | undefined) ?? null,
    link: requestLink(mail, request),
  };
  for (const person of people) queueEmail(em, requestSubmittedEmail(person.email, person.firstName, summary));
  const notificationIds = createNotifications(em, {
    personIds: people.map((person) => person.id),
    organisationId,
    kind: 'REQUEST_SUBMITTED',
    requestId: request.id,
  });
  const events: LiveEvent[] = [
    { kind: 'REQUEST_SUBMITTED', organisationId, requestId: request.id, personIds: [request.requester] },
  ];
  if (notificationIds.length > 0)
    events.push({
      kind: 'NOTIFICATION',
      organisationId,
      personIds: people.map((p) => p.id),
      notificationIds,
    });
  return events;
}

// ---------------------------------------------------------------------------------------------------------
// Submitting

export interface AccountCreationInput {
  registryKind: RegistryKind;
  registryNumber: string;
  unitId?: string | null;
  comment?: string | null;
}

/**
 * A signed-in person asks to join an organisation by its registry number (Orange "inscription").
 *
 * It reveals nothing about the organisation: whether or not an active organisation holds the number, the
 * request is stored and shown to the requester the same way (its registry number, no organisation name until
 * a decision), the answer and the errors are the same, and only the number's format is checked. When no
 * organisation matches, the request has no organisation and nobody else ever sees it; the requester may
 * cancel it. A unit that is not the organisation's is dropped silently for the same reason. Probing is
 * bounded: three such requests waiting at once, ten a day. Residual leak: the work of notifying
 * administrators makes a matching submission a few milliseconds slower.
 */
export async function submitAccountCreationRequest(
  em: EntityManager,
  personId: string,
  input: AccountCreationInput,
  now: Date,
  mail: RequestMailContext,
): Promise<RequestChange> {
  if (!isValidRegistryNumber(input.registryKind, input.registryNumber))
    throw new InvalidInputError('registryNumber', 'This is not a valid registry number of that kind.');
  const registryNumber = normaliseRegistryNumber(input.registryKind, input.registryNumber);
  const text = comment(input.comment);

  const mine = await em.find(
    Request,
    { requester: personId, type: 'ACCOUNT_CREATION' },
    { fields: ['state', 'createdAt', 'payload'] },
  );
  const today = mine.filter((request) => request.createdAt.getTime() > now.getTime() - 86_400_000);
  if (today.length >= ACCOUNT_CREATION_PER_DAY) {
    const oldest = Math.min(...today.map((request) => request.createdAt.getTime()));
    throw new RateLimitedError(Math.max(1, Math.ceil((oldest + 86_400_000 - now.getTime()) / 1000)));
  }
  const pending = mine.filter((request) => request.state === 'SUBMITTED');
  if (
    pending.some(
      (request) =>
        request.payload?.registryKind === input.registryKind &&
        request.payload?.registryNumber === registryNumber,
    )
  )
    throw new ConflictError(
      'You already asked to join this organisation: wait for the answer.',
      'registryNumber',
    );
  if (pending.length >= ACCOUNT_CREATION_PENDING_MAX)
    throw new ConflictError(
      `You already have ${ACCOUNT_CREATION_PENDING_MAX} requests to join waiting: wait for an answer or cancel one.`,
      'registryNumber',
    );

  const organisation = await em.findOne(Organisation, {
    registryKind: input.registryKind,
    registryNumber,
    status: { $ne: 'SUSPENDED' },
  });
  if (organisation) {
    const member = await em.findOne(Member, { organisation: organisation.id, person: personId });
    // Only a member learns this, and it knows already.
    if (member && member.status !== 'ARCHIVED')
      throw new ConflictError('You are already a member of this organisation.', 'registryNumber');
  }
  let unitId: string | null = null;
  if (organisation && input.unitId) {
    const unit = await em.findOne(Unit, { id: input.unitId, organisation: organisation.id });
    unitId = unit?.id ?? null;
  }

  const request = em.create(Request, {
    organisation: organisation?.id ?? null,
    type: 'ACCOUNT_CREATION',
    state: 'SUBMITTED',
    requester: personId,
    subjectPerson: personId,
    subjectMember: null,
    unit: unitId,
    serviceRole: null,
    payload: { registryKind: input.registryKind, registryNumber, comment: text },
    createdAt: now,
  });
  submittedStep(em, request, personId, now, text);
  audit(
    em,
    { kind: 'self', personId },
    {
      organisation: organisation?.id ?? null,
      action: 'request.submitted',
      targetType: 'Request',
      targetId: request.id,
      after: {
        type: 'ACCOUNT_CREATION',
        registryKind: input.registryKind,
        registryNumber,
        unitId,
        comment: text,
      },
    },
  );
  const requester = await em.findOneOrFail(Person, { id: personId });
  const events = organisation ? await announceSubmission(em, request, requester, now, mail) : [];
  await em.flush();
  return { request, events };
}

// ---------------------------------------------------------------------------------------------------------
// Deciding

async function lockRequest(em: EntityManager, requestId: string): Promise<IRequest> {
  const request = await em.findOne(Request, { id: requestId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!request) throw new NotFoundError('No request has this id.');
  return request;
}

/**
 * Account creation approved: the requester becomes an active member (in the unit it named), free services only.
 * A former member (archived) comes back the same way: without the admin roles, groups and direct grants it held
 * before, which the approving administrator may not be entitled to give (rule 1); they are listed in the audit.
 */
async function admitRequester(em: EntityManager, actor: Actor, request: IRequest, now: Date): Promise<void> {
  const organisationId = request.organisation!;
  const person = await em.findOneOrFail(Person, { id: request.requester });
  const existing = await em.findOne(Member, { organisation: organisationId, person: person.id });
  if (existing && existing.status !== 'ARCHIVED') {
    // Attached meanwhile by an administrator: the request's purpose is met.
    request.subjectMember = existing.id;
    return;
  }
  const member =
    existing ??
    em.create(Member, {
      organisation: organisationId,
      person: person.id,
      status: 'ACTIVE',
      mobility: null,
      openingDate: now.toISOString().slice(0, 10),
      sortName: memberSortName(person),
    });
  await sealIdentityOnNewMembership(em, person.id, organisationId, now);
  const before = existing ? memberSnapshot(existing) : null;
  let dropped: { adminRoles: number; groupMemberships: number; directGrants: number } | null = null;
  if (existing) {
    existing.status = 'ACTIVE';
    existing.archivedAt = null;
    dropped = {
      adminRoles: await em.nativeDelete(AdminRole, { member: existing.id }),
      groupMemberships: await em.nativeDelete(GroupMembership, { member: existing.id }),
      directGrants: await em.nativeDelete(Grant, { member: existing.id }),
    };
  }
  if (request.unit && !(await em.findOne(MemberUnit, { member: member.id, unit: request.unit })))
    em.create(MemberUnit, { member: member.id, unit: request.unit, organisation: organisationId });
  request.subjectMember = member.id;
  audit(em, actor, {
    organisation: organisationId,
    action: existing ? 'member.restored' : 'member.created',
    targetType: 'Member',
    targetId: member.id,
    before,
    after: {
      ...memberSnapshot(member),
      requestId: request.id,
      unitIds: request.unit ? [request.unit] : [],
      ...(dropped ? { dropped } : {}),
    },
  });
}

/** Service access or role change approved: the direct grant, through the grants service (rule 1 checked there). */
async function grantRequestedRole(
  em: EntityManager,
  actor: Actor,
  request: IRequest,
  now: Date,
): Promise<void> {
  const memberId = request.subjectMember;
  const member = memberId ? await em.findOne(Member, { id: memberId }) : null;
  if (!member || member.status === 'ARCHIVED')
    throw new ConflictError(
      'The member who asked is no longer in the organisation: refuse the request instead.',
    );
  // The grants service checks rule 1 in this transaction, with topologies read through it.
  const acting = new RequestAuthz(actor, now, topologyReader(em));
  const replaces = request.payload?.replacesServiceRoleId as string | undefined;
  if (replaces && (await em.findOne(Grant, { member: member.id, serviceRole: replaces })))
    await revokeMemberGrant(em, acting, member.id, replaces, { requestedByMember: true });
  if (!(await em.findOne(Grant, { member: member.id, serviceRole: request.serviceRole! })))
    await grantToMember(em, acting, member.id, request.serviceRole!, { requestedByMember: true });
}

export interface DecideInput {
  requestId: string;
  decision: RequestDecision;
  comment?: string | null;
}

/**
 * An administrator whose scope covers the request approves or refuses it (never its own). Approving applies
 * the change in the same transaction (member admitted, role granted) and closes the request; refusing needs a
 * comment for the requester. Each step is kept; the requester is notified in the app and by e-mail.
 */
export async function decideRequest(
  em: EntityManager,
  actor: Actor | null,
  input: DecideInput,
  now: Date,
  mail: RequestMailContext,
): Promise<RequestChange> {
  if (!actor) throw new NotAuthorisedError();
  const text = comment(input.comment);
  // One lock order everywhere: the organisation, then its rows; then the decider as it stands now (rules 1, 8).
  const [peek] = await em.execute<{ organisation_id: string | null }[]>(
    'select organisation_id from access_request where id = ?',
    [input.requestId],
  );
  const organisationId = peek?.organisation_id;
  if (!organisationId) throw new NotFoundError('No request has this id.');
  assertReaches(actor, organisationId);
  await lockOrganisation(em, organisationId);
  actor = await currentActor(em, actor, now);
  const request = await lockRequest(em, input.requestId);
  const target = (await loadRequestTarget(em, request))!;
  const topology = await loadTopology(em, organisationId);
  rule(() =>
    assertMayDecide(
      actor,
      { type: request.type, requesterPersonId: request.requester, target },
      topology,
      now,
    ),
  );
  if (input.decision === 'REFUSE' && !text)
    throw new InvalidInputError('comment', 'Say why you refuse: the requester reads your comment.');
  const before = { state: request.state };

  if (input.decision === 'APPROVE') {
    rule(() => recordTransition(em, request, 'APPROVE', actor.personId, now, text));
    if (request.type === 'ACCOUNT_CREATION') await admitRequester(em, actor, request, now);
    else if (request.type === 'SERVICE_ACCESS' || request.type === 'ROLE_CHANGE')
      await grantRequestedRole(em, actor, request, now);
    else throw new RuleError('INVALID_TRANSITION', 'An attachment is decided when the person is attached.');
    recordTransition(em, request, 'CLOSE', actor.personId, now);
    request.decision = 'APPROVED';
  } else {
    rule(() => recordTransition(em, request, 'REFUSE', actor.personId, now, text));
    request.decision = 'REFUSED';
  }
  request.decidedAt = now;
  request.decidedBy = actor.personId;
  request.decisionComment = text;
  request.closedAt = now;
  audit(em, actor, {
    organisation: organisationId,
    action: input.decision === 'APPROVE' ? 'request.approved' : 'request.refused',
    targetType: 'Request',
    targetId: request.id,
    before,
    after: { state: request.state, decision: request.decision, comment: text },
  });

  const requester = await em.findOneOrFail(Person, { id: request.requester });
  const organisation = await em.findOneOrFail(Organisation, { id: organisationId });
  const approved = request.decision === 'APPROVED';
  // An admitted person gets no second message: the decision e-mail says it may act for the organisation.
  queueEmail(
    em,
    requestDecidedEmail(recipientsOf(requester), requester.firstName, {
      type: request.type,
      requesterName: fullName(requester),
      organisationName: organisation.name,
      service: await serviceLabel(em, request.serviceRole),
      comment: null,
      link: requestLink(mail, request),
      approved,
      decisionComment: text,
    }),
  );
  const notificationIds = createNotifications(em, {
    personIds: [requester.id],
    organisationId,
    kind: 'REQUEST_DECIDED',
    requestId: request.id,
  });
  await em.flush();
  return {
    request,
    events: [
      { kind: 'REQUEST_DECIDED', organisationId, requestId: request.id, personIds: [requester.id] },
      { kind: 'NOTIFICATION', organisationId, personIds: [requester.id], notificationIds },
    ],
  };
}

/** The requester withdraws a request still waiting for its decision. */
export async function cancelRequest(
  em: EntityManager,
  personId: string,
  actor: Actor | null,
  input: { requestId: string; comment?: string | null },
  now: Date,
): Promise<RequestChange> {
  const text = comment(input.comment);
  const request = await lockRequest(em, input.requestId);
  if (request.requester !== personId) {
    // Someone else's request exists only for the administrators who reach it (rule 2).
    if (!actor || !request.organisation) throw new NotFoundError('No request has this id.');
    rule(() => assertReaches(actor, request.organisation!));
  }
  rule(() => assertMayCancel(personId, request.requester));
  rule(() => recordTransition(em, request, 'CANCEL', personId, now, text));
  request.closedAt = now;
  audit(
    em,
    { kind: 'self', personId },
    {
      organisation: request.organisation ?? null,
      action: 'request.cancelled',
      targetType: 'Request',
      targetId: request.id,
      before: { state: 'SUBMITTED' },
      after: { state: request.state, comment: text },
    },
  );
  await em.flush();
  return {
    request,
    events: request.organisation
      ? [
          {
            kind: 'REQUEST_CANCELLED',
            organisationId: request.organisation,
            requestId: request.id,
            personIds: [personId],
          },
        ]
      : [],
  };
}

/** The requester has read the decision (Vaud: "Décisions reçues / à lire"); its notifications about it too. */
export async function markRequestRead(
  em: EntityManager,
  personId: string,
  requestId: string,
  now: Date,
): Promise<IRequest> {
  const request = await em.findOne(Request, { id: requestId, requester: personId });
  if (!request) throw new NotFoundError('No request of yours has this id.');
  if (request.decidedAt && !request.readByRequesterAt) request.readByRequesterAt = now;
  await em.nativeUpdate(
    Notification,
    { person: personId, request: request.id, readAt: null },
    { readAt: now },
  );
  await em.flush();
  return request;
}
