import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApp } from '../src/app.js';
import { migrateDatabase, prepareDatabase, urlForRole } from '../src/db/roles.js';
import { startTestApp, type TestApp } from './app.js';
import { TEST_RUNTIME_ROLE } from './database.js';
import { sql } from './tenants.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ BACKGROUND_SCHEDULE: 'off' });
});
afterAll(async () => {
  await t?.stop();
});

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** An empty database on the test server (not cloned from the migrated template); `url` as its owner. */
async function emptyDatabase() {
  const adminUrl = inject('adminDatabaseUrl');
  const name = `tessera_roles_${randomBytes(5).toString('hex')}`;
  await withClient(adminUrl, (admin) => admin.query(`create database ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => withClient(adminUrl, (admin) => admin.query(`drop database if exists ${name} with (force)`)),
  };
}

describe('the runtime role the API runs as (issue 9: database roles)', () => {
  it('is what the API connects as: not a superuser, owning nothing', async () => {
    const [row] = await t.app.services.orm.em
      .fork()
      .execute<{ user: string; superuser: boolean }[]>(
        'select current_user as user, (select rolsuper from pg_roles where rolname = current_user) as superuser',
      );
    expect(row).toEqual({ user: TEST_RUNTIME_ROLE.name, superuser: false });
    const owned = await sql(
      t,
      `select c.relname from pg_class c join pg_roles r on r.oid = c.relowner
        where r.rolname = $1 and c.relnamespace = 'public'::regnamespace`,
      [TEST_RUNTIME_ROLE.name],
    );
    expect(owned).toEqual([]);
  });

  it('runs the application flows, writing their audit events as the runtime role', async () => {
    const before = await sql<{ n: number }>(t, 'select count(*)::int as n from audit_event');
    const paul = await t.as('paul.girard@lumiere.demo');
    const email = 'role.check@lumiere.demo';
    const result = await paul.ok(
      `mutation($input: CreateMemberInput!) { createMember(input: $input) { __typename } }`,
      {
        input: { lastName: 'Check', firstName: 'Role', email, emailConfirmation: email, mobility: 'MOBILE' },
      },
    );
    expect(result.createMember.__typename).toBe('MutationCreateMemberSuccess');
    const after = await sql<{ n: number }>(t, 'select count(*)::int as n from audit_event');
    expect(after[0]!.n).toBeGreaterThan(before[0]!.n);
  });

  it('cannot alter, disable or drop the audit table or its guard, nor truncate, update or delete audit rows', async () => {
    const before = await sql<{ n: number }>(t, 'select count(*)::int as n from audit_event');
    expect(before[0]!.n).toBeGreaterThan(0);
    await withClient(t.runtimeDatabaseUrl, async (client) => {
      const refused = async (statement: string, reason: RegExp) =>
        expect(client.query(statement), statement).rejects.toThrow(reason);
      const owner = /must be owner/;
      const denied = /permission denied/;
      await refused('alter table audit_event disable trigger audit_event_no_update', owner);
      await refused('alter table audit_event disable trigger all', owner);
      await refused('drop trigger audit_event_no_update on audit_event', owner);
      await refused('drop trigger audit_event_no_truncate on audit_event', owner);
      await refused('drop table audit_event', owner);
      await refused('alter table audit_event rename to audit_event_old', owner);
      await refused(`alter table audit_event owner to ${TEST_RUNTIME_ROLE.name}`, owner);
      await refused(
        `create or replace function audit_event_is_append_only() returns trigger language plpgsql as $$ begin return new; end $$`,
        /must be owner|permission denied/,
      );
      await refused('drop function audit_event_is_append_only() cascade', owner);
      // Replica mode would skip every trigger, the guard included.
      await refused('set session_replication_role = replica', denied);
      await refused('truncate audit_event', denied);
      await refused(`update audit_event set action = 'forged'`, denied);
      await refused('delete from audit_event', denied);
      await refused('create table audit_event_copy (id int)', denied);
      // What the application needs still works: reading, and appending.
      const { rows } = await client.query('select count(*)::int as n from audit_event');
      expect(rows[0].n).toBe(before[0]!.n);
      await client.query('begin');
      await client.query(
        `insert into audit_event (at, acting_as, action, target_type) values (now(), 'SYSTEM', 'test.append', 'Test')`,
      );
      await client.query('rollback');
    });
    const triggers = await sql<{ tgname: string; tgenabled: string }>(
      t,
      `select tgname, tgenabled from pg_trigger where tgrelid = 'audit_event'::regclass and not tgisinternal order by tgname`,
    );
    expect(triggers).toEqual([
      { tgname: 'audit_event_no_truncate', tgenabled: 'O' },
      { tgname: 'audit_event_no_update', tgenabled: 'O' },
    ]);
  });

  it('reads the deployment id (the live namespace) but cannot change it', async () => {
    await withClient(t.runtimeDatabaseUrl, async (client) => {
      const { rows } = await client.query('select id::text as id from deployment_identity');
      expect(rows).toHaveLength(1);
      for (const statement of [
        'update deployment_identity set id = gen_random_uuid()',
        'delete from deployment_identity',
        'insert into deployment_identity (one) values (true)',
      ])
        await expect(client.query(statement), statement).rejects.toThrow(/permission denied/);
    });
  });

  it('moves job rows in pg-boss’s schema but cannot create a queue (a table) nor change the schema', async () => {
    await withClient(t.runtimeDatabaseUrl, async (client) => {
      const refused = async (statement: string, reason: RegExp) =>
        expect(client.query(statement), statement).rejects.toThrow(reason);
      await refused(
        `select pgboss.create_queue('forged.queue', '{"policy":"standard"}'::json)`,
        /permission denied/,
      );
      await refused('create table pgboss.forged (id int)', /permission denied/);
      await refused('drop table pgboss.queue cascade', /must be owner/);
      await refused('alter table pgboss.job add column forged int', /must be owner/);
      await refused('truncate pgboss.job', /permission denied/);
      // What a worker does: insert, fetch (update), complete, read.
      await client.query('begin');
      const { rows } = await client.query(
        `insert into pgboss.job (name, data) values ('webhooks.deliveries', '{}') returning id`,
      );
      await client.query(
        `update pgboss.job set state = 'active' where name = 'webhooks.deliveries' and id = $1`,
        [rows[0].id],
      );
      await client.query('delete from pgboss.job where name = $1 and id = $2', [
        'webhooks.deliveries',
        rows[0].id,
      ]);
      await client.query('rollback');
    });
    expect(await sql(t, `select name from pgboss.queue where name = 'forged.queue'`)).toEqual([]);
  });
});

describe('starting on an external server with two roles', () => {
  it('migrates as MIGRATION_DATABASE_URL, then runs as DATABASE_URL', async () => {
    const database = await emptyDatabase();
    try {
      const app = await startApp({
        NODE_ENV: 'test',
        DATABASE_URL: urlForRole(database.url, TEST_RUNTIME_ROLE),
        MIGRATION_DATABASE_URL: database.url,
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'silent',
        BACKGROUND_SCHEDULE: 'off',
      });
      try {
        const [row] = await app.services.orm.em
          .fork()
          .execute<{ user: string }[]>('select current_user as user');
        expect(row!.user).toBe(TEST_RUNTIME_ROLE.name);
        expect(app.seed?.created).toBe(true);
      } finally {
        await app.stop();
      }
    } finally {
      await database.drop();
    }
  });

  it('stops, saying so, when the runtime role alone meets pending migrations', async () => {
    const database = await emptyDatabase();
    try {
      await expect(
        prepareDatabase({
          databaseUrl: urlForRole(database.url, TEST_RUNTIME_ROLE),
          migrationDatabaseUrl: undefined,
          embedded: false,
          production: false,
          warn: () => {},
        }),
      ).rejects.toThrow(/migration\(s\) pending .* set MIGRATION_DATABASE_URL/);
    } finally {
      await database.drop();
    }
  });

  it('refuses in production to run as the owner of the tables', async () => {
    const warnings: string[] = [];
    const asOwner = (production: boolean) =>
      prepareDatabase({
        databaseUrl: t.databaseUrl,
        migrationDatabaseUrl: undefined,
        embedded: false,
        production,
        warn: (message) => warnings.push(message),
      });
    await expect(asOwner(true)).rejects.toThrow(
      /owns the tables, so the application could alter or drop the audit guard/,
    );
    // Outside production it still starts (development with one URL), and says why it should not.
    await expect(asOwner(false)).resolves.toBe(t.databaseUrl);
    expect(warnings).toEqual([expect.stringMatching(/set MIGRATION_DATABASE_URL/)]);
  });

  it('creates the runtime role once when several processes migrate at the same time (roles are cluster-wide)', async () => {
    const role = { name: `tessera_roles_${randomBytes(4).toString('hex')}`, password: 'p' };
    const databases = await Promise.all([emptyDatabase(), emptyDatabase(), emptyDatabase()]);
    try {
      await Promise.all(databases.map((database) => migrateDatabase(database.url, role)));
      // Again, as every start does: idempotent.
      await migrateDatabase(databases[0]!.url, role);
      await withClient(urlForRole(databases[0]!.url, role), async (client) => {
        const { rows } = await client.query('select current_user as user');
        expect(rows[0].user).toBe(role.name);
        await expect(client.query('truncate audit_event')).rejects.toThrow(/permission denied/);
      });
    } finally {
      await Promise.all(databases.map((database) => database.drop()));
      await withClient(inject('adminDatabaseUrl'), (admin) =>
        admin.query(`drop role if exists ${role.name}`),
      );
    }
  });
});
