import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './app.js';

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes?: { key: string; value: { stringValue?: string } }[];
  scope: string;
}

/**
 * An OTLP/HTTP collector in this process: it keeps every span it receives on /v1/traces (JSON, what the OTLP HTTP
 * exporter sends) and wakes whoever waits for a condition on them.
 */
async function startCollector() {
  const spans: OtlpSpan[] = [];
  const waiters: (() => void)[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.method === 'POST' && request.url === '/v1/traces') {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        for (const resource of body.resourceSpans ?? [])
          for (const scopeSpans of resource.scopeSpans ?? [])
            for (const span of scopeSpans.spans ?? [])
              spans.push({ ...span, scope: scopeSpans.scope?.name ?? '' });
        for (const wake of waiters.splice(0)) wake();
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    spans,
    /** resolves with `find`'s answer once received spans give one; fails after `timeoutMs` */
    async until<T>(find: () => T | undefined, timeoutMs = 20_000): Promise<T> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = find();
        if (found !== undefined) return found;
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`spans not received; got ${spans.map((s) => s.name).join(', ')}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let collector: Awaited<ReturnType<typeof startCollector>>;
let t: TestApp;

beforeAll(async () => {
  collector = await startCollector();
  t = await startTestApp({ OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, BACKGROUND_SCHEDULE: 'off' });
});
afterAll(async () => {
  await t?.stop();
  await collector?.close();
});

const attribute = (span: OtlpSpan, key: string) =>
  span.attributes?.find((a) => a.key === key)?.value.stringValue;

describe('OpenTelemetry traces (OTEL_EXPORTER_OTLP_ENDPOINT set)', () => {
  it('exports the GraphQL operation and the SQL it runs as one trace', async () => {
    const client = await t.as('claire.morel@morges.demo');
    const data = await client.ok('query TracedViewer { viewer { person { email } } }');
    expect(data.viewer.person.email).toBe('claire.morel@morges.demo');

    const operation = await collector.until(() =>
      collector.spans.find((s) => s.name === 'query.TracedViewer'),
    );
    expect(attribute(operation, 'graphql.execute.operationName')).toBe('TracedViewer');
    const sql = await collector.until(() => {
      const inTrace = collector.spans.filter(
        (s) => s.traceId === operation.traceId && s.scope === '@opentelemetry/instrumentation-pg',
      );
      return inTrace.find((s) => s.parentSpanId === operation.spanId);
    });
    // A statement run by the operation's resolvers: a child of the operation's span, in its trace.
    expect(sql.traceId).toBe(operation.traceId);
    expect(attribute(sql, 'db.system') ?? attribute(sql, 'db.system.name')).toBe('postgresql');
    expect(attribute(sql, 'db.statement') ?? attribute(sql, 'db.query.text')).toMatch(/select/i);
    // The incoming HTTP request is the root of the trace, the operation's parent.
    const request = collector.spans.find((s) => s.spanId === operation.parentSpanId);
    expect(request).toMatchObject({
      scope: '@opentelemetry/instrumentation-http',
      traceId: operation.traceId,
    });
    expect(request?.parentSpanId ?? null).toBeNull();
    // No variable nor result is recorded.
    expect(attribute(operation, 'graphql.execute.variables')).toBeUndefined();
    expect(attribute(operation, 'graphql.execute.result')).toBeUndefined();
  });
});
