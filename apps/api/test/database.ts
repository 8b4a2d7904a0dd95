import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { type RuntimeRole, urlForRole } from '../src/db/roles.js';

/**
 * The role the API runs as in tests, created by global-setup on the test server. Roles are cluster-wide, so every
 * run (and every worktree) sharing a server uses this one name; it is created when missing and never dropped.
 */
export const TEST_RUNTIME_ROLE: RuntimeRole = { name: 'tessera_test_app', password: 'tessera-test-app' };

/** The URL of the same database as the runtime role. */
export const runtimeUrlOf = (ownerUrl: string) => urlForRole(ownerUrl, TEST_RUNTIME_ROLE);

/**
 * A fresh database for one test file, cloned from the migrated template (with its grants to the runtime role);
 * `url` connects as the owner (for tests that inspect or prepare rows), `runtimeUrl` as the runtime role.
 */
export async function createTestDatabase(): Promise<{
  url: string;
  runtimeUrl: string;
  drop(): Promise<void>;
}> {
  const adminUrl = inject('adminDatabaseUrl');
  const name = `tessera_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name} template ${inject('templateDatabase')}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    runtimeUrl: runtimeUrlOf(url.toString()),
    async drop() {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}
