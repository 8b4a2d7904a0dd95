import type { EntityManager } from '@mikro-orm/postgresql';
import type DataLoader from 'dataloader';
import { agreementItemOf } from '../modules/access/access.service.js';
import { AdminRole, type IAdminRole } from '../modules/admins/admin-role.entity.js';
import { activePrincipalRoleIds } from '../modules/admins/admin-role.service.js';
import { AuditEvent, type IAuditEvent } from '../modules/audit/audit-event.entity.js';
import { type AuditNames, auditNamesOf } from '../modules/audit/audit-names.js';
import { type CatalogueSnapshot, loadCatalogueSnapshot } from '../modules/catalogue/catalogue-cache.js';
import {
  Agreement,
  AgreementItem,
  type IAgreement,
  type IAgreementItem,
  type IService,
  type IServiceRole,
} from '../modules/catalogue/service.entity.js';
import {
  Group,
  GroupMembership,
  type IGrant,
  type IGroup,
  type IGroupMembership,
} from '../modules/groups/group.entity.js';
import { type IMember, type IMemberUnit, Member, MemberUnit } from '../modules/members/member.entity.js';
import type { PageSql } from '../modules/members/member-list.js';
import {
  type IOrganisation,
  type IUnit,
  Organisation,
  Unit,
} from '../modules/organisations/organisation.entity.js';
import { memberCounts } from '../modules/organisations/unit-counts.js';
import { type IPerson, Person } from '../modules/people/person.entity.js';
import {
  type IRequest,
  type IRequestStep,
  Request,
  RequestStep,
} from '../modules/requests/request.entity.js';
import {
  continuityOfOrganisations,
  type OrganisationContinuity,
} from '../modules/reviews/continuity.repository.js';
import { createAccessLoaders } from './access-loaders.js';
import { BatchLoader } from './batch-loader.js';
import { createReviewLoaders } from './review-loaders.js';

type Entity = { id: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function byId<T extends Entity>(find: (ids: string[]) => Promise<T[]>) {
  return new BatchLoader<string, T | null>(async (ids) => {
    const valid = ids.filter((id) => UUID.test(id));
    const rows = valid.length > 0 ? await find(valid) : [];
    const map = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => map.get(id) ?? null);
  });
}

function groupedBy<T, K extends keyof T>(
  load: (keys: string[]) => Promise<T[]>,
  key: K,
): DataLoader<string, T[]> {
  return new BatchLoader<string, T[]>(async (keys) => {
    const rows = await load([...keys]);
    const map = new Map<string, T[]>();
    for (const row of rows) {
      const k = row[key] as unknown as string;
      const list = map.get(k);
      if (list) list.push(row);
      else map.set(k, [row]);
    }
    return keys.map((k) => map.get(k) ?? []);
  });
}

/**
 * A batch of members with what their fields and scope checks read, in ONE statement: the member, its
 * organisation, its person with every membership of that person (for the identity rules), its unit links with
 * the units, its group memberships with the groups, and its admin roles. Rows keep their column names so that
 * `plainRows` builds them as `em.find` would hydrate them.
 */
const memberBundleSql = (source: string, order: string, detail = '', head = '') => `select${head}
  to_jsonb(m) - 'page_position' as member,
  row_to_json(o) as organisation,
  row_to_json(p) as person,
  coalesce((select json_agg(other) from member other where other.person_id = m.person_id), '[]'::json)
    as person_members,
  coalesce((select json_agg(json_build_object('link', mu, 'unit', u))
              from member_unit mu join unit u on u.id = mu.unit_id where mu.member_id = m.id), '[]'::json) as units,
  coalesce((select json_agg(json_build_object('link', gm, 'group', g))
              from group_membership gm join member_group g on g.id = gm.group_id where gm.member_id = m.id),
           '[]'::json) as groups,
  coalesce((select json_agg(r order by r.created_at, r.id) from admin_role r where r.member_id = m.id), '[]'::json)
    as admin_roles${detail}
from ${source} m
join organisation o on o.id = m.organisation_id
join person p on p.id = m.person_id
${order}`;

