import { MikroORM } from '@mikro-orm/postgresql';
import { ConfigError, loadConfig } from './config.js';
import { type EmbeddedDatabase, startEmbeddedPostgres } from './db/embedded.js';
import { ormOptions } from './db/orm.js';
import { prepareDatabase } from './db/roles.js';

/**
 * `pnpm migrate`: applies pending migrations and exits, so a release can migrate once before its instances start
 * (with MIGRATE=off). Without DATABASE_URL it migrates the embedded PostgreSQL in DATA_DIR.
 */
async function migrate(): Promise<void> {
  const config = loadConfig();
  let embedded: EmbeddedDatabase | null = null;
  let url = config.DATABASE_URL;
  if (!url) {
    embedded = await startEmbeddedPostgres({ dataDir: `${config.DATA_DIR}/postgres`, database: 'tessera' });
    url = embedded.url;
  }
  try {
    // The same path as a start with MIGRATE=auto: migrations as the owner, then the runtime role's rights.
    await prepareDatabase({
      databaseUrl: url,
      migrationDatabaseUrl: config.MIGRATION_DATABASE_URL,
      embedded: embedded !== null,
      production: config.NODE_ENV === 'production',
      warn: (message) => console.warn(message),
    });
    const orm = await MikroORM.init(ormOptions(url));
    try {
      const pending = await orm.getMigrator().getPendingMigrations();
      console.log(
        pending.length
          ? `Still pending: ${pending.map((m) => m.name).join(', ')}`
          : 'Migrations are up to date.',
      );
    } finally {
      await orm.close();
    }
  } finally {
    await embedded?.stop();
  }
}

try {
  await migrate();
} catch (error) {
  console.error(
    error instanceof ConfigError
      ? error.message
      : `Migrations failed: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
}
