import type { EntityManager } from '@mikro-orm/postgresql';
import {
  type AccessInput,
  type AgreementItem,
  accessOpen,
  type CatalogueService,
  type EffectiveAccess,
  effectiveAccess,
  hasService,
  hasServiceRole,
  type MemberStatus,
  type OrganisationStatus,
} from '@tessera/domain';

/**
 * THE path to effective access (rule 3): every screen, list, export and check goes through
 * `effectiveAccessForMembers`, which loads the inputs of the domain `effectiveAccess` for a batch of members
 * in a constant number of queries, whatever the batch size, and lets the domain function decide.
 */

type Row = Record<string, unknown>;

/** A day column read as text, as the UTC midnight starting that day (agreements are dated by day). */
function day(value: unknown): Date | null {
  return value === null || value === undefined ? null : new Date(`${String(value)}T00:00:00Z`);
}

/** The operator's catalogue: every service with its access level and role ids. One query. */
export async function loadCatalogue(em: EntityManager): Promise<CatalogueService[]> {
  const rows: Row[] = await em.execute(
    `select s.id, s.access_level,
            coalesce(array_agg(r.id::text order by r.id) filter (where r.id is not null), '{}') as role_ids
       from service s left join service_role r on r.service_id = s.id
      group by s.id order by s.id`,
  );
  return rows.map((row) => ({
    serviceId: String(row.id),
    accessLevel: row.access_level as CatalogueService['accessLevel'],
    roleIds: row.role_ids as string[],
  }));
}

/**
 * The agreement items of some organisations, each bounded by its agreement's own dates (an item is in force
 * only while the agreement is). One query.
 */
export async function loadAgreementItems(
  em: EntityManager,
  organisationIds: readonly string[],
): Promise<Map<string, AgreementItem[]>> {
  const rows: Row[] = await em.execute(
    `select ai.organisation_id, ai.service_role_id,
            greatest(a.valid_from, ai.valid_from)::text as valid_from,
            least(a.valid_until, ai.valid_until)::text as valid_until
       from agreement_item ai join agreement a on a.id = ai.agreement_id
      where ai.organisation_id = any(array[?]::uuid[])`,
    [organisationIds],
  );
  const byOrganisation = new Map<string, AgreementItem[]>(organisationIds.map((id) => [id, []]));
  for (const row of rows) byOrganisation.get(String(row.organisation_id))?.push(agreementItemOf(row));
  return byOrganisation;
}

/** One agreement item from a row of `loadAgreementItems`' shape (also read from the member bundle). */
export function agreementItemOf(row: Row): AgreementItem {
  return {
    serviceRoleId: String(row.service_role_id),
    validFrom: day(row.valid_from),
    validUntil: day(row.valid_until),
  };
}

interface MemberRow {
  id: string;
  organisationId: string;
  status: MemberStatus;
}

/**
 * The inputs of the domain `effectiveAccess` for a batch of members, whatever their organisations, in ONE
 * statement (one round trip, one snapshot): each member with its organisation's status, the catalogue (unless
 * the caller has it), the
 * agreement items of their organisations (bounded by the agreement's dates), their group memberships and the
 * grants to them or to those groups.
 */
export const accessInputsSql = (withCatalogue: boolean) => `with m as (
  select m.id, m.organisation_id, m.status, o.status as organisation_status
    from member m join organisation o on o.id = m.organisation_id
   where m.id = any(array[?]::uuid[])
), gm as (
  select gm.member_id, gm.group_id, gm.blocked from group_membership gm where gm.member_id in (select id from m)
)
select
  coalesce((select json_agg(json_build_object('id', m.id, 'organisation_id', m.organisation_id,
                                              'status', m.status, 'organisation_status', m.organisation_status))
              from m), '[]'::json) as members,
  ${
    withCatalogue
      ? `coalesce((select json_agg(json_build_object('id', s.id, 'access_level', s.access_level, 'role_ids',
                   coalesce((select json_agg(r.id::text order by r.id) from service_role r where r.service_id = s.id),
                            '[]'::json)) order by s.id)
              from service s), '[]'::json)`
      : `'[]'::json`
  } as catalogue,
  coalesce((select json_agg(json_build_object('organisation_id', ai.organisation_id,
                                              'service_role_id', ai.service_role_id,
                                              'valid_from', greatest(a.valid_from, ai.valid_from)::text,
                                              'valid_until', least(a.valid_until, ai.valid_until)::text))
              from agreement_item ai join agreement a on a.id = ai.agreement_id
             where ai.organisation_id in (select organisation_id from m)), '[]'::json) as agreement,
  coalesce((select json_agg(json_build_object('member_id', gm.member_id, 'group_id', gm.group_id,
                                              'blocked', gm.blocked))
              from gm), '[]'::json) as memberships,
  coalesce((select json_agg(json_build_object('member_id', g.member_id, 'group_id', g.group_id,
                                              'service_role_id', g.service_role_id))
              from service_grant g
             where g.member_id in (select id from m) or g.group_id in (select group_id from gm)), '[]'::json)
    as grants`;

