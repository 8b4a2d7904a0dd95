import { AsyncLocalStorage } from 'node:async_hooks';
import { usePrometheus } from '@graphql-yoga/plugin-prometheus';
import type { ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { passwordPoolState } from '../auth/passwords.js';
import type { Orm } from '../db/orm.js';
import { ALL_QUEUES, JOBS_SCHEMA } from '../jobs/queues.js';
import type { JobQueue } from '../jobs/runner.js';

/**
 * Counters that services bump where the event happens (sign-in failures, lockouts): one set per process, whatever
 * the number of API instances in it (tests run several), merged into each instance's /metrics.
 */
const processRegistry = new Registry();
collectDefaultMetrics({ register: processRegistry, prefix: 'tessera_' });

export const signInFailures = new Counter({
  name: 'tessera_sign_in_failures_total',
  help: 'Sign-in attempts refused for a wrong e-mail or password',
  registers: [processRegistry],
});

export const rateLimitLocks = new Counter({
  name: 'tessera_rate_limit_locks_total',
  help: 'Locks set by the rate limiter after too many failures, by rule (sign-in:account, sign-in:address, ...)',
  labelNames: ['rule'] as const,
  registers: [processRegistry],
});

/** The rule part of a rate-limit key (`sign-in:account:x@y` gives `sign-in:account`), never the person or address. */
export function rateLimitRule(key: string): string {
  return key.split(':').slice(0, 2).join(':');
}

/** Counts SQL statements of the GraphQL execution it runs in. */
const sqlScope = new AsyncLocalStorage<{ statements: number }>();

/**
 * Runs `work` counting the SQL statements it sends; the request's context uses it for the acting-context
 * statement, which runs before the execution, so that the operation's metric still counts it.
 */
export async function countStatements<T>(work: () => Promise<T>): Promise<{ result: T; statements: number }> {
  const scope = { statements: 0 };
  const result = await sqlScope.run(scope, work);
  return { result, statements: scope.statements };
}

export type HttpRoute = 'graphql' | 'metrics' | 'health' | 'export' | 'dev-mail' | 'static';

interface TarnPool {
  numUsed(): number;
  numFree(): number;
  numPendingAcquires(): number;
  numPendingCreates(): number;
  max: number;
}

export interface AppMetrics {
  /** yoga plugins: GraphQL durations by operation, SQL statements per operation, live subscribers */
  plugins: Plugin[];
  observeHttp(method: string, route: HttpRoute, status: number, seconds: number): void;
  /** Ends every live subscription (each ends with its `complete`), for a graceful shutdown. */
  endSubscriptions(): void;
  /** counts the jobs this instance's workers ran */
  watchJobs(jobs: JobQueue): void;
  contentType: string;
  text(): Promise<string>;
}

/** One instance's metrics: its registry plus the process counters, in Prometheus text format at /metrics. */
export function createAppMetrics(orm: Orm): AppMetrics {
  const registry = new Registry();
  const knex = orm.em.getConnection().getKnex();

  const httpDuration = new Histogram({
    name: 'tessera_http_request_duration_seconds',
    help: 'HTTP requests by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });

  const sqlTotal = new Counter({
    name: 'tessera_sql_statements_total',
    help: 'SQL statements sent to PostgreSQL (requests and background work)',
    registers: [registry],
  });
  const sqlPerOperation = new Histogram({
    name: 'tessera_graphql_sql_statements',
    help: 'SQL statements run while executing one GraphQL operation, by operation name',
    labelNames: ['operationName', 'operationType'] as const,
    buckets: [0, 1, 2, 5, 10, 20, 50, 100, 200],
    registers: [registry],
  });
  knex.on('query', () => {
    sqlTotal.inc();
    const scope = sqlScope.getStore();
    if (scope) scope.statements += 1;
  });

  new Gauge({
    name: 'tessera_db_pool_connections',
    help: 'Database pool connections by state (used, free, pending acquires, max)',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const pool = (knex.client as { pool?: TarnPool }).pool;
      if (!pool) return;
      this.set({ state: 'used' }, pool.numUsed());
      this.set({ state: 'free' }, pool.numFree());
      this.set({ state: 'pending' }, pool.numPendingAcquires());
      this.set({ state: 'max' }, pool.max);
    },
  });

  new Gauge({
    name: 'tessera_password_hashing',
    help: 'Argon2 hashes running and waiting on the bounded pool, and its size',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const state = passwordPoolState();
      this.set({ state: 'active' }, state.active);
      this.set({ state: 'waiting' }, state.waiting);
      this.set({ state: 'max' }, state.concurrency);
    },
  });

  const outboxLag = new Gauge({
    name: 'tessera_outbox_lag_seconds',
    help: 'Age of the oldest unsent outbox message (0 when none waits)',
    registers: [registry],
  });
  new Gauge({
    name: 'tessera_outbox_pending_messages',
    help: 'Outbox messages not sent yet',
    registers: [registry],
    async collect() {
      const [row] = await orm.em.getConnection().execute<{ pending: number; lag: number | null }[]>(
        `select count(*)::int as pending, extract(epoch from now() - min(created_at))::float8 as lag
             from outbox_message where sent_at is null`,
      );
      this.set(row?.pending ?? 0);
      outboxLag.set(Math.max(0, row?.lag ?? 0));
    },
  });

  // Jobs (pg-boss), read from its tables on each scrape: the same answer from every instance. prom-client collects
  // the metrics of a scrape concurrently, so the three gauges share one query per scrape.
  let jobCounts: Promise<{ name: string; state: string; n: number }[]> | null = null;
  const countJobs = () => {
    jobCounts ??= orm.em
      .getConnection()
      .execute<{ name: string; state: string; n: number }[]>(
        `select name, state::text as state, count(*)::int as n from ${JOBS_SCHEMA}.job
          where name = any(array[?]::text[]) and state in ('created', 'retry', 'active', 'failed')
          group by name, state`,
        [ALL_QUEUES],
      )
      .finally(() => setImmediate(() => (jobCounts = null)));
    return jobCounts;
  };
  const byQueue = async (set: (queue: string, of: (state: string) => number) => void) => {
    const rows = await countJobs();
    for (const queue of ALL_QUEUES)
      set(queue, (state) => rows.find((row) => row.name === queue && row.state === state)?.n ?? 0);
  };
  new Gauge({
    name: 'tessera_jobs',
    help: 'Jobs by queue and state (created, retry, active, failed), read from the job tables at each scrape',
    labelNames: ['queue', 'state'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      await byQueue((queue, of) => {
        for (const state of ['created', 'retry', 'active', 'failed']) this.set({ queue, state }, of(state));
      });
    },
  });
  new Gauge({
    name: 'tessera_job_queue_depth',
    help: 'Jobs waiting to run (created or waiting for a retry), by queue',
    labelNames: ['queue'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      await byQueue((queue, of) => this.set({ queue }, of('created') + of('retry')));
    },
  });
  new Gauge({
    name: 'tessera_jobs_failed',
    help: 'Jobs that failed their last attempt and wait for an operator (failedJobs, retryJob), by queue',
    labelNames: ['queue'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      await byQueue((queue, of) => this.set({ queue }, of('failed')));
    },
  });
  let watchedJobs: JobQueue | null = null;
  new Counter({
    name: 'tessera_jobs_processed_total',
    help: 'Jobs run by this instance, by queue and outcome (completed, failed: a failure is retried)',
    labelNames: ['queue', 'outcome'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const [queue, counts] of watchedJobs?.processed ?? []) {
        this.inc({ queue, outcome: 'completed' }, counts.completed);
        this.inc({ queue, outcome: 'failed' }, counts.failed);
      }
    },
  });

  const liveSubscribers = new Gauge({
    name: 'tessera_live_subscriptions',
    help: 'GraphQL subscriptions open on this instance (SSE and WebSocket)',
    registers: [registry],
  });
  const openSubscriptions = new Set<() => void>();

  const countSql: Plugin = {
    onExecute({ args, executeFn, setExecuteFn }) {
      // The statements that built the context (the acting context) belong to this operation too.
      const before = (args.contextValue as { statementsBefore?: unknown }).statementsBefore;
      const scope = { statements: typeof before === 'number' ? before : 0 };
      setExecuteFn((executeArgs) => sqlScope.run(scope, () => executeFn(executeArgs)));
      return {
        onExecuteDone() {
          sqlPerOperation.observe(operationLabels(args), scope.statements);
        },
      };
    },
  };

  const trackSubscriptions: Plugin = {
    onSubscribe() {
      return {
        onSubscribeResult({ result, setResult }) {
          if (!isAsyncIterable(result)) return;
          setResult(endable(result, liveSubscribers, openSubscriptions));
        },
      };
    },
  };

  const graphqlMetrics = usePrometheus({
    registry,
    endpoint: false,
    labels: { url: false },
    metrics: {
      graphql_envelop_request: true,
      graphql_envelop_request_duration: true,
      graphql_envelop_phase_execute: true,
      graphql_envelop_phase_subscribe: true,
      graphql_envelop_error_result: true,
      graphql_yoga_http_duration: true,
      graphql_envelop_request_time_summary: false,
      graphql_envelop_phase_parse: false,
      graphql_envelop_phase_validate: false,
      graphql_envelop_phase_context: false,
      graphql_envelop_deprecated_field: false,
      graphql_envelop_schema_change: false,
    },
  });

  return {
    plugins: [graphqlMetrics, countSql, trackSubscriptions],
    observeHttp(method, route, status, seconds) {
      httpDuration.observe({ method, route, status: String(status) }, seconds);
    },
    endSubscriptions() {
      for (const end of [...openSubscriptions]) end();
    },
    watchJobs(jobs) {
      watchedJobs = jobs;
    },
    contentType: registry.contentType,
    async text() {
      return Registry.merge([processRegistry, registry]).metrics();
    },
  };
}

