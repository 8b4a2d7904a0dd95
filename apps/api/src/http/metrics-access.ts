import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isLoopback } from '../auth/client-address.js';

export type MetricsRefusal = { status: 401 | 403; message: string; headers: Record<string, string> };

/** Headers a reverse proxy adds: their presence means the request came through one. */
const FORWARDING_HEADERS = ['forwarded', 'x-forwarded-for', 'x-real-ip'] as const;

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * Who may scrape /metrics (operation counts, job queues and sign-in failures are not for the public): with
 * METRICS_TOKEN, whoever sends it as a bearer token, compared in constant time; without it, a client on the
 * loopback interface only, and never a forwarded request: a reverse proxy on the same host connects from loopback
 * for every internet client, so a request that carries a forwarding header is not a local scrape, whatever
 * TRUST_PROXY says. `null` lets the scrape through.
 */
export function metricsRefusal(
  token: string | undefined,
  req: IncomingMessage,
  clientAddress: string,
): MetricsRefusal | null {
  if (token !== undefined) {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (match && timingSafeEqual(digest(match[1]!), digest(token))) return null;
    return {
      status: 401,
      message: 'Send METRICS_TOKEN as "Authorization: Bearer <token>" to read /metrics.\n',
      headers: { 'www-authenticate': 'Bearer realm="metrics"' },
    };
  }
  const forwarded = FORWARDING_HEADERS.some((name) => req.headers[name] !== undefined);
  if (!forwarded && isLoopback(clientAddress)) return null;
  return {
    status: 403,
    message: '/metrics answers the loopback interface only; set METRICS_TOKEN to scrape it from elsewhere.\n',
    headers: {},
  };
}