const WITH_CATALOGUE = [accessInputsSql(true), accessInputsSql(false)];

/**
 * Effective access of a batch of members, whatever their organisations: the inputs in one statement
 * (ACCESS_INPUTS_SQL), then the domain `effectiveAccess` decides for each member.
 */
export async function effectiveAccessOfMembers(
  em: EntityManager,
  memberIds: readonly string[],
  at: Date,
  /** the request's catalogue snapshot (at the version its acting statement read); else read in the statement */
  knownCatalogue?: readonly CatalogueService[],
): Promise<Map<string, { organisationId: string; access: EffectiveAccess }>> {
  const ids = [...new Set(memberIds)];
  if (ids.length === 0) return new Map();
  const [inputs] = await em.execute<AccessInputs[]>(WITH_CATALOGUE[knownCatalogue ? 1 : 0]!, [ids]);
  return accessOfInputs(inputs!, at, knownCatalogue);
}

/** A row of `accessInputsSql` (alone, or as a column of a larger statement). */
export interface AccessInputs {
  members: Row[];
  catalogue: Row[];
  agreement: Row[];
  memberships: Row[];
  grants: Row[];
}

/** The agreement items of each organisation in a row of `accessInputsSql`. */
export function agreementsOfInputs(inputs: AccessInputs): Map<string, AgreementItem[]> {
  const agreements = new Map<string, AgreementItem[]>();
  for (const row of inputs.agreement) {
    const organisationId = String(row.organisation_id);
    const list = agreements.get(organisationId) ?? [];
    list.push({
      serviceRoleId: String(row.service_role_id),
      validFrom: day(row.valid_from),
      validUntil: day(row.valid_until),
    });
    agreements.set(organisationId, list);
  }
  return agreements;
}

/** The domain `effectiveAccess` of each member of a row of `accessInputsSql`. */
export function accessOfInputs(
  inputs: AccessInputs,
  at: Date,
  knownCatalogue?: readonly CatalogueService[],
): Map<string, { organisationId: string; access: EffectiveAccess }> {
  const result = new Map<string, { organisationId: string; access: EffectiveAccess }>();
  const memberRows = inputs.members;
  if (memberRows.length === 0) return result;
  const members: MemberRow[] = memberRows.map((row) => ({
    id: String(row.id),
    organisationId: String(row.organisation_id),
    status: row.status as MemberStatus,
  }));
  const organisationStatus = new Map(
    memberRows.map((row) => [String(row.organisation_id), row.organisation_status as OrganisationStatus]),
  );
  const catalogue: readonly CatalogueService[] =
    knownCatalogue ??
    inputs.catalogue.map((row) => ({
      serviceId: String(row.id),
      accessLevel: row.access_level as CatalogueService['accessLevel'],
      roleIds: (row.role_ids as string[]).map(String),
    }));
  const agreements = agreementsOfInputs(inputs);

  const groupRoles = new Map<string, string[]>();
  const directRoles = new Map<string, string[]>();
  for (const row of inputs.grants) {
    const target = row.group_id ? groupRoles : directRoles;
    const key = String(row.group_id ?? row.member_id);
    const list = target.get(key);
    if (list) list.push(String(row.service_role_id));
    else target.set(key, [String(row.service_role_id)]);
  }
  const membershipsOf = new Map<string, AccessInput['groups'][number][]>();
  for (const row of inputs.memberships) {
    const groupId = String(row.group_id);
    const entry = { groupId, blocked: Boolean(row.blocked), roleIds: groupRoles.get(groupId) ?? [] };
    const list = membershipsOf.get(String(row.member_id));
    if (list) list.push(entry);
    else membershipsOf.set(String(row.member_id), [entry]);
  }

  for (const member of members) {
    result.set(member.id, {
      organisationId: member.organisationId,
      access: effectiveAccess({
        at,
        organisationStatus: organisationStatus.get(member.organisationId)!,
        memberStatus: member.status,
        catalogue,
        agreement: agreements.get(member.organisationId) ?? [],
        groups: membershipsOf.get(member.id) ?? [],
        directRoleIds: directRoles.get(member.id) ?? [],
      }),
    });
  }
  return result;
}

