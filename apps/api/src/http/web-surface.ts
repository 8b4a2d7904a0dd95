import type { IncomingMessage } from 'node:http';
import { isIPv4 } from 'node:net';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { GraphQLError } from 'graphql';
import type { CORSOptions, Plugin } from 'graphql-yoga';
import type { Config } from '../config.js';

/**
 * The header every GraphQL request and every export must carry. A browser adds a custom header only after a
 * CORS preflight, which a foreign origin fails, so a page elsewhere cannot make a signed-in browser act.
 */
export const CSRF_HEADER = 'x-graphql-yoga-csrf';

/** The only body type /graphql accepts: JSON always needs a preflight when it comes from another origin. */
const JSON_MEDIA_TYPE = 'application/json';

export class CsrfHeaderRequiredError extends GraphQLError {
  constructor() {
    super(`Send the ${CSRF_HEADER} header with every request (any value).`, {
      extensions: { code: 'CSRF_HEADER_REQUIRED', http: { status: 403 } },
    });
  }
}

class UnsupportedMediaTypeError extends GraphQLError {
  constructor() {
    super(`Send GraphQL requests as ${JSON_MEDIA_TYPE}.`, {
      extensions: { code: 'UNSUPPORTED_MEDIA_TYPE', http: { status: 415 } },
    });
  }
}

/**
 * CSRF prevention on /graphql, in two layers. Yoga's plugin refuses the requests a browser sends without a
 * preflight (GET, form, multipart, text/plain) unless they carry the header; its error gets our typed code.
 * On top of it, the stricter rule of this application: every request carries the header, and a POST body is
 * JSON only, so form-encoded and multipart mutations are refused even with the header (415).
 */
export function useBrowserBoundary(): Plugin {
  const yogaCsrf = useCSRFPrevention({ requestHeaders: [CSRF_HEADER] });
  return {
    onRequestParse(payload) {
      try {
        yogaCsrf.onRequestParse?.(payload);
      } catch (error) {
        if (error instanceof GraphQLError) throw new CsrfHeaderRequiredError();
        throw error;
      }
      const { request } = payload;
      if (!request.headers.has(CSRF_HEADER)) throw new CsrfHeaderRequiredError();
      if (request.method === 'POST') {
        const mediaType = request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase();
        if (mediaType !== JSON_MEDIA_TYPE) throw new UnsupportedMediaTypeError();
      }
    },
    onResponse({ response }) {
      // The CORS answer depends on Origin: caches must not hand one origin's answer to another.
      response.headers.append('vary', 'Origin');
    },
  };
}

/**
 * Yoga's `cors` option: same-origin needs no CORS header; another origin gets one only when CORS_ORIGINS lists
 * it, and then exactly that origin (a listed origin is echoed, an unlisted one never is).
 */
export function corsFor(config: Config): (request: Request) => CORSOptions {
  const allowed = new Set(config.CORS_ORIGINS);
  return (request) => {
    const origin = request.headers.get('origin');
    if (!origin || !allowed.has(origin)) return false;
    return {
      origin,
      credentials: true,
      methods: ['GET', 'POST'],
      allowedHeaders: ['content-type', CSRF_HEADER],
      maxAge: 600,
    };
  };
}

/**
 * Whether a WebSocket upgrade may open: browsers cannot add headers to it, so the Origin is checked instead
 * (cross-site WebSocket hijacking). No Origin is a non-browser client, which carries no ambient credentials.
 */
export function webSocketOriginAllowed(config: Config, publicUrl: string, req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  if (origin === new URL(publicUrl).origin || config.CORS_ORIGINS.includes(origin)) return true;
  // Same-origin as the browser saw it (e.g. the Vite dev server proxying to the API with its own Host).
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

/**
 * The application's Content-Security-Policy. No inline script anywhere (the built index.html loads one module
 * file and the app sets no color-scheme script). Styles allow 'unsafe-inline' because Mantine and its CSS
 * variables resolver inject <style> elements and style attributes at run time; no script can come from them.
 * `connect-src 'self'` covers the same-origin ws:/wss: of graphql-ws (CSP Level 3).
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * GraphiQL (outside production only) is one HTML page that loads its bundle from unpkg and starts it with an
 * inline script: it gets this looser policy, the rest of the application never does.
 */
export const GRAPHIQL_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline' https://unpkg.com",
  "style-src 'self' 'unsafe-inline' https://unpkg.com",
  "img-src 'self' data: https://raw.githubusercontent.com",
  "font-src 'self' data: https://unpkg.com",
  "worker-src 'self' blob:",
  "connect-src 'self' https://unpkg.com",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The headers on every HTTP response: API, SPA files, exports, the dev mailbox. */
export function securityHeaders(publicUrl: string): Record<string, string> {
  return {
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    // Reset and welcome links carry their token in the query string: never send it on to another site.
    'referrer-policy': 'no-referrer',
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    ...(publicUrl.startsWith('https:')
      ? { 'strict-transport-security': 'max-age=31536000; includeSubDomains' }
      : {}),
  };
}

/** Whether a socket's remote address is this machine: 127.0.0.0/8, ::1, or IPv4-mapped 127.x. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.toLowerCase().startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  if (isIPv4(v4)) return v4.split('.')[0] === '127';
  return address === '::1';
}