/**
 * Read by id (a member's page, `node`), a bundle also carries the member's direct grants and its organisation's
 * agreement items, which its direct-grant fields read; a page of the list does not pay for them.
 */
const MEMBER_DETAIL_COLUMNS = `,
  coalesce((select json_agg(g order by g.created_at, g.id) from service_grant g where g.member_id = m.id), '[]'::json)
    as direct_grants,
  coalesce((select json_agg(json_build_object('organisation_id', ai.organisation_id,
                                              'service_role_id', ai.service_role_id,
                                              'valid_from', greatest(a.valid_from, ai.valid_from)::text,
                                              'valid_until', least(a.valid_until, ai.valid_until)::text))
              from agreement_item ai join agreement a on a.id = ai.agreement_id
             where ai.organisation_id = m.organisation_id), '[]'::json) as agreement_items`;

const MEMBER_BUNDLE_SQL = memberBundleSql(
  'member',
  'where m.id = any(array[?]::uuid[])',
  MEMBER_DETAIL_COLUMNS,
);

type Json = Record<string, unknown>;

/**
 * Builds plain objects with an entity's property names from rows with its column names (a bundle's JSON), as
 * `em.find` would hydrate them but without managed entities: a read path that only serialises rows does not pay
 * for the identity map (issue 13). Timestamps become Dates; a reference is its primary key (every relation here
 * maps to its key).
 */
function plainRows<T>(em: EntityManager, entity: string) {
  const meta = em.getMetadata().get(entity);
  const fields = Object.values(meta.properties)
    .filter(
      (prop) =>
        prop.persist !== false &&
        prop.fieldNames?.length === 1 &&
        (prop.kind === 'scalar' || prop.kind === 'm:1' || prop.kind === '1:1'),
    )
    .map((prop) => ({
      name: prop.name,
      column: prop.fieldNames[0]!,
      date:
        prop.kind === 'scalar' &&
        (prop.runtimeType === 'Date' || prop.type === 'datetime' || prop.type === 'Date'),
    }));
  return (row: Json): T => {
    const result: Json = {};
    for (const field of fields) {
      const value = row[field.column];
      result[field.name] = field.date && typeof value === 'string' ? new Date(value) : (value ?? null);
    }
    return result as T;
  };
}

interface MemberBundleRow {
  member: Json;
  organisation: Json;
  person: Json;
  person_members: Json[];
  units: { link: Json; unit: Json }[];
  groups: { link: Json; group: Json }[];
  admin_roles: Json[];
  direct_grants?: Json[];
  agreement_items?: Json[];
}