/**
 * What the effective access of every member of one organisation shares: its status, the catalogue, its
 * agreement and the service roles each of its groups grants. Three queries, read once for a stream of members
 * (the export), whose own inputs (status, memberships, direct grants) come with each row.
 */
export interface OrganisationAccessInputs {
  organisationStatus: OrganisationStatus;
  catalogue: CatalogueService[];
  agreement: AgreementItem[];
  groupRoles: Map<string, string[]>;
}

export async function loadOrganisationAccessInputs(
  em: EntityManager,
  organisationId: string,
): Promise<OrganisationAccessInputs | null> {
  const [organisation]: Row[] = await em.execute('select status from organisation where id = ?', [
    organisationId,
  ]);
  if (!organisation) return null;
  const catalogue = await loadCatalogue(em);
  const agreements = await loadAgreementItems(em, [organisationId]);
  const grantRows: Row[] = await em.execute(
    `select g.group_id, g.service_role_id from service_grant g join member_group mg on mg.id = g.group_id
      where mg.organisation_id = ?`,
    [organisationId],
  );
  const groupRoles = new Map<string, string[]>();
  for (const row of grantRows) {
    const key = String(row.group_id);
    const list = groupRoles.get(key);
    if (list) list.push(String(row.service_role_id));
    else groupRoles.set(key, [String(row.service_role_id)]);
  }
  return {
    organisationStatus: organisation.status as OrganisationStatus,
    catalogue,
    agreement: agreements.get(organisationId) ?? [],
    groupRoles,
  };
}

/** One member's own inputs, as a row of a stream carries them. */
export interface MemberAccessRow {
  status: MemberStatus;
  memberships: readonly { groupId: string; blocked: boolean }[];
  directRoleIds: readonly string[];
}

/** The domain's effectiveAccess (rule 3) of one member of an organisation whose shared inputs are loaded. */
export function effectiveAccessOfRow(
  inputs: OrganisationAccessInputs,
  member: MemberAccessRow,
  at: Date,
): EffectiveAccess {
  return effectiveAccess({
    at,
    organisationStatus: inputs.organisationStatus,
    memberStatus: member.status,
    catalogue: inputs.catalogue,
    agreement: inputs.agreement,
    groups: member.memberships.map((membership) => ({
      groupId: membership.groupId,
      blocked: membership.blocked,
      roleIds: inputs.groupRoles.get(membership.groupId) ?? [],
    })),
    directRoleIds: [...member.directRoleIds],
  });
}

/**
 * Effective access of some members of one organisation (rule 3), for every screen and check: issue 4's
 * export and issue 6's approvals call this too. Members of other organisations are left out (rule 2).
 */
export async function effectiveAccessForMembers(
  em: EntityManager,
  organisationId: string,
  memberIds: readonly string[],
  at: Date,
): Promise<Map<string, EffectiveAccess>> {
  const all = await effectiveAccessOfMembers(em, memberIds, at);
  const result = new Map<string, EffectiveAccess>();
  for (const [id, entry] of all) if (entry.organisationId === organisationId) result.set(id, entry.access);
  return result;
}

/** Who may use a service (any of its roles, or at all when it is free), or one service role of it. */
export interface AccessTarget {
  serviceId: string;
  /** null: the service as a whole */
  serviceRoleId: string | null;
}

export interface MemberKey {
  id: string;
  sortName: string;
}

/** Tells whether an effective access reaches a target. */
export function reaches(access: EffectiveAccess, target: AccessTarget): boolean {
  return target.serviceRoleId === null
    ? hasService(access, target.serviceId)
    : hasServiceRole(access, target.serviceRoleId);
}

export interface MembersWithAccessRequest extends AccessTarget {
  /** keyset: the (sort name, id) of the last member already listed */
  after: [string, string] | null;
  limit: number;
}

/**
 * The members of one organisation who may use each target, a keyset page per target in (sort name, id)
 * order: "services held" (Orange) with the users who have access. One query proposes, for every target at
 * once, the active members holding a grant of a role the agreement allows (or every active member for a
 * free service), then effectiveAccessForMembers decides; a page the decision shortens is completed by
 * another round, so the answer is exactly what effectiveAccess says.
 */
