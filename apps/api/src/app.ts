import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { type Config, loadConfig } from './config.js';
import type { AppServices } from './context.js';
import { type EmbeddedDatabase, startEmbeddedPostgres } from './db/embedded.js';
import { connectOrm, pendingMigrationNames } from './db/orm.js';
import { prepareDatabase } from './db/roles.js';
import { type SeedReport, seedIfEmpty } from './db/seed/index.js';
import { createHttpServer } from './http/server.js';
import { jobHandlers } from './jobs/handlers.js';
import { type JobQueue, JobSchemaMissingError, startJobQueue } from './jobs/runner.js';
import { createLiveEvents, deploymentOf, liveNamespace } from './live/events.js';
import { connectTopologyInvalidation, holdLiveChannel } from './live/topology.js';
import { createLogger } from './log.js';
import { messageIdDomain } from './mail/dispatcher.js';
import { createMailer } from './mail/mailer.js';
import { TopologyCache } from './modules/authz/topology.js';
import { CatalogueCache } from './modules/catalogue/catalogue-cache.js';
import { Lifecycle } from './observability/health.js';
import { createAppMetrics } from './observability/metrics.js';
import { startTracing } from './observability/tracing.js';

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
  // First, so that the database driver is instrumented before anything connects.
  const tracing = startTracing({
    endpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT,
    serviceName: config.OTEL_SERVICE_NAME,
  });
  if (tracing)
    logger.info({ endpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT }, 'exporting OpenTelemetry traces');
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
    const jobs = await startJobs({
      connectionString: runtimeUrl,
      em: orm.em.fork(),
      logger,
      scheduled: config.BACKGROUND_SCHEDULE === 'on',
      migrateOff: config.MIGRATE === 'off',
      handlers: (queue) =>
        jobHandlers({
          em: orm.em.fork(),
          mailer,
          domain: messageIdDomain(config.MAIL_FROM),
          logger,
          retentionDays: config.REQUEST_RETENTION_DAYS,
          jobs: queue,
          appUrl: () => services.publicUrl,
        }),
    });
    lifecycle.jobs = jobs.ready;
    const deployment = await deploymentOf((sql) => orm.em.getConnection().execute(sql), databaseUrl);
    const live = createLiveEvents(config.REDIS_URL, liveNamespace(deployment));
    const topologies = new TopologyCache();
    const stopTopologyInvalidation = connectTopologyInvalidation(live.pubsub, topologies);
    const releaseLiveChannel = holdLiveChannel(live.pubsub);
    const services: AppServices = {
      config,
      orm,
      logger,
      live: live.pubsub,
      jobs: jobs.queue,
      publicUrl: config.PUBLIC_URL ?? `http://localhost:${config.PORT}`,
      topologies,
      catalogue: new CatalogueCache(),
    };
    metrics.watchJobs(jobs.queue);
    const http = createHttpServer(services, { metrics, lifecycle, tracing });
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
          await jobs.stop();
          mailer.close();
          await stopTopologyInvalidation();
          await releaseLiveChannel();
          await live.close();
          await orm.close();
          await tracing?.stop();
          await embedded?.stop();
        })();
        return stopping;
      },
    };
  } catch (error) {
    await tracing?.stop();
    await embedded?.stop();
    throw error;
  }
}

/**
 * Starts the job queue. With MIGRATE=off the job schema may still be missing (the release's `pnpm migrate` has
 * not run yet): the start goes on, /readyz answers 503, and each readiness check tries again (`ready`).
 */
async function startJobs(options: {
  connectionString: string;
  em: import('@mikro-orm/postgresql').EntityManager;
  logger: import('./log.js').Logger;
  scheduled: boolean;
  migrateOff: boolean;
  handlers: (queue: () => JobQueue) => Parameters<typeof startJobQueue>[0]['handlers'];
}) {
  let current: JobQueue | null = null;
  let stopped = false;
  let starting: Promise<void> | null = null;
  const queue: JobQueue = {
    get processed() {
      return current?.processed ?? new Map();
    },
    get running() {
      return current?.running === true;
    },
    outboxQueued: async (ids) => {
      await current?.outboxQueued(ids);
    },
    send: async (name, data, sendOptions) => {
      if (!current) throw new Error('the job queue has not started: its schema is not installed');
      return current.send(name, data, sendOptions);
    },
    notify: (name) => current?.notify(name),
    stop: async () => {
      stopped = true;
      await starting?.catch(() => {});
      await current?.stop();
    },
  };
  const attempt = async (): Promise<void> => {
    try {
      const started = await startJobQueue({
        connectionString: options.connectionString,
        em: options.em,
        logger: options.logger,
        scheduled: options.scheduled,
        handlers: options.handlers(() => queue),
      });
      if (stopped) await started.stop();
      else current = started;
    } catch (error) {
      if (!(error instanceof JobSchemaMissingError) || !options.migrateOff) throw error;
    }
  };
  await attempt();
  if (!current && !stopped)
    options.logger.warn(
      'the job queue schema is not installed: run pnpm migrate; /readyz answers 503 until then',
    );
  return {
    queue,
    stop: queue.stop,
    async ready(): Promise<boolean> {
      if (current || stopped) return current?.running === true;
      starting ??= attempt().finally(() => {
        starting = null;
      });
      await starting;
      return queue.running;
    },
  };
}
