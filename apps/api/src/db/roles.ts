import pg from 'pg';
import { grantJobRights, installJobSchema, jobSchemaProblem } from '../jobs/install.js';
import { migrationsList } from './migrations/index.js';
import { initOrm } from './orm.js';

/**
 * Two database roles (issue 9): the owner of the tables, which runs the migrations, and the runtime role the
 * application connects as, with only the DML it needs. The runtime role owns nothing, so it cannot alter, disable
 * or drop the audit table or its append-only guard (only an owner or a superuser can), and it has neither UPDATE,
 * DELETE nor TRUNCATE on audit_event.
 */
export class DatabaseRoleError extends Error {}

export interface RuntimeRole {
  name: string;
  /** set when the role may have to be created (the embedded PostgreSQL, the test harness, an owner with CREATEROLE) */
  password?: string;
}

/** The user and password of a postgres:// URL. */
export function roleOfUrl(url: string): RuntimeRole {
  const parsed = new URL(url);
  const name = decodeURIComponent(parsed.username);
  if (!name) throw new DatabaseRoleError(`${redact(url)} names no user`);
  return { name, password: parsed.password ? decodeURIComponent(parsed.password) : undefined };
}

/** `url` with another user and password. */
export function urlForRole(url: string, role: RuntimeRole): string {
  const parsed = new URL(url);
  parsed.username = encodeURIComponent(role.name);
  parsed.password = role.password ? encodeURIComponent(role.password) : '';
  return parsed.toString();
}

const redact = (url: string) => url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');

/** A lock number every Tessera instance agrees on, so two instances starting together migrate one after the other. */
const MIGRATION_LOCK = 7_346_823_001;

/**
 * As the owner (`ownerUrl`): applies pending migrations, creates the runtime role when it is missing, and gives
 * it exactly the rights the application needs on every table, again at each start, so tables added by a
 * migration are covered. Safe to run from several processes at once (an advisory lock serialises them, and a
 * role created meanwhile by another run of the test harness is fine).
 */
export async function migrateDatabase(ownerUrl: string, runtime: RuntimeRole): Promise<void> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const orm = await initOrm(ownerUrl, { pool: { min: 0, max: 2 } });
    await orm.close();
    // pg-boss's schema and queues (tables), as the owner too; the runtime role then only moves rows.
    await installJobSchema(ownerUrl);
    await ensureRole(client, runtime);
    await grantRuntimeRights(client, runtime.name);
  } finally {
    await client.end();
  }
}

async function ensureRole(client: pg.Client, runtime: RuntimeRole): Promise<void> {
  const { rows } = await client.query<{ owner: string }>('select current_user as owner');
  if (rows[0]!.owner === runtime.name)
    throw new DatabaseRoleError(
      `the application's role (${runtime.name}) must not be the role that owns the tables: give DATABASE_URL another user`,
    );
  const existing = await client.query<{ rolsuper: boolean; member: boolean }>(
    `select rolsuper, pg_has_role(oid, (select oid from pg_roles where rolname = current_user), 'MEMBER') as member
       from pg_roles where rolname = $1`,
    [runtime.name],
  );
  if (existing.rows[0]) {
    if (existing.rows[0].rolsuper || existing.rows[0].member)
      throw new DatabaseRoleError(
        `the application's role (${runtime.name}) is a superuser or a member of the owner role, so it could switch the audit guard off; use a plain login role`,
      );
    return;
  }
  const password = runtime.password ? ` password ${client.escapeLiteral(runtime.password)}` : '';
  try {
    await client.query(`create role ${client.escapeIdentifier(runtime.name)} login${password}`);
  } catch (error) {
    const code = (error as { code?: string }).code;
    // Created meanwhile by another process (two test runs sharing one server): the role is cluster-wide.
    if (code === '42710' || code === '23505') return;
    throw new DatabaseRoleError(
      `could not create the application's role ${runtime.name} (${(error as Error).message}); create it as an administrator: create role ${runtime.name} login password '…'`,
    );
  }
}

async function grantRuntimeRights(client: pg.Client, name: string): Promise<void> {
  const role = client.escapeIdentifier(name);
  await client.query('begin');
  try {
    await client.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK + 1]);
    await client.query(`grant usage on schema public to ${role}`);
    // Start from nothing, so a right granted by hand or by an older version does not linger.
    await client.query(`revoke all on all tables in schema public from ${role}`);
    await client.query(`revoke all on all sequences in schema public from ${role}`);
    await client.query(`grant select, insert, update, delete on all tables in schema public to ${role}`);
    await client.query(`revoke update, delete on audit_event from ${role}`);
    // Read-only, so that a start as the runtime role can tell whether migrations are pending.
    await client.query(`revoke insert, update, delete on mikro_orm_migrations from ${role}`);
    // The deployment's id (the live namespace) is the owner's to make.
    await client.query(`revoke insert, update, delete on deployment_identity from ${role}`);
    await client.query(`grant usage on all sequences in schema public to ${role}`);
    await client.query(`revoke usage on mikro_orm_migrations_id_seq from ${role}`);
    await grantJobRights(client, role);
    await client.query('commit');
  } catch (error) {
    await client.query('rollback');
    throw error;
  }
}

