import { createRequire } from 'node:module';
import type pg from 'pg';
import PgBoss from 'pg-boss';
import { ALL_QUEUES, CRON_QUEUE, JOBS_SCHEMA, QUEUE_OPTIONS, QUEUES } from './queues.js';

/** The version of pg-boss's schema this build expects (its `version.json`). */
export const JOBS_SCHEMA_VERSION: number = createRequire(import.meta.url)('pg-boss/version.json').schema;

/**
 * As the owner, in the migration step: installs or upgrades pg-boss's schema (its own versioned migrations,
 * taken under its advisory lock, so concurrent starts are safe) and creates every queue, each a table partition.
 * Our tables stay under the hand-written migrations; this schema is pg-boss's and only pg-boss changes it.
 */
export async function installJobSchema(ownerUrl: string): Promise<void> {
  const boss = new PgBoss({
    connectionString: ownerUrl,
    schema: JOBS_SCHEMA,
    max: 2,
    migrate: true,
    supervise: false,
    schedule: false,
    application_name: 'tessera-migrate',
  });
  boss.on('error', () => {});
  await boss.start();
  try {
    // The dead-letter queue first: the others name it.
    const ordered = [QUEUES.deadLetter, ...ALL_QUEUES.filter((name) => name !== QUEUES.deadLetter)];
    for (const name of ordered) {
      const options = { name, ...QUEUE_OPTIONS[name] };
      await boss.createQueue(name, options);
      // An existing queue keeps its table; its retry policy follows this build.
      await boss.updateQueue(name, options);
    }
    await boss.createQueue(CRON_QUEUE);
  } finally {
    await boss.stop({ graceful: false, close: true });
  }
}

/**
 * The runtime role's rights on pg-boss's schema: rows only (fetch, complete, fail, schedule, maintenance are all
 * DML). It cannot create queues (tables) nor alter the schema; `create_queue` run by it fails on its CREATE TABLE.
 */
export async function grantJobRights(client: pg.Client, role: string): Promise<void> {
  await client.query(`grant usage on schema ${JOBS_SCHEMA} to ${role}`);
  await client.query(`revoke all on all tables in schema ${JOBS_SCHEMA} from ${role}`);
  await client.query(
    `grant select, insert, update, delete on all tables in schema ${JOBS_SCHEMA} to ${role}`,
  );
}

/** Whether the job schema is installed at this build's version (readable by the runtime role); null when it is. */
export async function jobSchemaProblem(query: <T>(sql: string) => Promise<T[]>): Promise<string | null> {
  const [exists] = await query<{ present: boolean }>(
    `select to_regclass('${JOBS_SCHEMA}.version') is not null as present`,
  );
  if (!exists?.present) return 'the job queue schema (pgboss) is not installed';
  const [row] = await query<{ version: number | null }>(
    `select max(version)::int as version from ${JOBS_SCHEMA}.version`,
  );
  if (row?.version !== JOBS_SCHEMA_VERSION)
    return `the job queue schema is at version ${row?.version ?? 'none'}, this build needs ${JOBS_SCHEMA_VERSION}`;
  return null;
}
