import type { EntityManager } from '@mikro-orm/postgresql';
import type { EffectiveAccess, MemberStatus } from '@tessera/domain';
import { hasService } from '@tessera/domain';
import { effectiveAccessForMembers, loadCatalogue } from '../access/access.service.js';
import { audit } from '../audit/audit.service.js';
import type { Authz } from '../authz/authz.js';
import { Person } from '../people/person.entity.js';
import { type CsvSeparator, csvLine } from './csv.js';
import {
  fetchMembers,
  type MemberFilter,
  memberReach,
  membersQuery,
  unitSubtreeOf,
  validateFilter,
} from './member-list.js';

/** Rows per batch: memory stays bounded by one batch whatever the organisation's size. */
export const EXPORT_BATCH = 1000;

/** French spreadsheets split on semicolons, English ones on commas; both read the BOM as UTF-8. */
const SEPARATORS: Record<ExportLanguage, CsvSeparator> = { fr: ';', en: ',' };

const HEADERS = {
  fr: [
    'Nom',
    'Prénom',
    'E-mail',
    'Statut',
    'Mobilité',
    'Date d’ouverture',
    'Unités',
    'Groupes',
    'Services détenus',
  ],
  en: [
    'Last name',
    'First name',
    'E-mail',
    'Status',
    'Mobility',
    'Opening date',
    'Units',
    'Groups',
    'Services held',
  ],
} as const;
const WORDS = {
  fr: {
    ACTIVE: 'Actif',
    BLOCKED: 'Bloqué',
    ARCHIVED: 'Archivé',
    MOBILE: 'Mobile',
    DESK: 'Sédentaire',
    blocked: 'bloqué',
  },
  en: {
    ACTIVE: 'Active',
    BLOCKED: 'Blocked',
    ARCHIVED: 'Archived',
    MOBILE: 'Mobile',
    DESK: 'Desk-based',
    blocked: 'blocked',
  },
} as const;

export type ExportLanguage = keyof typeof HEADERS;

/** Checks the export may run and records it (in its own transaction, before any row leaves). */
export async function startMembersExport(
  em: EntityManager,
  authz: Authz,
  organisationId: string,
  filter: MemberFilter,
): Promise<{ count: number | null }> {
  validateFilter(filter);
  const reach = await memberReach(authz, organisationId, 'member:export');
  await em.fork().transactional(async (tx) => {
    audit(tx, authz.actor, {
      organisation: organisationId,
      action: 'member.exported',
      targetType: 'Organisation',
      targetId: organisationId,
      after: { filter: { ...filter } },
    });
  });
  if (filter.serviceId) return { count: null };
  const subtree = filter.unitId ? await unitSubtreeOf(authz, organisationId, filter.unitId) : null;
  return { count: await membersQuery(em, organisationId, reach, filter, subtree).getCount() };
}

function servicesCell(
  access: EffectiveAccess | undefined,
  names: { services: Map<string, string>; roles: Map<string, string> },
): string {
  if (!access) return '';
  return access.services
    .map((service) => {
      const roles = service.roles.map((role) => names.roles.get(role.serviceRoleId) ?? role.serviceRoleId);
      const name = names.services.get(service.serviceId) ?? service.serviceId;
      return roles.length > 0 ? `${name}: ${roles.join(', ')}` : name;
    })
    .sort((a, b) => a.localeCompare(b))
    .join(' | ');
}

/**
 * Streams an organisation's members with the services each holds (Orange: "exporter la liste des utilisateurs et
 * leurs services détenus"), within the caller's reach, as CSV in keyset batches: per batch one query for the
 * members, one for their people, one each for units and groups, and the batched effective access (rule 3).
 * `write` resolves when the consumer is ready for more, which keeps memory bounded.
 */
export async function streamMembersCsv(
  em: EntityManager,
  authz: Authz,
  organisationId: string,
  filter: MemberFilter,
  language: ExportLanguage,
  write: (chunk: string) => Promise<void>,
): Promise<number> {
  const reach = await memberReach(authz, organisationId, 'member:export');
  const subtree = filter.unitId ? await unitSubtreeOf(authz, organisationId, filter.unitId) : null;
  const words = WORDS[language];
  const separator = SEPARATORS[language];
  const catalogue = await loadCatalogue(em);
  const serviceRows = await em.execute<{ id: string; name: string }[]>('select id, name from service');
  const roleRows = await em.execute<{ id: string; name: string }[]>('select id, name from service_role');
  const names = {
    services: new Map(serviceRows.map((row) => [String(row.id), row.name])),
    roles: new Map(roleRows.map((row) => [String(row.id), row.name])),
  };
  const service = filter.serviceId ? catalogue.find((entry) => entry.serviceId === filter.serviceId) : null;
  const rowFilter = service ? { ...filter, status: 'ACTIVE' as const } : filter;

  await write(`\uFEFF${csvLine(HEADERS[language], separator)}`);
  let after: [string, string] | null = null;
  let total = 0;
  for (;;) {
    const members = await fetchMembers(em, organisationId, reach, rowFilter, after, EXPORT_BATCH, subtree);
    if (members.length === 0) break;
    const ids = members.map((member) => member.id);
    const [people, units, groups, access] = await Promise.all([
      em.find(Person, { id: { $in: members.map((member) => member.person) } }),
      em.execute<{ member_id: string; name: string }[]>(
        'select mu.member_id, u.name from member_unit mu join unit u on u.id = mu.unit_id where mu.member_id = any(array[?]::uuid[]) order by u.name',
        [ids],
      ),
      em.execute<{ member_id: string; name: string; blocked: boolean }[]>(
        'select gm.member_id, g.name, gm.blocked from group_membership gm join member_group g on g.id = gm.group_id where gm.member_id = any(array[?]::uuid[]) order by g.name',
        [ids],
      ),
      effectiveAccessForMembers(em, organisationId, ids, authz.now),
    ]);
    const personOf = new Map(people.map((person) => [person.id, person]));
    const unitsOf = new Map<string, string[]>();
    for (const row of units)
      unitsOf.set(String(row.member_id), [...(unitsOf.get(String(row.member_id)) ?? []), row.name]);
    const groupsOf = new Map<string, string[]>();
    for (const row of groups) {
      const label = row.blocked ? `${row.name} (${words.blocked})` : row.name;
      groupsOf.set(String(row.member_id), [...(groupsOf.get(String(row.member_id)) ?? []), label]);
    }
    let chunk = '';
    for (const member of members) {
      const memberAccess = access.get(member.id);
      if (service && !(memberAccess && hasService(memberAccess, service.serviceId))) continue;
      const person = personOf.get(member.person);
      chunk += csvLine(
        [
          person?.lastName,
          person?.firstName,
          person?.email,
          words[member.status as MemberStatus],
          member.mobility ? words[member.mobility] : '',
          member.openingDate,
          (unitsOf.get(member.id) ?? []).join(' | '),
          (groupsOf.get(member.id) ?? []).join(' | '),
          servicesCell(memberAccess, names),
        ],
        separator,
      );
      total++;
    }
    const last = members.at(-1)!;
    after = [last.sortName, last.id];
    // Forget this batch's entities before the next one: the identity map would otherwise grow with the export.
    em.clear();
    if (chunk) await write(chunk);
    if (members.length < EXPORT_BATCH) break;
  }
  return total;
}
