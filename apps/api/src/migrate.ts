import { MikroORM } from '@mikro-orm/postgresql';
import { ConfigError, loadConfig } from './config.js';
import { type EmbeddedDatabase, startEmbeddedPostgres } from './db/embedded.js';
import { ormOptions } from './db/orm.js';

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
    const orm = await MikroORM.init(ormOptions(url));
    try {
      const applied = await orm.getMigrator().up();
      console.log(
        applied.length
          ? `Applied ${applied.length} migration(s): ${applied.map((m) => m.name).join(', ')}`
          : 'No pending migrations.',
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
