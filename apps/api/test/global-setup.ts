import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../src/db/embedded.js';
import { migrateDatabase } from '../src/db/roles.js';
import { TEST_RUNTIME_ROLE } from './database.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** a URL to a maintenance database of the test server, from which each test file creates its own */
    adminDatabaseUrl: string;
    /** the migrated template of this run (unique, so concurrent runs on one server do not collide) */
    templateDatabase: string;
  }
}

/**
 * One PostgreSQL for the whole run (TEST_DATABASE_URL's server, or an embedded one in a temporary folder) and one
 * migrated template database; each test file then clones the template, which takes milliseconds.
 */
export default async function setup(project: TestProject) {
  let stop = async () => {};
  let adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    const dir = mkdtempSync(join(tmpdir(), 'tessera-test-pg-'));
    // fsync off: a throw-away cluster, and the one place allowed to trade durability for speed.
    const db = await startEmbeddedPostgres({
      dataDir: join(dir, 'data'),
      database: 'postgres',
      fsync: false,
    });
    adminUrl = db.url;
    stop = async () => {
      await db.stop();
      rmSync(dir, { recursive: true, force: true });
    };
  }
  const template = `tessera_template_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${template}`);
  await admin.end();
  const templateUrl = new URL(adminUrl);
  templateUrl.pathname = `/${template}`;
  // As the owner; the API then runs as TEST_RUNTIME_ROLE, whose grants every clone of the template inherits.
  await migrateDatabase(templateUrl.toString(), TEST_RUNTIME_ROLE);
  project.provide('adminDatabaseUrl', adminUrl);
  project.provide('templateDatabase', template);
  return async () => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    await client.query(`drop database if exists ${template} with (force)`);
    await client.end();
    await stop();
  };
}
