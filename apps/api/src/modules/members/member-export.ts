import type { EntityManager } from '@mikro-orm/postgresql';
import type { EffectiveAccess, MemberStatus, Reach } from '@tessera/domain';
import { hasService } from '@tessera/domain';
import type pg from 'pg';
import QueryStream from 'pg-query-stream';
import { NotFoundError } from '../../errors.js';
import { effectiveAccessOfRow, loadOrganisationAccessInputs } from '../access/access.service.js';
import { audit } from '../audit/audit.service.js';
import type { Authz } from '../authz/authz.js';
import { type CsvSeparator, csvLine } from './csv.js';
import {
  type MemberFilter,
  memberReach,
  membersQuery,
  unitSubtreeOf,
  validateFilter,
} from './member-list.js';

/** Rows per cursor fetch and per written chunk: memory stays bounded by one batch whatever the organisation's size. */
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

/** One exported member as the cursor reads it: the member's cells and the inputs of its effective access. */
interface ExportRow {
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

/**
 * The export's one statement: the filtered members within reach (the list's own query, so the same rule 1/2
 * scoping) with their person, unit names, groups (id, name, blocked) and direct grants, in (sort name, id)
 * order. Plain rows for a cursor: no entity is built.
 */
function exportQuery(
  em: EntityManager,
  organisationId: string,
  reach: Reach,
  filter: MemberFilter,
  subtree: readonly string[] | null,
): string {
  const inner = membersQuery(em, organisationId, reach, filter, subtree).getKnexQuery().toSQL();
  const sql = `select m.status, m.mobility, m.opening_date::text as opening_date,
                 p.last_name, p.first_name, p.email,
                 array(select u.name from member_unit mu join unit u on u.id = mu.unit_id
                        where mu.member_id = m.id order by u.name) as units,
                 coalesce((select json_agg(json_build_array(g.id, g.name, gm.blocked) order by g.name)
                             from group_membership gm join member_group g on g.id = gm.group_id
                            where gm.member_id = m.id), '[]'::json) as groups,
                 array(select sg.service_role_id::text from service_grant sg where sg.member_id = m.id) as direct_role_ids
            from (${inner.sql}) m join person p on p.id = m.person_id
           order by m.sort_name, m.id`;
  // Bound the way MikroORM binds every statement it runs: its platform escapes each value and spreads an array
  // binding into a list (`array[?]` becomes `array['…', '…']`).
  return em.getPlatform().formatQuery(sql, inner.bindings as unknown[]);
}

/**
 * Streams an organisation's members with the services each holds (Orange: "exporter la liste des utilisateurs et
 * leurs services détenus"), within the caller's reach, as CSV. What every row shares (the organisation's
 * status, catalogue, agreement, its groups' grants, the names) is read first; then one statement streams the
 * rows from a server-side cursor (pg-query-stream, `EXPORT_BATCH` rows per fetch, no ORM entity), each row
 * carrying its member's own access inputs, which the domain's effectiveAccess turns into the services cell
 * (rule 3). The next rows are fetched only once `write` resolved (the consumer is ready), so memory stays
 * flat whatever the number of rows. The cursor holds one pooled connection for the export's duration.
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
  const rowFilter = service ? { ...filter, status: 'ACTIVE' as const } : filter;
  const query = exportQuery(em, organisationId, reach, rowFilter, subtree);

  await write(`\uFEFF${csvLine(HEADERS[language], separator)}`);
  const knex = em.getConnection().getKnex();
  const connection: pg.PoolClient = await knex.client.acquireConnection();
  let total = 0;
  try {
    const rows = connection.query(new QueryStream(query, [], { batchSize: EXPORT_BATCH }));
    let chunk = '';
    let inChunk = 0;
    // Async iteration pulls: the stream reads the next batch only when this loop asks for rows, and leaving the
    // loop (an error, the client gone) destroys the stream, which closes the cursor.
    for await (const row of rows as AsyncIterable<ExportRow>) {
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
      if (++inChunk === EXPORT_BATCH) {
        await write(chunk);
        chunk = '';
        inChunk = 0;
      }
    }
    if (chunk) await write(chunk);
  } finally {
    await knex.client.releaseConnection(connection);
  }
  return total;
}