export async function membersWithAccess(
  em: EntityManager,
  organisationId: string,
  requests: readonly MembersWithAccessRequest[],
  at: Date,
): Promise<MemberKey[][]> {
  const results: MemberKey[][] = requests.map(() => []);
  const [organisation]: Row[] = await em.execute(`select status from organisation where id = ?`, [
    organisationId,
  ]);
  if (!organisation || !accessOpen(organisation.status as OrganisationStatus, 'ACTIVE')) return results;
  const catalogue = await loadCatalogue(em);
  const agreements = await loadAgreementItems(em, [organisationId]);
  const agreement = agreements.get(organisationId) ?? [];
  const services = new Map(catalogue.map((service) => [service.serviceId, service]));

  // What the proposal query looks for, per target: every active member (free service), or a grant of
  // one of these role ids; targets no one can reach are answered at once.
  const pending = requests
    .map((request, index) => {
      const service = services.get(request.serviceId);
      if (!service || request.limit <= 0) return null;
      const roles = request.serviceRoleId === null ? service.roleIds : [request.serviceRoleId];
      if (request.serviceRoleId !== null && !service.roleIds.includes(request.serviceRoleId)) return null;
      const free = service.accessLevel === 'FREE';
      const probe = effectiveAccess({
        at,
        organisationStatus: 'ACTIVE',
        memberStatus: 'ACTIVE',
        catalogue,
        agreement,
        groups: [],
        directRoleIds: roles,
      });
      const allowed = roles.filter((roleId) => hasServiceRole(probe, roleId));
      if (!free && allowed.length === 0) return null;
      return { index, request, free: free && reaches(probe, request), roles: allowed, after: request.after };
    })
    .filter((entry) => entry !== null);

  for (let round = 0; pending.length > 0 && round < 20; round++) {
    const keys = pending.map((entry, position) => ({
      position,
      free: entry.free,
      roles: entry.roles.join(','),
      afterName: entry.after?.[0] ?? null,
      afterId: entry.after?.[1] ?? null,
      limit: entry.request.limit - results[entry.index]!.length,
    }));
    const rows: Row[] = await em.execute(
      `select k.position, c.id, c.sort_name
         from unnest(array[?]::int[], array[?]::boolean[], array[?]::text[], array[?]::text[], array[?]::uuid[], array[?]::int[])
              as k(position, free, roles, after_name, after_id, lim)
        cross join lateral (
          select m.id, m.sort_name from member m
           where m.organisation_id = ? and m.status = 'ACTIVE'
             and (k.after_name is null or (m.sort_name, m.id) > (k.after_name, k.after_id))
             and (k.free or exists (
                   select 1 from service_grant g
                    where g.member_id = m.id and g.service_role_id = any(string_to_array(k.roles, ',')::uuid[]))
                 or exists (
                   select 1 from group_membership gm join service_grant g on g.group_id = gm.group_id
                    where gm.member_id = m.id and not gm.blocked
                      and g.service_role_id = any(string_to_array(k.roles, ',')::uuid[])))
           order by m.sort_name, m.id
           limit k.lim) c
        order by k.position, c.sort_name, c.id`,
      [
        keys.map((k) => k.position),
        keys.map((k) => k.free),
        keys.map((k) => k.roles),
        keys.map((k) => k.afterName),
        keys.map((k) => k.afterId),
        keys.map((k) => k.limit),
        organisationId,
      ],
    );
    const proposed = new Map<number, MemberKey[]>();
    for (const row of rows) {
      const position = Number(row.position);
      const list = proposed.get(position) ?? [];
      list.push({ id: String(row.id), sortName: String(row.sort_name) });
      proposed.set(position, list);
    }
    const accesses = await effectiveAccessForMembers(
      em,
      organisationId,
      [...new Set(rows.map((row) => String(row.id)))],
      at,
    );
    const next: typeof pending = [];
    pending.forEach((entry, position) => {
      const candidates = proposed.get(position) ?? [];
      const page = results[entry.index]!;
      for (const candidate of candidates) {
        const access = accesses.get(candidate.id);
        if (access && reaches(access, entry.request)) page.push(candidate);
      }
      // The proposal filled its limit but the decision kept fewer: look further.
      const last = candidates.at(-1);
      if (last && candidates.length === keys[position]!.limit && page.length < entry.request.limit)
        next.push({ ...entry, after: [last.sortName, last.id] });
    });
    pending.splice(0, pending.length, ...next);
  }
  return results;
}
