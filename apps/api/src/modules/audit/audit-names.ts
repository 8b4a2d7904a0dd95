import type { EntityManager } from '@mikro-orm/postgresql';
import type { IAuditEvent } from './audit-event.entity.js';

/** What an id in an audit event can name. */
export type NamedType =
  | 'Member'
  | 'Person'
  | 'Group'
  | 'Unit'
  | 'Organisation'
  | 'AdminRole'
  | 'Service'
  | 'ServiceRole'
  | 'Invitation'
  | 'Request';

/** The keys of `before`/`after` that hold ids, and what they name (`parentId` names a group in a group's event). */
function refTypeOf(key: string, targetType: string): NamedType | null {
  switch (key) {
    case 'groupId':
    case 'groupIds':
    case 'alsoRevokedFromSubGroups':
      return 'Group';
    case 'unitId':
    case 'unitIds':
      return 'Unit';
    case 'parentId':
      return targetType === 'Group' ? 'Group' : 'Unit';
    case 'memberId':
    case 'memberIds':
    case 'managerId':
    case 'delegatorId':
      return 'Member';
    case 'person':
    case 'personId':
      return 'Person';
    case 'serviceRoleId':
    case 'serviceRoleIds':
    case 'replacesServiceRoleId':
      return 'ServiceRole';
    case 'added':
    case 'removed':
      return targetType === 'Group' ? 'ServiceRole' : null;
    case 'serviceId':
      return 'Service';
    case 'organisationId':
    case 'joinedOrganisationId':
      return 'Organisation';
    default:
      return null;
  }
}

/** Ids of other records that say nothing to a reader (a request, an invitation, an agreement): hidden. */
const HIDDEN_KEYS = new Set(['requestId', 'invitationId', 'agreementId']);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const NAMED_TARGETS = new Set<string>([
  'Member',
  'Person',
  'Group',
  'Unit',
  'Organisation',
  'AdminRole',
  'Service',
  'ServiceRole',
  'Invitation',
  'Request',
]);

/** One field of an event's before/after, ids replaced by names (null: deleted, or not the reader's to know). */
export interface AuditDetail {
  field: string;
  kind: 'NAME' | 'VALUE';
  before: (string | null)[] | null;
  after: (string | null)[] | null;
}

export interface AuditNames {
  targetName: string | null;
  details: AuditDetail[];
}

interface Ref {
  type: NamedType;
  id: string;
}

interface NameRow {
  type: NamedType;
  id: string;
  organisation_id: string | null;
  global: boolean;
  name: string;
}

type Flat = { key: string; value: unknown };

/** The fields of a record, one level of nesting flattened (`filter.unitId`), arrays of objects left out. */
function flatten(record: Record<string, unknown> | null | undefined): Flat[] {
  if (!record) return [];
  const out: Flat[] = [];
  for (const [key, value] of Object.entries(record)) {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [inner, innerValue] of Object.entries(value as Record<string, unknown>))
        if (innerValue === null || typeof innerValue !== 'object' || isScalarArray(innerValue))
          out.push({ key: `${key}.${inner}`, value: innerValue });
    } else if (!Array.isArray(value) || isScalarArray(value)) out.push({ key, value });
  }
  return out;
}

function isScalarArray(value: unknown): value is unknown[] {
  return Array.isArray(value) && value.every((item) => item === null || typeof item !== 'object');
}

const lastKey = (key: string) => key.slice(key.lastIndexOf('.') + 1);

function idsOf(value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value];
  return list.filter((item): item is string => typeof item === 'string' && UUID.test(item));
}

/** The ids an event names: its target and the ids in its before/after. */
function refsOf(event: IAuditEvent): Ref[] {
  const refs: Ref[] = [];
  if (event.targetId && NAMED_TARGETS.has(event.targetType) && UUID.test(event.targetId))
    refs.push({ type: event.targetType as NamedType, id: event.targetId });
  for (const { key, value } of [...flatten(event.before), ...flatten(event.after)]) {
    const type = refTypeOf(lastKey(key), event.targetType);
    if (type) for (const id of idsOf(value)) refs.push({ type, id });
  }
  return refs;
}

const PERSON_NAME = `p.first_name || ' ' || p.last_name`;
const IDS = `any(string_to_array(?, ',')::uuid[])`;

/**
 * Where each named type's name comes from: `type, id, organisation_id, global, name` for the ids bound to `IDS`.
 * Services and their roles are the operator's catalogue (global), the same for every organisation.
 */
