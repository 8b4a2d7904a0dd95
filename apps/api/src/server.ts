import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { join } from 'node:path';
import { parse as parseCookie, serialize as serializeCookie } from 'cookie';
import { GraphQLError } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { createYoga, type Plugin } from 'graphql-yoga';
import sirv from 'sirv';
import { WebSocketServer } from 'ws';
import { type AppServices, RequestContext } from './context.js';
import { AppError } from './errors.js';
import { LIMITS, limitPlugins } from './graphql/limits.js';
import { schema } from './graphql/schema.js';
import { handleMembersExport, MEMBERS_EXPORT_PATH } from './modules/members/export-http.js';
import { findSession, SESSION_COOKIE } from './modules/people/session.service.js';

interface ServerContext {
  req?: IncomingMessage;
  request?: Request;
}

function clientAddress(req: IncomingMessage | undefined): string {
  return req?.socket.remoteAddress ?? 'unknown';
}

/** Builds the HTTP server: /graphql (HTTP, SSE and WebSocket), /healthz, the dev mailbox, and the built SPA. */
export function createHttpServer(app: AppServices): Server {
  const contexts = new WeakMap<Request, RequestContext>();
  const secureCookies = app.config.PUBLIC_URL?.startsWith('https:') ?? false;

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
    graphiql: app.config.NODE_ENV !== 'production',
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
      setCookies,
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
      const session = await findSession(em, token);
      const ctx = new RequestContext(app, em, session, clientAddress(initial.req));
      if (initial.request) ctx.requestOrigin = new URL(initial.request.url).origin;
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

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/healthz') {
      try {
        await app.orm.em.getConnection().execute('select 1');
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok","database":"ok"}');
      } catch {
        res
          .writeHead(503, { 'content-type': 'application/json' })
          .end('{"status":"error","database":"unreachable"}');
      }
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
    if (url.pathname.startsWith('/dev/mail') && !app.config.SMTP_URL && app.config.NODE_ENV !== 'test') {
      devMailbox(app.config.mailDir, url, res);
      return;
    }
    if (serveWeb) {
      serveWeb(req, res, () => {
        res.writeHead(404).end('Not found');
      });
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('The web client is not built: run pnpm build.');
  });

  const wsServer = new WebSocketServer({ server, path: '/graphql', maxPayload: LIMITS.bodyBytes });
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
  return server;
}

function devMailbox(mailDir: string, url: URL, res: import('node:http').ServerResponse): void {
  const files = existsSync(mailDir)
    ? readdirSync(mailDir)
        .filter((f) => f.endsWith('.eml'))
        .sort()
        .reverse()
    : [];
  const name = url.pathname.slice('/dev/mail/'.length);
  if (name && files.includes(name)) {
    res
      .writeHead(200, { 'content-type': 'text/plain; charset=utf-8' })
      .end(readFileSync(join(mailDir, name)));
    return;
  }
  const items = files
    .map((file) => {
      const head = readFileSync(join(mailDir, file), 'utf8').slice(0, 4000);
      const subject = /^Subject: (.*)$/m.exec(head)?.[1] ?? file;
      const to = /^To: (.*)$/m.exec(head)?.[1] ?? '';
      const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
      return `<li><a href="/dev/mail/${encodeURIComponent(file)}">${esc(subject)}</a> — ${esc(to)}</li>`;
    })
    .join('');
  res
    .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
    .end(
      `<!doctype html><html lang="en"><meta charset="utf-8"><title>Dev mailbox</title><h1>Dev mailbox</h1><p>${mailDir}</p><ul>${items || '<li>No mail yet.</li>'}</ul></html>`,
    );
}
