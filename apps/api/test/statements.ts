import { randomUUID } from 'node:crypto';
import { CSRF_HEADER } from '../src/http/web-surface.js';
import { requestScope } from '../src/observability/request-scope.js';
import type { TestApp, TestClient } from './app.js';

/**
 * Counts the SQL statements the API really sends to PostgreSQL while it answers one HTTP request.
 *
 * Every statement of the API goes through a connection of MikroORM's knex pool (queries, transactions, the
 * export's cursor): each connection's `query` is wrapped as it leaves the pool, so BEGIN, COMMIT, SAVEPOINT and
 * streamed cursors are counted like any statement (knex's 'query' event misses them). A statement belongs to the
 * request whose scope (its x-request-id, the server's AsyncLocalStorage) it runs in, so background work of the
 * same process (jobs, other clients) is never counted.
 */
export interface StatementLog {
  /** sends a GraphQL document as `client` (its cookie) and returns its answer with the statements it cost */
  gql(
    client: TestClient,
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<{ data: Record<string, unknown> | null | undefined; errors?: unknown[]; sql: string[] }>;
}

const WRAPPED = Symbol('statement-counted');

interface PgConnection {
  query: (...args: unknown[]) => unknown;
  [WRAPPED]?: true;
}

export function statementLog(t: TestApp): StatementLog {
  const byRequest = new Map<string, string[]>();
  const client = t.app.services.orm.em.getConnection().getKnex().client as {
    acquireConnection: () => Promise<PgConnection>;
  };
  const acquire = client.acquireConnection.bind(client);
  client.acquireConnection = async () => {
    const connection = await acquire();
    if (!connection[WRAPPED]) {
      const query = connection.query;
      connection.query = function (this: unknown, ...args: unknown[]) {
        const id = requestScope.getStore()?.requestId;
        const log = id ? byRequest.get(id) : undefined;
        if (log) {
          const first = args[0] as string | { text?: string; cursor?: unknown };
          log.push(typeof first === 'string' ? first : (first?.text ?? String(first)));
        }
        return query.apply(this, args);
      };
      connection[WRAPPED] = true;
    }
    return connection;
  };

  return {
    async gql(who, query, variables = {}) {
      const requestId = `count-${randomUUID()}`;
      const log: string[] = [];
      byRequest.set(requestId, log);
      try {
        const response = await fetch(`${t.url}/graphql`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            [CSRF_HEADER]: '1',
            'x-request-id': requestId,
            ...(who.cookie ? { cookie: who.cookie } : {}),
          },
          body: JSON.stringify({ query, variables }),
        });
        const body = (await response.json()) as { data?: Record<string, unknown> | null; errors?: unknown[] };
        return { data: body.data, errors: body.errors, sql: [...log] };
      } finally {
        byRequest.delete(requestId);
      }
    },
  };
}
