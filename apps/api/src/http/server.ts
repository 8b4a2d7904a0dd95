import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { parse as parseCookie, serialize as serializeCookie } from 'cookie';
import { GraphQLError } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { createYoga, type Plugin } from 'graphql-yoga';
import sirv from 'sirv';
import { WebSocketServer } from 'ws';
import { clientAddressOf } from '../auth/client-address.js';
import { type AppServices, RequestContext } from '../context.js';
import { AppError } from '../errors.js';
import { LIMITS, limitPlugins } from '../graphql/limits.js';
import { schema } from '../graphql/schema.js';
import { findActingContext } from '../modules/authz/acting.js';
import { SESSION_COOKIE, sessionPolicy } from '../modules/people/session.service.js';
import type { HealthAnswer, Lifecycle } from '../observability/health.js';
import { type AppMetrics, countStatements, type HttpRoute } from '../observability/metrics.js';
import { requestIdFrom, requestScope } from '../observability/request-scope.js';
import type { Tracing } from '../observability/tracing.js';
import { DEV_MAILBOX_PATH, handleDevMailbox } from './dev-mailbox.js';
import { handleMembersExport, MEMBERS_EXPORT_PATH } from './export.js';
import { metricsRefusal } from './metrics-access.js';
import { handleReviewEvidenceExport, REVIEW_EVIDENCE_PATH } from './review-export.js';
import {
  CSRF_HEADER,
  corsFor,
  GRAPHIQL_CONTENT_SECURITY_POLICY,
  securityHeaders,
  useBrowserBoundary,
  webSocketOriginAllowed,
} from './web-surface.js';

interface ServerContext {
  req?: IncomingMessage;
  request?: Request;
}

export interface HttpServer {
  server: Server;
  /** Closes every WebSocket with 1001 (going away), so clients reconnect elsewhere. */
  closeWebSockets(): void;
}

function routeOf(pathname: string): HttpRoute {
  if (pathname.startsWith('/graphql')) return 'graphql';
  if (pathname === '/metrics') return 'metrics';
  if (pathname === '/livez' || pathname === '/readyz' || pathname === '/healthz') return 'health';
  if (pathname === MEMBERS_EXPORT_PATH || pathname === REVIEW_EVIDENCE_PATH) return 'export';
  if (pathname.startsWith('/dev/mail')) return 'dev-mail';
  return 'static';
}

function sendHealth(res: import('node:http').ServerResponse, answer: HealthAnswer): void {
  res
    .writeHead(answer.status, { 'content-type': 'application/json', 'cache-control': 'no-store' })
    .end(JSON.stringify(answer.body));
}

/**
 * Builds the HTTP server: /graphql (HTTP, SSE and WebSocket), /livez, /readyz (and /healthz, its old name),
 * /metrics, the dev mailbox, and the built SPA. Every response carries the request's x-request-id.
 */
