import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../src/db/embedded.js';
import { initOrm } from '../src/db/orm.js';

export const TEMPLATE_DATABASE = 'tessera_test_template';

declare module 'vitest' {
  export interface ProvidedContext {
    /** a URL to a maintenance database of the test server, from which each test file creates its own */
    adminDatabaseUrl: string;
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
    const db = await startEmbeddedPostgres({ dataDir: join(dir, 'data'), database: 'postgres' });
    adminUrl = db.url;
    stop = async () => {
      await db.stop();
      rmSync(dir, { recursive: true, force: true });
    };
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${TEMPLATE_DATABASE} with (force)`);
  await admin.query(`create database ${TEMPLATE_DATABASE}`);
  await admin.end();
  const templateUrl = new URL(adminUrl);
  templateUrl.pathname = `/${TEMPLATE_DATABASE}`;
  const orm = await initOrm(templateUrl.toString());
  await orm.close();
  project.provide('adminDatabaseUrl', adminUrl);
  return stop;
}