/**
 * What the role of `url` may do: `owner` when it owns the tables (or can: a superuser, or a database with no
 * tables yet), so it can migrate; `runtime` otherwise, with the names of the migrations still to apply.
 */
export async function inspectRole(
  url: string,
): Promise<{ kind: 'owner' | 'runtime'; name: string; pending: string[] }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{
      name: string;
      superuser: boolean;
      owner: boolean | null;
      create: boolean;
      migrated: boolean;
    }>(
      `select current_user as name,
              (select rolsuper from pg_roles where rolname = current_user) as superuser,
              (select pg_has_role(current_user, c.relowner, 'USAGE') from pg_class c
                where c.oid = to_regclass('public.audit_event')) as owner,
              has_schema_privilege('public', 'CREATE') as create,
              to_regclass('public.mikro_orm_migrations') is not null as migrated`,
    );
    const { name, superuser, owner, create, migrated } = rows[0]!;
    // No tables yet: whoever may create them is the owner to be.
    if (superuser || owner === true || (owner === null && create))
      return { kind: 'owner', name, pending: [] };
    const applied = migrated
      ? await client
          .query<{ name: string }>('select name from mikro_orm_migrations')
          .then((result) => new Set(result.rows.map((row) => row.name)))
      : new Set<string>();
    const jobs = await jobSchemaProblem((sql) => client.query(sql).then((result) => result.rows));
    return {
      kind: 'runtime',
      name,
      pending: [
        ...migrationsList.map((m) => m.name).filter((m) => !applied.has(m)),
        ...(jobs ? [`pg-boss schema (${jobs})`] : []),
      ],
    };
  } finally {
    await client.end();
  }
}

/** The runtime role of the embedded PostgreSQL (its superuser `tessera` owns the tables). */
export const EMBEDDED_RUNTIME_ROLE: RuntimeRole = { name: 'tessera_app', password: 'tessera_app' };

/**
 * Migrates as the owner and answers the URL the application connects with, as its runtime role:
 * - embedded PostgreSQL: its superuser migrates, the application runs as `tessera_app`;
 * - MIGRATION_DATABASE_URL (the owner) and DATABASE_URL (the runtime role): the same, on an external server;
 * - DATABASE_URL alone naming a runtime role: migrations must already be applied (by a start or a migration
 *   step with MIGRATION_DATABASE_URL); a pending one stops the start, saying so;
 * - DATABASE_URL alone naming the owner: migrates and runs as the owner, which could switch the audit guard off:
 *   refused in production, a warning otherwise.
 */
export async function prepareDatabase(options: {
  databaseUrl: string;
  migrationDatabaseUrl: string | undefined;
  embedded: boolean;
  production: boolean;
  warn: (message: string) => void;
}): Promise<string> {
  if (options.embedded) {
    await migrateDatabase(options.databaseUrl, EMBEDDED_RUNTIME_ROLE);
    return urlForRole(options.databaseUrl, EMBEDDED_RUNTIME_ROLE);
  }
  if (options.migrationDatabaseUrl) {
    await migrateDatabase(options.migrationDatabaseUrl, roleOfUrl(options.databaseUrl));
    return options.databaseUrl;
  }
  const role = await inspectRole(options.databaseUrl);
  if (role.kind === 'runtime') {
    if (role.pending.length > 0)
      throw new DatabaseRoleError(
        `${role.pending.length} migration(s) pending (${role.pending.join(', ')}) and DATABASE_URL's role ${role.name} may not apply them: set MIGRATION_DATABASE_URL to the owner's URL`,
      );
    return options.databaseUrl;
  }
  const message = `DATABASE_URL's role ${role.name} owns the tables, so the application could alter or drop the audit guard: set MIGRATION_DATABASE_URL to this URL and DATABASE_URL to a role without ownership`;
  if (options.production) throw new DatabaseRoleError(message);
  options.warn(message);
  await initOrm(options.databaseUrl).then((orm) => orm.close());
  await installJobSchema(options.databaseUrl);
  return options.databaseUrl;
}
