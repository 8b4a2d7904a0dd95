import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { type Actor, agreementAllows, hasServiceRole, type RequestType } from '@tessera/domain';
import { insertAll } from '../../db/insert-all.js';
import { ConflictError, InvalidInputError, NotAuthorisedError, RuleError } from '../../errors.js';
import type { LiveEvent } from '../../lib/live-event.js';
import {
  type AccessInputs,
  accessInputsSql,
  accessOfInputs,
  agreementsOfInputs,
} from '../access/access.service.js';
import { auditValues } from '../audit/audit.service.js';
import { type DelegateRow, organisationDelegatesJson } from '../authz/delegated.js';
import { TOPOLOGY_SQL, topologyOfRow } from '../authz/topology.js';
import { emailRow, noteQueuedEmails } from '../outbox/outbox.service.js';
import type { IRequest } from './request.entity.js';
import {
  type AdminRow,
  comment,
  deciderIds,
  fullName,
  type RequestChange,
  type RequestMailContext,
  requestLink,
} from './request.service.js';
import { requestSubmittedEmail } from './request-mails.js';
import { requestTarget } from './request-target.js';

export interface ServiceRequestInput {
  serviceRoleId: string;
  /** ROLE_CHANGE: the role held directly that the new one replaces */
  replacesServiceRoleId?: string | null;
  comment?: string | null;
}

interface SubmissionRow {
  member: { id: string; status: string; organisation_id: string; person_id: string } | null;
  requester: { first_name: string; last_name: string } | null;
  organisation_name: string | null;
  role: { id: string; name: string; service_id: string; service_name: string; access_level: string } | null;
  replaces: { id: string; service_id: string; held: boolean } | null;
  pending: number;
  unit_ids: string[];
  group_ids: string[];
  admins: (AdminRow & { email: string; first_name: string })[];
  delegates: DelegateRow[];
  topology: Parameters<typeof topologyOfRow>[0];
  access: AccessInputs;
}

/**
 * Everything submitting a service request reads, in ONE statement (one round trip, one snapshot): the acting
 * member, its person's name, its organisation's name, the role asked for with its service, the role it would
 * replace and whether the member holds it directly, the requests already waiting for that role, the member's
 * units and groups (the request's scope), the organisation's admin roles of active members with their people,
 * its topology, and the inputs of the member's effective access (with the agreement).
 */
const SUBMISSION_SQL = `with m as (
  select m.id, m.status, m.organisation_id, m.person_id from member m where m.id = ?::uuid
)
select
  (select row_to_json(m) from m) as member,
  (select json_build_object('first_name', p.first_name, 'last_name', p.last_name)
     from person p join m on m.person_id = p.id) as requester,
  (select o.name from organisation o join m on m.organisation_id = o.id) as organisation_name,
  (select json_build_object('id', r.id, 'name', r.name, 'service_id', s.id, 'service_name', s.name,
                            'access_level', s.access_level)
     from service_role r join service s on s.id = r.service_id where r.id = ?::uuid) as role,
  (select json_build_object('id', r.id, 'service_id', r.service_id, 'held',
            exists (select 1 from service_grant g join m on g.member_id = m.id where g.service_role_id = r.id))
     from service_role r where r.id = ?::uuid) as replaces,
  (select count(*)::int from access_request q join m on q.subject_member_id = m.id
    where q.service_role_id = ?::uuid and q.type in ('SERVICE_ACCESS', 'ROLE_CHANGE') and q.state = 'SUBMITTED')
    as pending,
  coalesce((select json_agg(mu.unit_id) from member_unit mu join m on mu.member_id = m.id), '[]'::json) as unit_ids,
  coalesce((select json_agg(gm.group_id) from group_membership gm join m on gm.member_id = m.id), '[]'::json)
    as group_ids,
  coalesce((select json_agg(json_build_object('person_id', am.person_id, 'member_id', ar.member_id,
                                              'kind', ar.kind, 'unit_id', ar.unit_id, 'group_id', ar.group_id,
                                              'valid_until', ar.valid_until, 'email', ap.email,
                                              'first_name', ap.first_name))
              from admin_role ar join member am on am.id = ar.member_id join person ap on ap.id = am.person_id
             where ar.organisation_id = (select organisation_id from m) and am.status = 'ACTIVE'), '[]'::json)
    as admins,
  ${organisationDelegatesJson('(select organisation_id from m)')} as delegates,
  (select row_to_json(t) from (${TOPOLOGY_SQL.replaceAll('?', '(select organisation_id from m)')}) t) as topology,
  (select row_to_json(i) from (${accessInputsSql(true)}) i) as access`;

