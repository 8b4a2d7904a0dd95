import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { MikroORM } from '@mikro-orm/postgresql';
import { type Config, loadConfig } from './config.js';
import type { AppServices } from './context.js';
import { type EmbeddedDatabase, startEmbeddedPostgres } from './db/embedded.js';
import { connectOrm, pendingMigrationNames } from './db/orm.js';
import { prepareDatabase } from './db/roles.js';
import { type SeedReport, seedIfEmpty } from './db/seed/index.js';
import { createLiveEvents } from './live/events.js';
import { createLogger } from './log.js';
import { messageIdDomain, startOutboxDispatcher } from './mail/dispatcher.js';
import { createMailer } from './mail/mailer.js';
import { startRetentionJob } from './modules/requests/retention.js';
import { Lifecycle } from './observability/health.js';
import { createAppMetrics } from './observability/metrics.js';
import { createHttpServer } from './server.js';

export interface RunningApp {
  url: string;
  config: Config;
  services: AppServices;
  seed: SeedReport | null;
  stop(): Promise<void>;
}

/** Starts everything: database (embedded unless DATABASE_URL), migrations as the owner, the runtime role, seed, mail dispatcher, HTTP server. */
export async function startApp(env: NodeJS.ProcessEnv = process.env): Promise<RunningApp> {
  const config = loadConfig(env);
  const logger = createLogger(config.LOG_LEVEL);
  let embedded: EmbeddedDatabase | null = null;
  let databaseUrl = config.DATABASE_URL;
  if (!databaseUrl) {
    const dataDir = `${config.DATA_DIR}/postgres`;
    logger.info({ dataDir }, 'no DATABASE_URL: starting the embedded PostgreSQL');
    embedded = await startEmbeddedPostgres({
      dataDir,
      database: 'tessera',
      onLog: (line) => logger.debug(line),
    });
    databaseUrl = embedded.url;
  }
  try {
    // MIGRATE=off: `pnpm migrate` applies them as a release step; /readyz stays 503 while any is pending.
    const runtimeUrl =
      config.MIGRATE === 'auto'
        ? await prepareDatabase({
            databaseUrl,
            migrationDatabaseUrl: config.MIGRATION_DATABASE_URL,
            embedded: embedded !== null,
            production: config.NODE_ENV === 'production',
            warn: (message) => logger.warn(message),
          })
        : databaseUrl;
    const orm = await connectOrm(runtimeUrl);
    const lifecycle = new Lifecycle(orm);
    const metrics = createAppMetrics(orm);
    const pending = config.MIGRATE === 'off' ? (await pendingMigrationNames(orm)).length : 0;
    if (pending > 0)
      logger.warn({ pending }, 'migrations are pending: run pnpm migrate; /readyz answers 503 until then');
    const seed = config.SEED === 'auto' && pending === 0 ? await seedIfEmpty(orm.em.fork()) : null;
    if (config.NODE_ENV === 'production') {
      if (embedded)
        logger.warn('production on the embedded PostgreSQL: set DATABASE_URL to a managed server');
      if (!config.SMTP_URL)
        logger.warn(`production without SMTP_URL: e-mails are only kept in ${config.mailDir}`);
    }
    const mailer = createMailer({
      smtpUrl: config.SMTP_URL,
      from: config.MAIL_FROM,
      mailDir: config.mailDir,
    });
    const scheduled = config.BACKGROUND_SCHEDULE === 'on';
    const dispatcher = startOutboxDispatcher({
      em: orm.em.fork(),
      mailer,
      logger,
      domain: messageIdDomain(config.MAIL_FROM),
      scheduled,
    });
    const live = createLiveEvents(config.REDIS_URL);
    // Whatever a previous run left unsent (a crash, an SMTP outage) goes now, not at the first tick.
    if (scheduled) dispatcher.kick();
    const services: AppServices = {
      config,
      orm,
      logger,
      live: live.pubsub,
      kickOutbox: dispatcher.kick,
      publicUrl: config.PUBLIC_URL ?? `http://localhost:${config.PORT}`,
    };
    const retention = startRetentionJob({
      em: orm.em.fork(),
      retentionDays: config.REQUEST_RETENTION_DAYS,
      logger,
      scheduled,
    });
    const http = createHttpServer(services, { metrics, lifecycle });
    const server = http.server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.PORT, config.HOST, resolve);
    });
    const port = (server.address() as AddressInfo).port;
    const url = `http://localhost:${port}`;
    // With PORT=0 the port is known only now; no request is served before this line runs.
    if (!config.PUBLIC_URL) services.publicUrl = url;
    lifecycle.markStarted();
    let stopping: Promise<void> | null = null;
    return {
      url,
      config,
      services,
      seed,
      stop() {
        stopping ??= (async () => {
          // Not ready any more, but still serving for a while, so load balancers move new requests elsewhere.
          lifecycle.markShuttingDown();
          if (config.SHUTDOWN_DELAY_MS > 0) await delay(config.SHUTDOWN_DELAY_MS);
          const closed = new Promise<void>((resolve) => server.close(() => resolve()));
          // Drain: subscriptions end with `complete` (SSE responses finish, graphql-ws sends complete), WebSockets
          // close with 1001, requests in flight finish; connections are closed as soon as they are idle.
          metrics.endSubscriptions();
          // The transports send `complete` in the continuations of the ended streams: let them run first.
          await new Promise((resolve) => setImmediate(resolve));
          http.closeWebSockets();
          const sweep = setInterval(() => server.closeIdleConnections(), 50);
          const deadline = setTimeout(() => server.closeAllConnections(), config.SHUTDOWN_TIMEOUT_MS);
          server.closeIdleConnections();
          await closed;
          clearInterval(sweep);
          clearTimeout(deadline);
          await retention.stop();
          await dispatcher.stop();
          mailer.close();
          await live.close();
          await orm.close();
          await embedded?.stop();
        })();
        return stopping;
      },
    };
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
}