/** Batching loaders for one request: each related object costs one query per page, not one per row. */
export function createLoaders(
  em: EntityManager,
  now: Date = new Date(),
  catalogueOf?: () => Promise<CatalogueSnapshot>,
) {
  const loaders = createEntityLoaders(em, now, catalogueOf);
  /**
   * Members load as bundles (MEMBER_BUNDLE_SQL): the loaders of what a member's fields and checks read are
   * primed from the same statement, so a page of members costs one statement for all of it.
   */
  const as = {
    member: plainRows<IMember>(em, 'Member'),
    organisation: plainRows<IOrganisation>(em, 'Organisation'),
    person: plainRows<IPerson>(em, 'Person'),
    unit: plainRows<IUnit>(em, 'Unit'),
    memberUnit: plainRows<IMemberUnit>(em, 'MemberUnit'),
    group: plainRows<IGroup>(em, 'Group'),
    membership: plainRows<IGroupMembership>(em, 'GroupMembership'),
    adminRole: plainRows<IAdminRole>(em, 'AdminRole'),
    grant: plainRows<IGrant>(em, 'Grant'),
  };
  const prime = (rows: MemberBundleRow[]): IMember[] =>
    rows.map((row) => {
      const member = as.member(row.member);
      loaders.organisation.prime(member.organisation, as.organisation(row.organisation));
      loaders.person.prime(member.person, as.person(row.person));
      loaders.membersOfPerson.prime(
        member.person,
        row.person_members.map((other) => as.member(other)),
      );
      loaders.unitsOfMember.prime(
        member.id,
        row.units.map(({ link, unit }) => {
          const entity = as.unit(unit);
          loaders.unit.prime(entity.id, entity);
          return as.memberUnit(link);
        }),
      );
      loaders.groupsOfMember.prime(
        member.id,
        row.groups.map(({ link, group }) => {
          const entity = as.group(group);
          loaders.group.prime(entity.id, entity);
          return as.membership(link);
        }),
      );
      loaders.adminRolesOfMember.prime(
        member.id,
        row.admin_roles.map((role) => as.adminRole(role)),
      );
      if (row.direct_grants)
        loaders.directGrantsOfMember.prime(
          member.id,
          row.direct_grants.map((grant) => as.grant(grant)),
        );
      if (row.agreement_items)
        loaders.agreementItemsOfOrganisation.prime(
          member.organisation,
          row.agreement_items.map((item) => agreementItemOf(item)),
        );
      loaders.member.prime(member.id, member);
      return member;
    });
  loaders.member = byId<IMember>(async (ids) =>
    prime(await em.execute<MemberBundleRow[]>(MEMBER_BUNDLE_SQL, [ids])),
  );
  return {
    ...loaders,
    /**
     * A page of members (`page`: a query of member rows, in page order) with each member's bundle, in one
     * statement: the page's fields and checks read nothing more about its members.
     */
    memberPage: async (
      page: PageSql,
      count: PageSql | null = null,
    ): Promise<{ members: IMember[]; totalCount: number | null }> => {
      // The count is an uncorrelated scalar subquery: PostgreSQL runs it once (an InitPlan), not once per row.
      const sql = memberBundleSql(
        `(select q.*, row_number() over () as page_position from (${page.sql}) q)`,
        'order by m.page_position',
        '',
        count ? `\n  (select count(*) from (${count.sql}) c)::int as total_count,` : '',
      );
      const rows = await em.execute<(MemberBundleRow & { total_count?: number })[]>(sql, [
        ...(count?.bindings ?? []),
        ...page.bindings,
      ]);
      // An empty page carries no row, hence no count: the caller then counts on its own.
      return { members: prime(rows), totalCount: rows[0]?.total_count ?? null };
    },
  };
}