function operationLabels(args: { document: import('graphql').DocumentNode; operationName?: string | null }) {
  const operation = args.document.definitions.find(
    (definition): definition is import('graphql').OperationDefinitionNode =>
      definition.kind === 'OperationDefinition' &&
      (!args.operationName || definition.name?.value === args.operationName),
  );
  return {
    operationName: operation?.name?.value ?? 'Anonymous',
    operationType: operation?.operation ?? 'unknown',
  };
}

function isAsyncIterable(value: unknown): value is AsyncIterable<ExecutionResult> {
  return typeof (value as { [Symbol.asyncIterator]?: unknown })?.[Symbol.asyncIterator] === 'function';
}

/**
 * Wraps a subscription's stream so that it is counted while open and can be ended from outside: a pending `next`
 * resolves as done at once (the transport then sends `complete`), and the source is returned.
 */
function endable(
  source: AsyncIterable<ExecutionResult>,
  gauge: Gauge,
  open: Set<() => void>,
): AsyncIterableIterator<ExecutionResult> {
  const iterator = source[Symbol.asyncIterator]();
  let finished = false;
  let resolveEnded!: () => void;
  const ended = new Promise<IteratorResult<ExecutionResult>>((resolve) => {
    resolveEnded = () => resolve({ done: true, value: undefined });
  });
  const finish = () => {
    if (finished) return;
    finished = true;
    open.delete(end);
    gauge.dec();
    resolveEnded();
  };
  const end = () => {
    finish();
    void iterator.return?.();
  };
  open.add(end);
  gauge.inc();
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next() {
      if (finished) return { done: true, value: undefined };
      const result = await Promise.race([iterator.next(), ended]);
      if (result.done) finish();
      return result;
    },
    async return(value?: unknown) {
      finish();
      await iterator.return?.(value);
      return { done: true, value: undefined };
    },
    async throw(error?: unknown) {
      finish();
      if (iterator.throw) return iterator.throw(error);
      throw error;
    },
  };
}