const NAME_SOURCES: Record<NamedType, string> = {
  Member: `select 'Member', m.id::text, m.organisation_id::text, false, ${PERSON_NAME}
       from member m join person p on p.id = m.person_id where m.id = ${IDS}`,
  Person: `select 'Person', p.id::text, m.organisation_id::text, false, ${PERSON_NAME}
       from person p join member m on m.person_id = p.id where p.id = ${IDS}`,
  AdminRole: `select 'AdminRole', a.id::text, a.organisation_id::text, false, ${PERSON_NAME}
       from admin_role a join member m on m.id = a.member_id join person p on p.id = m.person_id
      where a.id = ${IDS}`,
  Request: `select 'Request', r.id::text, r.organisation_id::text, false, ${PERSON_NAME}
       from request r join person p on p.id = r.requester_id where r.id = ${IDS}`,
  Group: `select 'Group', g.id::text, g.organisation_id::text, false, g.name from member_group g where g.id = ${IDS}`,
  Unit: `select 'Unit', u.id::text, u.organisation_id::text, false, u.name from unit u where u.id = ${IDS}`,
  Organisation: `select 'Organisation', o.id::text, o.id::text, false, o.name from organisation o where o.id = ${IDS}`,
  Invitation: `select 'Invitation', i.id::text, i.organisation_id::text, false, i.email from invitation i
      where i.id = ${IDS}`,
  Service: `select 'Service', s.id::text, null, true, s.name from service s where s.id = ${IDS}`,
  ServiceRole: `select 'ServiceRole', r.id::text, null, true, s.name || ' · ' || r.name
       from service_role r join service s on s.id = r.service_id where r.id = ${IDS}`,
};

/**
 * The names of every id of a page of events, in ONE statement (a union per type of what was named). Each row
 * carries the organisation it belongs to, so that an event shows only names of its own organisation (rule 2).
 */
async function loadNames(em: EntityManager, refs: Ref[]): Promise<NameRow[]> {
  const byType = new Map<NamedType, Set<string>>();
  for (const ref of refs) {
    const set = byType.get(ref.type) ?? new Set<string>();
    set.add(ref.id.toLowerCase());
    byType.set(ref.type, set);
  }
  if (byType.size === 0) return [];
  const types = [...byType.keys()];
  return em.execute<NameRow[]>(
    types
      .map((type) => `select * from (${NAME_SOURCES[type]}) as n(type, id, organisation_id, global, name)`)
      .join('\nunion all\n'),
    types.map((type) => [...byType.get(type)!].join(',')),
  );
}

/** A name lookup for one event: rows of its organisation only (an organisation-less event is the operator's). */
function lookupFor(event: IAuditEvent, rows: Map<string, NameRow[]>) {
  return (type: NamedType, id: string): string | null => {
    const candidates = rows.get(`${type}:${id.toLowerCase()}`) ?? [];
    const row = candidates.find(
      (c) => c.global || event.organisation == null || c.organisation_id === event.organisation,
    );
    return row?.name ?? null;
  };
}

function scalarText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

function snapshotName(data: Record<string, unknown>): string | null {
  if (typeof data.name === 'string') return data.name;
  if (typeof data.firstName === 'string' && typeof data.lastName === 'string')
    return `${data.firstName} ${data.lastName}`;
  return null;
}

function namesOf(event: IAuditEvent, name: (type: NamedType, id: string) => string | null): AuditNames {
  const data = { ...(event.before ?? {}), ...(event.after ?? {}) };
  const fields = new Map<string, AuditDetail>();
  const side = (record: Record<string, unknown> | null | undefined, which: 'before' | 'after') => {
    for (const { key, value } of flatten(record)) {
      if (HIDDEN_KEYS.has(lastKey(key))) continue;
      // A member's person is the member itself, already named by the sentence.
      if (key === 'person' && event.targetType === 'Member') continue;
      const type = refTypeOf(lastKey(key), event.targetType);
      const detail = fields.get(key) ?? {
        field: key,
        kind: type ? 'NAME' : 'VALUE',
        before: null,
        after: null,
      };
      detail[which] = type
        ? value === null
          ? []
          : (Array.isArray(value) ? value : [value]).map((id) =>
              typeof id === 'string' ? name(type, id) : null,
            )
        : Array.isArray(value)
          ? value.map(scalarText)
          : [scalarText(value)];
      fields.set(key, detail);
    }
  };
  side(event.before, 'before');
  side(event.after, 'after');

  let targetName: string | null = null;
  const id = event.targetId;
  if (id && NAMED_TARGETS.has(event.targetType)) targetName = name(event.targetType as NamedType, id);
  if (!targetName && event.targetType === 'AgreementItem' && typeof data.serviceRoleId === 'string')
    targetName = name('ServiceRole', data.serviceRoleId);
  if (
    !targetName &&
    (event.targetType === 'AdminRole' || event.targetType === 'Delegation') &&
    typeof data.memberId === 'string'
  )
    targetName = name('Member', data.memberId);
  if (!targetName && event.targetType === 'Agreement' && typeof data.reference === 'string')
    targetName = data.reference;
  if (!targetName && event.targetType === 'Job' && typeof data.queue === 'string') targetName = data.queue;
  // A deleted target: the name the event kept, if any.
  targetName ??= snapshotName(data);
  return { targetName, details: [...fields.values()] };
}

/** Names for a page of events: one statement whatever the page's size. */
export async function auditNamesOf(em: EntityManager, events: readonly IAuditEvent[]): Promise<AuditNames[]> {
  const rows = await loadNames(em, events.flatMap(refsOf));
  const map = new Map<string, NameRow[]>();
  for (const row of rows) {
    const key = `${row.type}:${row.id}`;
    const list = map.get(key);
    if (list) list.push(row);
    else map.set(key, [row]);
  }
  return events.map((event) => namesOf(event, lookupFor(event, map)));
}
