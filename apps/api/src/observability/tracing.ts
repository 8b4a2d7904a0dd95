import { createRequire } from 'node:module';
import { useOpenTelemetry } from '@envelop/opentelemetry';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { Plugin } from 'graphql-yoga';

export interface Tracing {
  /** the yoga plugin: one span per GraphQL operation (`query.Name`), parent of the SQL it runs */
  plugin: Plugin;
  /** exports what is buffered and stops tracing (the last user of the process-wide provider) */
  stop(): Promise<void>;
}

/** Tracing is process-wide (OpenTelemetry's global provider and module patches); instances of one process share it. */
let shared: { tracing: Tracing; users: number; shutdown: () => Promise<void> } | null = null;

/**
 * OpenTelemetry traces, only when OTEL_EXPORTER_OTLP_ENDPOINT is set: spans for incoming HTTP requests, each
 * GraphQL operation (envelop's plugin) and each PostgreSQL statement (pg's instrumentation), exported as OTLP/HTTP
 * JSON to `<endpoint>/v1/traces`. The operation's span is the active context while it executes, so its SQL
 * spans are its children, in the same trace. Variables and results are never recorded; a document is recorded
 * only when it has no inline arguments (envelop's rule), so no literal value such as a password reaches a span.
 */
export function startTracing(options: { endpoint: string | undefined; serviceName: string }): Tracing | null {
  if (!options.endpoint) return null;
  if (shared) {
    shared.users += 1;
    return shared.tracing;
  }
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': options.serviceName }),
    spanProcessors: [
      new BatchSpanProcessor(
        new OTLPTraceExporter({ url: `${options.endpoint.replace(/\/$/, '')}/v1/traces` }),
        { scheduledDelayMillis: 1_000 },
      ),
    ],
  });
  // Global provider, AsyncLocalStorage context manager and W3C trace-context propagation.
  provider.register();
  const unregister = registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({
        // Probes and scrapes are not worth a trace each.
        ignoreIncomingRequestHook: (request) => /^\/(livez|readyz|healthz|metrics)\b/.test(request.url ?? ''),
      }),
      new PgInstrumentation({ enhancedDatabaseReporting: false }),
    ],
  });
  // The instrumentations patch a module when it is next required; ESM imports have loaded these already, so
  // require them once now (their prototypes are shared with every importer).
  const require = createRequire(import.meta.url);
  for (const name of ['node:http', 'node:https', 'pg', 'pg-pool']) {
    try {
      require(name);
    } catch {}
  }
  const plugin = useOpenTelemetry(
    { resolvers: false, variables: false, result: false, document: true },
    provider,
  ) as Plugin;
  const tracing: Tracing = {
    plugin,
    async stop() {
      if (!shared || --shared.users > 0) return;
      const { shutdown } = shared;
      shared = null;
      await shutdown();
    },
  };
  shared = {
    tracing,
    users: 1,
    shutdown: async () => {
      unregister();
      await provider.shutdown();
    },
  };
  return tracing;
}
