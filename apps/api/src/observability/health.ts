import { type Orm, pendingMigrationNames } from '../db/orm.js';

export interface HealthAnswer {
  status: 200 | 503;
  body: Record<string, string>;
}

/**
 * Where the instance stands: /livez answers while the process runs; /readyz only once it has started (migrations
 * applied, database answering) and until it begins to shut down, so a load balancer stops sending it requests.
 */
export class Lifecycle {
  private started = false;
  private stopping = false;

  /**
   * Whether the job queue runs (set by the app). With MIGRATE=off it may wait for its schema: each readiness
   * check then tries to start it, so it starts with the first check after `pnpm migrate`.
   */
  jobs: () => Promise<boolean> = async () => true;

  constructor(private readonly orm: Orm) {}

  markStarted(): void {
    this.started = true;
  }

  markShuttingDown(): void {
    this.stopping = true;
  }

  get shuttingDown(): boolean {
    return this.stopping;
  }

  async readiness(): Promise<HealthAnswer> {
    if (this.stopping) return { status: 503, body: { status: 'shutting down' } };
    if (!this.started) return { status: 503, body: { status: 'starting' } };
    try {
      await this.orm.em.getConnection().execute('select 1');
    } catch {
      return { status: 503, body: { status: 'error', database: 'unreachable' } };
    }
    const pending = await pendingMigrationNames(this.orm);
    if (pending.length > 0)
      return {
        status: 503,
        body: { status: 'error', database: 'ok', migrations: `${pending.length} pending` },
      };
    if (!(await this.jobs()))
      return {
        status: 503,
        body: { status: 'error', database: 'ok', migrations: 'applied', jobs: 'not running' },
      };
    return { status: 200, body: { status: 'ok', database: 'ok', migrations: 'applied', jobs: 'running' } };
  }
}
