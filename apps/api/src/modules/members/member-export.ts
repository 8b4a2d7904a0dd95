import type { EntityManager } from '@mikro-orm/postgresql';
import type { EffectiveAccess, MemberStatus, Reach } from '@tessera/domain';
import { hasService } from '@tessera/domain';
import { InvalidInputError, NotFoundError } from '../../errors.js';
import type { KeyValue } from '../../lib/keyset.js';
import {
  effectiveAccessOfRow,
  loadCatalogue,
  loadOrganisationAccessInputs,
} from '../access/access.service.js';
import { audit } from '../audit/audit.service.js';
import type { Authz } from '../authz/authz.js';
import { type CsvSeparator, csvLine } from './csv.js';
import {
  type MemberFilter,
  type MemberSort,
  memberOrderSql,
  memberReach,
  membersPageQuery,
  membersQuery,
  unitSubtreeOf,
  validateFilter,
} from './member-list.js';

/** Rows per batch statement and per written chunk: memory stays bounded by one batch whatever the organisation's size. */
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
  sort: MemberSort,
): Promise<{ count: number | null }> {
  validateFilter(filter);
  const reach = await memberReach(authz, organisationId, 'member:export');
  const subtree = filter.unitId ? await unitSubtreeOf(authz, organisationId, filter.unitId) : null;
  if (filter.serviceId && !(await loadCatalogue(em)).some((entry) => entry.serviceId === filter.serviceId))
    throw new InvalidInputError('serviceId', 'No service has this id.');
  await em.fork().transactional(async (tx) => {
    audit(tx, authz.actor, {
      organisation: organisationId,
      action: 'member.exported',
      targetType: 'Organisation',
      targetId: organisationId,
      after: { filter: { ...filter }, sort },
    });
  });
  if (filter.serviceId) return { count: null };
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

/** One exported member as a batch reads it: the member's cells, its keyset columns and its access inputs. */
interface ExportRow {
  id: string;
  sort_name: string;
  last_sign_in_at: Date | null;
  status: MemberStatus;
  mobility: 'MOBILE' | 'DESK' | null;
  opening_date: string;
  last_name: string | null;
  first_name: string | null;
  email: string | null;
  units: string[];
  groups: [string, string, boolean][];
  direct_role_ids: string[];
}

/** The keyset of a row in `sort` order, as memberKey gives it for an entity. */
function rowKey(sort: MemberSort, row: ExportRow): KeyValue[] {
  if (sort === 'NAME') return [row.sort_name, row.id];
  return [sort, row.last_sign_in_at ? new Date(row.last_sign_in_at).toISOString() : null, row.id];
}

/**
 * The list's conditions write `array[?]` for a list of ids, which MikroORM's own binding spreads into its items:
 * the same here, one parameter per item (`array[?, ?]`), so every value stays a bound parameter.
 */
function spreadArrays(sql: string, bindings: readonly unknown[]): [string, unknown[]] {
  const values: unknown[] = [];
  let index = 0;
  const text = sql.replace(/\?/g, () => {
    const value = bindings[index++];
    if (!Array.isArray(value)) {
      values.push(value);
      return '?';
    }
    values.push(...value);
    return value.map(() => '?').join(', ');
  });
  if (index !== bindings.length) throw new Error('export query: placeholders and bindings differ');
  return [text, values];
}

/**
 * One batch of the export, one statement: the next `limit` filtered members within reach after `after` (the
 * list's own keyset page query, so the same rule 1/2 scoping and order) with their person, unit names, groups
 * (id, name, blocked) and direct grants. Plain rows, no entity; every value a bound parameter.
 */
async function exportBatch(
  em: EntityManager,
  organisationId: string,
  reach: Reach,
  filter: MemberFilter,
  subtree: readonly string[] | null,
  sort: MemberSort,
  after: KeyValue[] | null,
  limit: number,
): Promise<ExportRow[]> {
  const inner = membersPageQuery(em, organisationId, reach, filter, after, limit, subtree, null, sort)
    .getKnexQuery()
    .toSQL();
  const sql = `select m.id, m.sort_name, m.last_sign_in_at, m.status, m.mobility, m.opening_date::text as opening_date,
                 p.last_name, p.first_name, p.email,
                 array(select u.name from member_unit mu join unit u on u.id = mu.unit_id
                        where mu.member_id = m.id order by u.name) as units,
                 coalesce((select json_agg(json_build_array(g.id, g.name, gm.blocked) order by g.name)
                             from group_membership gm join member_group g on g.id = gm.group_id
                            where gm.member_id = m.id), '[]'::json) as groups,
                 array(select sg.service_role_id::text from service_grant sg where sg.member_id = m.id) as direct_role_ids
            from (${inner.sql}) m join person p on p.id = m.person_id
           order by ${memberOrderSql(sort)}`;
  // knex binds the values as the statement's parameters ($1, $2…); it takes a pooled connection for this one
  // statement and gives it back as soon as the rows are read.
  const [text, bindings] = spreadArrays(sql, inner.bindings as readonly unknown[]);
  const result = await em
    .getConnection()
    .getKnex()
    .raw<{ rows: ExportRow[] }>(text, bindings as never);
  return result.rows;
}

/**
 * Streams an organisation's members with the services each holds (Orange: "exporter la liste des utilisateurs et
 * leurs services détenus"), within the caller's reach, as CSV. What every row shares (the organisation's
 * status, catalogue, agreement, its groups' grants, the names) is read first; then the rows come in keyset
 * batches of `EXPORT_BATCH`, one statement each, each row carrying its member's own access inputs, which the
 * domain's effectiveAccess turns into the services cell (rule 3). No connection or snapshot is held between
 * batches: the next batch is read only once `write` resolved (the consumer took the previous one), so memory
 * stays flat whatever the number of rows and a slow reader holds nothing of the pool. A rejected `write` (the
 * client gone, a drain too slow) stops the reading.
 */
export async function streamMembersCsv(
  em: EntityManager,
  authz: Authz,
  organisationId: string,
  filter: MemberFilter,
  sort: MemberSort,
  language: ExportLanguage,
  write: (chunk: string) => Promise<void>,
  batchSize = EXPORT_BATCH,
): Promise<number> {
  const reach = await memberReach(authz, organisationId, 'member:export');
  const subtree = filter.unitId ? await unitSubtreeOf(authz, organisationId, filter.unitId) : null;
  const words = WORDS[language];
  const separator = SEPARATORS[language];
  const inputs = await loadOrganisationAccessInputs(em, organisationId);
  if (!inputs) throw new NotFoundError();
  const serviceRows = await em.execute<{ id: string; name: string }[]>('select id, name from service');
  const roleRows = await em.execute<{ id: string; name: string }[]>('select id, name from service_role');
  const names = {
    services: new Map(serviceRows.map((row) => [String(row.id), row.name])),
    roles: new Map(roleRows.map((row) => [String(row.id), row.name])),
  };
  const service = filter.serviceId
    ? inputs.catalogue.find((entry) => entry.serviceId === filter.serviceId)
    : null;
  if (filter.serviceId && !service) throw new InvalidInputError('serviceId', 'No service has this id.');
  const rowFilter = service ? { ...filter, status: 'ACTIVE' as const } : filter;

  await write(`\uFEFF${csvLine(HEADERS[language], separator)}`);
  // Like the list: only active members may use a service.
  if (service && filter.status && filter.status !== 'ACTIVE') return 0;
  let total = 0;
  let after: KeyValue[] | null = null;
  for (;;) {
    const rows = await exportBatch(em, organisationId, reach, rowFilter, subtree, sort, after, batchSize);
    let chunk = '';
    for (const row of rows) {
      const access = effectiveAccessOfRow(
        inputs,
        {
          status: row.status,
          memberships: row.groups.map(([groupId, , blocked]) => ({ groupId: String(groupId), blocked })),
          directRoleIds: row.direct_role_ids,
        },
        authz.now,
      );
      if (service && !hasService(access, service.serviceId)) continue;
      chunk += csvLine(
        [
          row.last_name,
          row.first_name,
          row.email,
          words[row.status],
          row.mobility ? words[row.mobility] : '',
          row.opening_date,
          row.units.join(' | '),
          row.groups.map(([, name, blocked]) => (blocked ? `${name} (${words.blocked})` : name)).join(' | '),
          servicesCell(access, names),
        ],
        separator,
      );
      total++;
    }
    // Backpressure: the next statement runs only once this chunk is taken.
    if (chunk) await write(chunk);
    if (rows.length < batchSize) return total;
    after = rowKey(sort, rows.at(-1)!);
  }
}
