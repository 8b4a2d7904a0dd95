import { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ormOptions } from '../src/db/orm.js';
import { createTestDatabase } from './database.js';

/**
 * What the migrations create and the entities cannot say, so MikroORM's schema diff would drop it. Each entry is
 * the exact statement `getUpdateSchemaSQL` prints for it. Anything else in the diff is drift: fix it with a new
 * hand-written migration (or the entity), never by adding it here unless the entities truly cannot express it.
 */
const DATABASE_ONLY: { statement: string; why: string }[] = [
  // Foreign keys on plain id columns: people and tokens keep the organisation's id without a relation to it,
  // so the people module does not depend on organisations; the database still refers and sets null on delete.
  {
    statement: 'alter table "person" drop constraint "person_backup_email_set_by_organisation_id_fkey"',
    why: 'FK of a plain id column (0008)',
  },
  {
    statement: 'alter table "person" drop constraint "person_created_by_organisation_id_fkey"',
    why: 'FK of a plain id column (0006)',
  },
  {
    statement: 'alter table "one_time_token" drop constraint "one_time_token_issued_by_organisation_id_fkey"',
    why: 'FK of a plain id column (0008)',
  },
  // Functional, operator-class and partial indexes: searches by prefix and similarity, live rows only.
  { statement: 'drop index "organisation_name_trgm_index"', why: 'gin trigram index on lower(name) (0002)' },
  {
    statement: 'drop index "organisation_registry_number_prefix_index"',
    why: 'text_pattern_ops prefix index (0002)',
  },
  { statement: 'drop index "person_email_prefix_index"', why: 'text_pattern_ops prefix index (0001)' },
  { statement: 'drop index "person_last_name_lower_index"', why: 'lower(last_name) prefix index (0001)' },
  {
    statement: 'drop index "one_time_token_person_id_purpose_live_index"',
    why: 'partial index: unused tokens (0003)',
  },
  { statement: 'drop index "member_sort_name_prefix_index"', why: 'text_pattern_ops prefix index (0001)' },
  {
    statement: 'drop index "member_sort_name_words_trgm_index"',
    why: "gin trigram index on ' ' || sort_name: a word anywhere in the name (0012)",
  },
  {
    statement: 'drop index "member_organisation_id_last_sign_in_at_id_index"',
    why: 'nulls-first order: never signed in, then oldest, on one forward scan (0015)',
  },
  {
    statement: 'drop index "audit_event_organisation_family_at_id_index"',
    why: "expression index on split_part(action, '.', 1): the audit log's family filter (0016)",
  },
  {
    statement: 'drop index "audit_event_after_path_index"',
    why: "gin jsonb_path_ops on after: the member filter's containment on memberId / memberIds (0020)",
  },
  {
    statement: 'drop index "audit_event_before_path_index"',
    why: "gin jsonb_path_ops on before: the member filter's containment on memberId (0020)",
  },
  {
    statement: 'drop index "access_request_pending_index"',
    why: 'partial index: submitted requests (0005)',
  },
  {
    statement: 'drop index "review_item_reviewer_ids_index"',
    why: "gin index on reviewer_ids: a reviewer's own items (0018)",
  },
  {
    statement: 'drop index "review_item_open_index"',
    why: "partial index: a campaign's undecided items (0018)",
  },
  // Partial or expression unique indexes: uniqueness the entities cannot state.
  {
    statement: 'drop index "invitation_one_pending_per_address"',
    why: 'one pending invitation per organisation and address (0006)',
  },
  {
    statement: 'drop index "member_group_sibling_name_unique"',
    why: 'sibling group names unique, root groups included (0004)',
  },
  {
    statement: 'drop index "service_grant_group_role_unique"',
    why: 'one grant of a role per group (0001)',
  },
  {
    statement: 'drop index "service_grant_member_role_unique"',
    why: 'one grant of a role per member (0001)',
  },
  {
    statement: 'drop index "admin_role_member_kind_scope_unique"',
    why: 'one admin role per member, kind and scope, null scopes included (0007)',
  },
  // Tables written by triggers only, read with raw SQL: no entity.
  {
    statement: 'drop table if exists "topology_version" cascade',
    why: 'per-organisation topology version, bumped by triggers, keys the topology cache (0013)',
  },
  {
    statement: 'drop table if exists "catalogue_version" cascade',
    why: 'the catalogue version, bumped by triggers, keys the catalogue cache (0017)',
  },
  {
    statement: 'alter table "organisation" drop constraint organisation_inactive_after_days_check',
    why: 'inactivity threshold between 7 and 3650 days, as the domain checks (0014)',
  },
  // Check constraints spanning several columns.
  {
    statement: 'alter table "access_request" drop constraint access_request_organisation_or_account_creation',
    why: 'an organisation unless an account creation (0005)',
  },
  {
    statement: 'alter table "service_grant" drop constraint service_grant_one_holder',
    why: 'a grant is held by a group or a member, not both (0001)',
  },
  {
    statement: 'alter table "admin_role" drop constraint admin_role_scope',
    why: 'each admin role kind with its scope (0001)',
  },
  {
    statement: 'alter table "delegation" drop constraint delegation_period',
    why: 'a delegation ends after it starts (0019)',
  },
  {
    statement: 'alter table "delegation" drop constraint delegation_scope',
    why: 'a delegated part is a unit or a group, not both (0019)',
  },
];