function createEntityLoaders(
  em: EntityManager,
  now: Date,
  catalogueOf: (() => Promise<CatalogueSnapshot>) | undefined,
) {
  // The service catalogue is global and small: the request's snapshot (the process cache at the version the
  // acting statement read, else one statement) serves every service and role lookup and effective access.
  let own: Promise<CatalogueSnapshot> | undefined;
  const catalogue =
    catalogueOf ??
    (() => {
      own ??= loadCatalogueSnapshot(em);
      return own;
    });
  return {
    ...createAccessLoaders(em, async () => (await catalogue()).access),
    ...createReviewLoaders(em),
    person: byId<IPerson>((ids) => em.find(Person, { id: { $in: ids } })),
    organisation: byId<IOrganisation>((ids) => em.find(Organisation, { id: { $in: ids } })),
    unit: byId<IUnit>((ids) => em.find(Unit, { id: { $in: ids } })),
    member: byId<IMember>((ids) => em.find(Member, { id: { $in: ids } })),
    group: byId<IGroup>((ids) => em.find(Group, { id: { $in: ids } })),
    service: byId<IService>(async (ids) => (await catalogue()).services.filter((s) => ids.includes(s.id))),
    serviceRole: byId<IServiceRole>(async (ids) =>
      (await catalogue()).roles.filter((r) => ids.includes(r.id)),
    ),
    agreementByOrganisation: new BatchLoader<string, IAgreement | null>(async (ids) => {
      const rows = await em.find(Agreement, { organisation: { $in: [...ids] } });
      const map = new Map(rows.map((row) => [row.organisation, row]));
      return ids.map((id) => map.get(id) ?? null);
    }),
    unitsOfMember: groupedBy<IMemberUnit, 'member'>(
      (ids) => em.find(MemberUnit, { member: { $in: ids } }),
      'member',
    ),
    groupsOfMember: groupedBy<IGroupMembership, 'member'>(
      (ids) => em.find(GroupMembership, { member: { $in: ids } }),
      'member',
    ),
    membersOfPerson: groupedBy<IMember, 'person'>(
      (ids) => em.find(Member, { person: { $in: ids } }),
      'person',
    ),
    rolesOfService: groupedBy<IServiceRole, 'service'>(
      async (ids) => (await catalogue()).roles.filter((r) => ids.includes(r.service)),
      'service',
    ),
    adminRole: byId<IAdminRole>((ids) => em.find(AdminRole, { id: { $in: ids } })),
    adminRolesOfMember: groupedBy<IAdminRole, 'member'>(
      (ids) => em.find(AdminRole, { member: { $in: ids } }, { orderBy: { createdAt: 'asc', id: 'asc' } }),
      'member',
    ),
    /** The ids of an organisation's active principal admin roles (rule 6), one grouped query per request. */
    principalRoleIdsOfOrganisation: new BatchLoader<string, string[]>(async (ids) => {
      const map = await activePrincipalRoleIds(
        em,
        ids.filter((id) => UUID.test(id)),
        now,
      );
      return ids.map((id) => map.get(id) ?? []);
    }),
    /** The continuity checks of an organisation (all findings; fields filter what the viewer may see). */
    continuity: new BatchLoader<string, OrganisationContinuity | null>(async (ids) => {
      const map = await continuityOfOrganisations(
        em,
        ids.filter((id) => UUID.test(id)),
        now,
      );
      return ids.map((id) => map.get(id) ?? null);
    }),
    agreement: byId<IAgreement>((ids) => em.find(Agreement, { id: { $in: ids } })),
    agreementItem: byId<IAgreementItem>((ids) => em.find(AgreementItem, { id: { $in: ids } })),
    itemsOfAgreement: groupedBy<IAgreementItem, 'agreement'>(
      (ids) =>
        em.find(AgreementItem, { agreement: { $in: ids } }, { orderBy: { createdAt: 'asc', id: 'asc' } }),
      'agreement',
    ),
    childrenOfUnit: groupedBy<IUnit, 'parent'>(
      (ids) => em.find(Unit, { parent: { $in: ids } }, { orderBy: { name: 'asc', id: 'asc' } }),
      'parent',
    ),
    memberCountOfUnit: new BatchLoader<string, number>(async (ids) => {
      const counts = await memberCounts(
        em,
        ids.filter((id) => UUID.test(id)),
      );
      return ids.map((id) => counts.get(id) ?? 0);
    }),
    auditEvent: new BatchLoader<string, IAuditEvent | null>(async (ids) => {
      const valid = ids.filter((id) => /^\d{1,18}$/.test(id));
      const rows = valid.length > 0 ? await em.find(AuditEvent, { id: { $in: valid } }) : [];
      const map = new Map(rows.map((row) => [String(row.id), row]));
      return ids.map((id) => map.get(id) ?? null);
    }),
    /** The names an audit event shows (its target's, and those of the ids in its data): one statement a page. */
    auditNames: new BatchLoader<IAuditEvent, AuditNames, string>((events) => auditNamesOf(em, events), {
      cacheKeyFn: (event) => String(event.id),
    }),
    request: byId<IRequest>((ids) => em.find(Request, { id: { $in: ids } })),
    attachmentRequestsOfMember: groupedBy<IRequest & { subjectMember: string }, 'subjectMember'>(
      (ids) =>
        em.find(
          Request,
          { subjectMember: { $in: ids }, type: 'ATTACHMENT' },
          { orderBy: { createdAt: 'desc', id: 'desc' } },
        ) as Promise<(IRequest & { subjectMember: string })[]>,
      'subjectMember',
    ),
    stepsOfRequest: groupedBy<IRequestStep, 'request'>(
      (ids) => em.find(RequestStep, { request: { $in: ids } }, { orderBy: { id: 'asc' } }),
      'request',
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