export function createHttpServer(
  app: AppServices,
  { metrics, lifecycle, tracing }: { metrics: AppMetrics; lifecycle: Lifecycle; tracing?: Tracing | null },
): HttpServer {
  const contexts = new WeakMap<Request, RequestContext>();
  const clientAddress = clientAddressOf(app.config.TRUST_PROXY);
  const secureCookies = app.config.PUBLIC_URL?.startsWith('https:') ?? false;
  const graphiql = app.config.NODE_ENV !== 'production';

  const graphiqlPolicy: Plugin = {
    onResponse({ response }) {
      if (graphiql && response.headers.get('content-type')?.startsWith('text/html'))
        response.headers.set('content-security-policy', GRAPHIQL_CONTENT_SECURITY_POLICY);
    },
  };

  const setCookies: Plugin = {
    onResponse({ request, response }) {
      const ctx = contexts.get(request);
      for (const cookie of ctx?.cookies ?? []) {
        response.headers.append(
          'set-cookie',
          serializeCookie(cookie.name, cookie.value, {
            httpOnly: true,
            sameSite: 'lax',
            secure: secureCookies,
            path: '/',
            maxAge: cookie.maxAgeSeconds,
          }),
        );
      }
    },
  };

  const yoga = createYoga<ServerContext>({
    schema,
    graphqlEndpoint: '/graphql',
    graphiql: graphiql ? { headers: JSON.stringify({ [CSRF_HEADER]: '1' }) } : false,
    cors: corsFor(app.config),
    landingPage: false,
    logging: {
      debug: (...args) => app.logger.debug(args.join(' ')),
      info: (...args) => app.logger.info(args.join(' ')),
      warn: (...args) => app.logger.warn(args.join(' ')),
      error: (...args) => app.logger.error(args.join(' ')),
    },
    // Refused before parsing, with 413; the same bound applies to WebSocket messages below.
    maxRequestBodySize: LIMITS.bodyBytes,
    // The limits depend on the variables, and the same document comes with other variables: validate each time.
    parserAndValidationCache: { validationCache: false },
    maskedErrors: {
      maskError(error, message) {
        // Thrown bare (not located in a resolver) only by the request parser, e.g. ?variables= that is not JSON.
        if (error instanceof SyntaxError)
          return new GraphQLError('The request is not valid JSON.', {
            extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
          });
        const original = error instanceof GraphQLError ? error.originalError : error;
        if (original instanceof AppError) {
          return new GraphQLError(original.message, {
            path: error instanceof GraphQLError ? error.path : undefined,
            extensions: { code: original.code, ...(original.field ? { field: original.field } : {}) },
          });
        }
        if (error instanceof GraphQLError && !error.originalError) {
          if (error.extensions.code) return error;
          // graphql-js's own refusals: a syntax error, or an argument value it could not coerce.
          return new GraphQLError(error.message, {
            nodes: error.nodes,
            path: error.path,
            extensions: {
              ...error.extensions,
              code: error.message.startsWith('Syntax Error') ? 'GRAPHQL_PARSE_FAILED' : 'BAD_USER_INPUT',
            },
          });
        }
        // An argument graphql-js rejected while executing (e.g. a literal it could not coerce) wraps its own error.
        if (error instanceof GraphQLError && original instanceof GraphQLError && !original.originalError)
          return new GraphQLError(original.message, {
            nodes: error.nodes,
            path: error.path,
            extensions: { code: 'BAD_USER_INPUT' },
          });
        app.logger.error({ err: original ?? error }, 'unexpected error in a resolver');
        return new GraphQLError(message, { extensions: { code: 'INTERNAL' } });
      },
    },
    plugins: [
      useBrowserBoundary(),
      graphiqlPolicy,
      setCookies,
      ...metrics.plugins,
      ...(tracing ? [tracing.plugin] : []),
      ...limitPlugins({
        introspection: app.config.NODE_ENV !== 'production',
        tokens: app.config.GRAPHQL_MAX_TOKENS,
        depth: app.config.GRAPHQL_MAX_DEPTH,
        aliases: app.config.GRAPHQL_MAX_ALIASES,
        cost: app.config.GRAPHQL_MAX_COST,
      }),
    ],
    context: async (initial) => {
      const cookieHeader = initial.request?.headers.get('cookie') ?? initial.req?.headers.cookie ?? '';
      const token = parseCookie(cookieHeader)[SESSION_COOKIE];
      const em = app.orm.em.fork();
      // The acting context in one statement (session, actor, roles, topology version), counted in the operation.
      const { result: acting, statements } = await countStatements(() =>
        findActingContext(em, token, sessionPolicy(app.config), new Date(), (organisationId, version) =>
          app.topologies.at(em, organisationId, version),
        ),
      );
      const ctx = new RequestContext(app, em, acting, clientAddress(initial.req));
      ctx.statementsBefore = statements;
      if (initial.request) contexts.set(initial.request, ctx);
      return ctx as unknown as Record<string, unknown>;
    },
  });

  const serveWeb = existsSync(app.config.WEB_DIST)
    ? sirv(app.config.WEB_DIST, {
        single: true,
        etag: true,
        // Outside production the build may be replaced under a running server: look files up on each request.
        dev: app.config.NODE_ENV !== 'production',
        setHeaders: (res, pathname) =>
          res.setHeader(
            'cache-control',
            pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
          ),
      })
    : null;

  const headers = securityHeaders(app.publicUrl);
  const server = createServer((req, res) => {
    // Set before any handler writes: Node merges them into every writeHead, whoever answers.
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    const requestId = requestIdFrom(req.headers['x-request-id']);
    res.setHeader('x-request-id', requestId);
    const started = process.hrtime.bigint();
    const url = new URL(req.url ?? '/', 'http://localhost');
    res.once('close', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.observeHttp(req.method ?? 'GET', routeOf(url.pathname), res.statusCode, seconds);
    });
    requestScope
      .run({ requestId }, () => handle(req, res, url))
      .catch((error: unknown) => {
        app.logger.error({ err: error, requestId, path: url.pathname }, 'request failed');
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end();
      });
  });

  const handle = async (req: IncomingMessage, res: import('node:http').ServerResponse, url: URL) => {
    if (url.pathname === '/livez') {
      sendHealth(res, { status: 200, body: { status: 'ok' } });
      return;
    }
    if (url.pathname === '/readyz' || url.pathname === '/healthz') {
      sendHealth(res, await lifecycle.readiness());
      return;
    }
    if (url.pathname === '/metrics') {
      const refusal = metricsRefusal(app.config.METRICS_TOKEN, req, clientAddress(req));
      if (refusal) {
        res
          .writeHead(refusal.status, { 'content-type': 'text/plain', ...refusal.headers })
          .end(refusal.message);
        return;
      }
      res.writeHead(200, { 'content-type': metrics.contentType }).end(await metrics.text());
      return;
    }
    if (url.pathname.startsWith('/graphql')) {
      yoga.handle(req, res, { req });
      return;
    }
    if (url.pathname === MEMBERS_EXPORT_PATH) {
      await handleMembersExport(app, req, res, url);
      return;
    }
    if (url.pathname === REVIEW_EVIDENCE_PATH) {
      await handleReviewEvidenceExport(app, req, res, url);
      return;
    }
    if (url.pathname === DEV_MAILBOX_PATH || url.pathname.startsWith(`${DEV_MAILBOX_PATH}/`)) {
      await handleDevMailbox(app.config, req, res, url).catch((error) => {
        app.logger.error({ err: error }, 'dev mailbox failed');
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' }).end('Dev mailbox failed.');
      });
      return;
    }
    if (serveWeb) {
      serveWeb(req, res, () => {
        res.writeHead(404).end('Not found');
      });
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('The web client is not built: run pnpm build.');
  };

  const wsServer = new WebSocketServer({
    server,
    path: '/graphql',
    maxPayload: LIMITS.bodyBytes,
    verifyClient: ({ req }: { req: IncomingMessage }) =>
      webSocketOriginAllowed(app.config, app.publicUrl, req),
  });
  wsServer.on('headers', (headers, req) => {
    headers.push(`x-request-id: ${requestIdFrom(req.headers['x-request-id'])}`);
  });
  useServer(
    {
      execute: (args) => (args.rootValue as { execute: typeof import('graphql').execute }).execute(args),
      subscribe: (args) =>
        (args.rootValue as { subscribe: typeof import('graphql').subscribe }).subscribe(args),
      onSubscribe: async (ctx, _id, params) => {
        const {
          schema: envelopedSchema,
          execute,
          subscribe,
          contextFactory,
          parse,
          validate,
        } = yoga.getEnveloped({
          ...ctx,
          req: ctx.extra.request,
          socket: ctx.extra.socket,
          params,
        });
        let document: ReturnType<typeof parse>;
        try {
          document = parse(params.query);
        } catch (error) {
          // A syntax error or the token limit: answered as errors of this subscription, the socket stays open.
          if (error instanceof GraphQLError) return [error];
          throw error;
        }
        // Validation (with the limits) comes before the context, whose session lookup is the first SQL.
        const errors = validate(envelopedSchema, document);
        if (errors.length) return errors;
        return {
          schema: envelopedSchema,
          operationName: params.operationName,
          document,
          variableValues: params.variables,
          contextValue: await contextFactory(),
          rootValue: { execute, subscribe },
        };
      },
    },
    wsServer,
  );
  server.on('close', () => wsServer.close());
  return {
    server,
    closeWebSockets() {
      for (const socket of wsServer.clients) socket.close(1001, 'server shutting down');
    },
  };
}