/** Triggers: MikroORM's diff does not see them at all, so their presence is checked here. */
const TRIGGERS = [
  { table: 'audit_event', name: 'audit_event_no_update', why: 'audit is append-only (0001)' },
  { table: 'audit_event', name: 'audit_event_no_truncate', why: 'audit is append-only (0001)' },
  { table: 'admin_role', name: 'admin_role_topology_version', why: 'bumps the topology version (0013)' },
  { table: 'delegation', name: 'delegation_topology_version', why: 'bumps the topology version (0019)' },
  {
    table: 'member',
    name: 'member_last_sign_in_precision',
    why: 'last sign-in cut to milliseconds, the keyset cursor’s precision (0022)',
  },
  {
    table: 'session',
    name: 'session_member_sign_in_insert',
    why: 'a session acting for an organisation records its member’s sign-in (0022)',
  },
  {
    table: 'session',
    name: 'session_member_sign_in_switch',
    why: 'switching to an organisation records its member’s sign-in (0022)',
  },
  { table: 'member_group', name: 'member_group_topology_version', why: 'bumps the topology version (0013)' },
  { table: 'unit', name: 'unit_topology_version', why: 'bumps the topology version (0013)' },
  { table: 'service', name: 'service_catalogue_version', why: 'bumps the catalogue version (0017)' },
  {
    table: 'service_role',
    name: 'service_role_catalogue_version',
    why: 'bumps the catalogue version (0017)',
  },
];

let orm: MikroORM;
let drop: () => Promise<void>;

beforeAll(async () => {
  const database = await createTestDatabase();
  drop = database.drop;
  orm = await MikroORM.init(ormOptions(database.url, { pool: { min: 0, max: 2 } }));
});
afterAll(async () => {
  await orm?.close();
  await drop?.();
});

describe('the migrated schema matches the entities', () => {
  it('differs from what the entities imply only by the documented database-only objects', async () => {
    const diff = await orm.schema.getUpdateSchemaSQL({ wrap: false });
    const statements = diff
      .split(/;\s*\n/)
      .map((statement) => statement.trim().replace(/;$/, ''))
      .filter((statement) => statement.length > 0);
    // Both ways: a new drift fails, and so does a listed object that is gone (the list stays true).
    expect(statements.sort()).toEqual(DATABASE_ONLY.map((entry) => entry.statement).sort());
  });

  it('keeps the triggers the diff cannot see', async () => {
    const rows = await orm.em.fork().execute<{ table: string; name: string }[]>(
      `select c.relname as "table", t.tgname as name from pg_trigger t join pg_class c on c.oid = t.tgrelid
          where not t.tgisinternal and c.relnamespace = 'public'::regnamespace order by 1, 2`,
    );
    expect(rows).toEqual(
      TRIGGERS.map(({ table, name }) => ({ table, name })).sort((a, b) =>
        `${a.table} ${a.name}`.localeCompare(`${b.table} ${b.name}`),
      ),
    );
  });
});