/**
 * Rule 8: submissions of one member queue on its row, so that the read that follows (its own statement, whose
 * snapshot starts after the wait) sees a request another submission committed meanwhile. The organisation row
 * is taken first, in KEY SHARE (what the request's foreign key takes anyway): the order every writer follows
 * (organisation, then rows), so a writer holding the organisation lock and changing this member cannot
 * deadlock with it; submissions of other members do not wait for each other.
 */
async function lockSubmitter(em: EntityManager, organisationId: string, memberId: string): Promise<void> {
  // The organisation's status as it stands once the lock is granted: a suspension committed while this
  // submission waited refuses it (the acting context was read before).
  const [row] = await em.execute<{ status: string }[]>(
    `with o as (select id, status from organisation where id = ? for key share)
     select (select status from o) as status from member m
      where m.id = ? and m.organisation_id in (select id from o) for no key update of m`,
    [organisationId, memberId],
  );
  if (row?.status === 'SUSPENDED')
    throw new NotAuthorisedError('This organisation is suspended by the operator.');
}

const refused = () => new NotAuthorisedError('Act for your organisation to ask for a service.');

/**
 * A member asks for a protected service role of its organisation's agreement (Orange "Filtre Service"), or
 * (with replacesServiceRoleId) to swap a role it holds directly for another role of the same service. The
 * role must be in force in the agreement and not held already; one such request per role waits at a time.
 * Locks the member's row, reads in one statement, decides with the domain rules (agreement, effective access,
 * who may decide), and writes the request, its first step, its audit event, the deciders' notifications and
 * e-mails in one more.
 */
