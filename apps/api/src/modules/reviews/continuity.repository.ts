import type { EntityManager } from '@mikro-orm/postgresql';
import {
  type AdminRoleKind,
  type ContinuityInput,
  continuityFindings,
  type Finding,
  type MemberStatus,
} from '@tessera/domain';
import { loadAgreementItems } from '../access/access.service.js';

type Row = Record<string, unknown>;

const date = (value: unknown): Date | null =>
  value === null || value === undefined ? null : new Date(String(value));

/**
 * The inputs of the domain `continuityFindings` for some organisations, set-based: six statements whatever
 * the number of organisations, units, members, roles and grants (test/continuity.int.test.ts counts them).
 * Unknown organisations are left out of the map.
 */
export async function loadContinuityInputs(
  em: EntityManager,
  organisationIds: readonly string[],
  at: Date,
): Promise<Map<string, ContinuityInput>> {
  const ids = [...new Set(organisationIds)];
  const result = new Map<string, ContinuityInput>();
  if (ids.length === 0) return result;
  // One after the other: inside a transaction they share one connection.
  const organisations: Row[] = await em.execute(
    `select o.id, o.inactive_after_days,
            coalesce((select array_agg(u.id::text order by u.name, u.id) from unit u where u.organisation_id = o.id), '{}') as unit_ids
       from organisation o where o.id = any(array[?]::uuid[])`,
    [ids],
  );
  if (organisations.length === 0) return result;
  const found = organisations.map((row) => String(row.id));
  const members: Row[] = await em.execute(
    `select m.organisation_id, m.id, m.status, m.created_at, m.last_sign_in_at,
            coalesce(array_agg(mu.unit_id::text order by mu.unit_id) filter (where mu.unit_id is not null), '{}') as unit_ids
       from member m
       left join member_unit mu on mu.member_id = m.id
      where m.organisation_id = any(array[?]::uuid[])
      group by m.id
      order by m.organisation_id, m.sort_name, m.id`,
    [found],
  );
  const roles: Row[] = await em.execute(
    `select organisation_id, id, member_id, kind, unit_id, group_id, valid_until from admin_role
      where organisation_id = any(array[?]::uuid[]) order by created_at, id`,
    [found],
  );
  const grants: Row[] = await em.execute(
    `select organisation_id, id, service_role_id, group_id, member_id from service_grant
      where organisation_id = any(array[?]::uuid[]) order by created_at, id`,
    [found],
  );
  const agreements = await loadAgreementItems(em, found);

  for (const row of organisations) {
    const organisationId = String(row.id);
    result.set(organisationId, {
      at,
      organisationId,
      inactiveAfterDays: Number(row.inactive_after_days),
      unitIds: row.unit_ids as string[],
      members: [],
      adminRoles: [],
      grants: [],
      agreement: agreements.get(organisationId) ?? [],
    });
  }
  const of = (row: Row) => result.get(String(row.organisation_id))!;
  for (const row of members)
    (of(row).members as ContinuityInput['members'][number][]).push({
      memberId: String(row.id),
      status: row.status as MemberStatus,
      createdAt: date(row.created_at),
      lastSignInAt: date(row.last_sign_in_at),
      unitIds: row.unit_ids as string[],
    });
  for (const row of roles)
    (of(row).adminRoles as ContinuityInput['adminRoles'][number][]).push({
      adminRoleId: String(row.id),
      memberId: String(row.member_id),
      kind: row.kind as AdminRoleKind,
      unitId: row.unit_id === null ? null : String(row.unit_id),
      groupId: row.group_id === null ? null : String(row.group_id),
      validUntil: date(row.valid_until),
    });
  for (const row of grants)
    (of(row).grants as ContinuityInput['grants'][number][]).push({
      grantId: String(row.id),
      serviceRoleId: String(row.service_role_id),
      groupId: row.group_id === null ? null : String(row.group_id),
      memberId: row.member_id === null ? null : String(row.member_id),
    });
  return result;
}

/** The continuity of some organisations: each one's inputs and every finding (before any visibility filter). */
export type OrganisationContinuity = { input: ContinuityInput; findings: Finding[] };

/** Loads and computes the continuity checks of some organisations (the domain decides, nothing in SQL). */
export async function continuityOfOrganisations(
  em: EntityManager,
  organisationIds: readonly string[],
  at: Date,
): Promise<Map<string, OrganisationContinuity>> {
  const inputs = await loadContinuityInputs(em, organisationIds, at);
  return new Map([...inputs].map(([id, input]) => [id, { input, findings: continuityFindings(input) }]));
}
