import { randomUUID } from 'node:crypto';
import type { EventArgs, EventSubscriber } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { MikroORM, type Options, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { entities } from './entities.js';
import { migrationsList } from './migrations/index.js';

export type Orm = MikroORM;

/**
 * Gives each new row its UUID as soon as `em.create` builds it (not at flush), so related rows created in the
 * same unit of work can point at it. Loaded rows always carry their primary key and are left alone.
 */
const assignIds: EventSubscriber = {
  onInit({ entity, meta }: EventArgs<Record<string, unknown>>) {
    if (
      meta.primaryKeys.length === 1 &&
      meta.primaryKeys[0] === 'id' &&
      meta.properties.id?.type === 'uuid'
    ) {
      if (entity.id === undefined) entity.id = randomUUID();
    }
  },
};

/** The one MikroORM configuration: entities and migrations listed explicitly so the bundle needs no discovery. */
export function ormOptions(clientUrl: string, overrides: Partial<Options> = {}): Options {
  return {
    driver: PostgreSqlDriver,
    clientUrl,
    entities,
    subscribers: [assignIds],
    extensions: [Migrator],
    migrations: { migrationsList, transactional: true, allOrNothing: true, snapshot: false, silent: true },
    pool: { min: 0, max: 10 },
    forceUtcTimezone: true,
    ignoreUndefinedInQuery: true,
    allowGlobalContext: false,
    debug: false,
    ...overrides,
  };
}

/** Connects, without migrating (the runtime role may not). */
export async function connectOrm(clientUrl: string, overrides: Partial<Options> = {}): Promise<Orm> {
  return MikroORM.init(ormOptions(clientUrl, overrides));
}

/** Connects and applies pending migrations. */
export async function initOrm(clientUrl: string, overrides: Partial<Options> = {}): Promise<Orm> {
  const orm = await MikroORM.init(ormOptions(clientUrl, overrides));
  await orm.getMigrator().up();
  return orm;
}

/**
 * The migrations not yet applied, read without writing: the runtime role may only read the migrations table
 * (and it may not exist yet), so MikroORM's migrator, which creates it, is not used here.
 */
export async function pendingMigrationNames(orm: Orm): Promise<string[]> {
  const all = migrationsList.map((migration) => migration.name);
  try {
    const rows = await orm.em
      .getConnection()
      .execute<{ name: string }[]>('select name from mikro_orm_migrations');
    const applied = new Set(rows.map((row) => row.name.replace(/\.(js|ts)$/, '')));
    return all.filter((name) => !applied.has(name));
  } catch (error) {
    if ((error as { code?: string }).code === '42P01') return all;
    throw error;
  }
}