export async function submitServiceRequest(
  em: EntityManager,
  actor: Actor | null,
  input: ServiceRequestInput,
  now: Date,
  mail: RequestMailContext,
): Promise<RequestChange> {
  if (actor?.kind !== 'member') throw refused();
  await lockSubmitter(em, actor.organisationId, actor.memberId);
  const [row] = await em.execute<SubmissionRow[]>(SUBMISSION_SQL, [
    actor.memberId,
    input.serviceRoleId,
    input.replacesServiceRoleId ?? null,
    input.serviceRoleId,
    now.toISOString(),
    [actor.memberId],
  ]);
  const { member, role } = row!;
  if (!member) throw refused();
  if (member.status !== 'ACTIVE')
    throw new ConflictError('Your membership is blocked or archived: you cannot ask for a service now.');
  const organisationId = member.organisation_id;
  const text = comment(input.comment);
  if (!role) throw new InvalidInputError('serviceRoleId', 'No service role has this id.');
  if (role.access_level === 'FREE')
    throw new InvalidInputError(
      'serviceRoleId',
      'This service is open to every member: there is nothing to request.',
    );
  const agreement = agreementsOfInputs(row!.access).get(organisationId) ?? [];
  if (!agreementAllows(agreement, role.id, now))
    throw new RuleError(
      'OUTSIDE_AGREEMENT',
      'Your organisation’s agreement does not include this service role.',
      'serviceRoleId',
    );
  const access = accessOfInputs(row!.access, now).get(member.id)?.access;
  if (access && hasServiceRole(access, role.id))
    throw new ConflictError('You already have this service role.', 'serviceRoleId');
  const replaces = input.replacesServiceRoleId ? row!.replaces : null;
  if (input.replacesServiceRoleId) {
    if (!replaces?.held)
      throw new InvalidInputError('replacesServiceRoleId', 'You do not hold this service role directly.');
    if (replaces.service_id !== role.service_id)
      throw new InvalidInputError('replacesServiceRoleId', 'A role change stays within one service.');
  }
  if (row!.pending > 0)
    throw new ConflictError('A request for this service role already waits for a decision.', 'serviceRoleId');

  const type: RequestType = replaces ? 'ROLE_CHANGE' : 'SERVICE_ACCESS';
  const request: IRequest = {
    id: randomUUID(),
    createdAt: now,
    organisation: organisationId,
    type,
    state: 'SUBMITTED',
    requester: member.person_id,
    subjectPerson: member.person_id,
    subjectMember: member.id,
    unit: null,
    serviceRole: role.id,
    payload: { comment: text, ...(replaces ? { replacesServiceRoleId: replaces.id } : {}) },
    decision: null,
    decidedAt: null,
    decidedBy: null,
    decisionComment: null,
    closedAt: null,
    readByRequesterAt: null,
  };

  // Who is told: the administrators in scope, by the same rule as the decision (deciders in request.service.ts).
  const target = requestTarget(request, row!.unit_ids, row!.group_ids)!;
  const topology = topologyOfRow(row!.topology).topology;
  const ids = new Set(deciderIds(row!.admins, target, member.person_id, topology, now, row!.delegates));
  const delegates = row!.delegates.map((d) => ({
    person_id: d.delegatePersonId,
    email: d.email,
    first_name: d.firstName,
  }));
  const people = [
    ...new Map([...row!.admins, ...delegates].map((admin) => [admin.person_id, admin])).values(),
  ]
    .filter((admin) => ids.has(admin.person_id))
    .sort((a, b) => (a.person_id < b.person_id ? -1 : 1));
  const summary = {
    type,
    requesterName: fullName({ firstName: row!.requester!.first_name, lastName: row!.requester!.last_name }),
    organisationName: row!.organisation_name!,
    service: `${role.service_name} — ${role.name}`,
    comment: text,
    link: requestLink(mail, request),
  };
  const notifications = people.map((person) => ({
    id: randomUUID(),
    createdAt: new Date(),
    person: person.person_id,
    organisation: organisationId,
    kind: 'REQUEST_SUBMITTED' as const,
    request: request.id,
    readAt: null,
  }));
  const [, , , , outbox] = await insertAll(em, [
    { entity: 'Request', rows: [request as unknown as Record<string, unknown>] },
    {
      entity: 'RequestStep',
      rows: [
        {
          request: request.id,
          at: now,
          actor: member.person_id,
          fromState: null,
          toState: 'SUBMITTED',
          comment: text,
        },
      ],
    },
    {
      entity: 'AuditEvent',
      rows: [
        {
          at: new Date(),
          ...auditValues(actor, {
            organisation: organisationId,
            action: 'request.submitted',
            targetType: 'Request',
            targetId: request.id,
            after: {
              type,
              serviceRoleId: role.id,
              replacesServiceRoleId: replaces?.id ?? null,
              comment: text,
            },
          }),
        },
      ],
    },
    { entity: 'Notification', rows: notifications },
    {
      entity: 'OutboxMessage',
      rows: people.map((person) => emailRow(requestSubmittedEmail(person.email, person.first_name, summary))),
      returning: 'id',
    },
  ]);
  noteQueuedEmails(em, outbox!);

  const events: LiveEvent[] = [
    { kind: 'REQUEST_SUBMITTED', organisationId, requestId: request.id, personIds: [member.person_id] },
  ];
  if (notifications.length > 0)
    events.push({
      kind: 'NOTIFICATION',
      organisationId,
      personIds: people.map((person) => person.person_id),
      notificationIds: notifications.map((notification) => notification.id),
    });
  return { request, events };
}
