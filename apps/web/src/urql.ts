import { createClient as createWsClient } from 'graphql-ws';
import { type Client, cacheExchange, createClient, fetchExchange, subscriptionExchange } from 'urql';

/**
 * The API refuses GraphQL requests and exports without this header (CSRF prevention): a page on another site
 * cannot add it without a CORS preflight, which the API answers only for its configured origins.
 */
export const CSRF_HEADER = 'x-graphql-yoga-csrf';
export const CSRF_HEADERS: Record<string, string> = { [CSRF_HEADER]: '1' };

export interface UrqlClientOptions {
  /** Origin the API is served from; the page's own origin by default. */
  origin?: string;
}

/**
 * Builds the GraphQL client: HTTP (JSON POST with the CSRF header) with the session cookie, subscriptions over
 * graphql-ws on the same path (a WebSocket cannot carry the header: the API checks its Origin instead).
 */
export function createUrqlClient({ origin = window.location.origin }: UrqlClientOptions = {}): Client {
  const httpUrl = new URL('/graphql', origin);
  const wsUrl = new URL(httpUrl);
  wsUrl.protocol = httpUrl.protocol === 'https:' ? 'wss:' : 'ws:';
  const ws = createWsClient({ url: wsUrl.toString(), lazy: true });

  return createClient({
    url: httpUrl.toString(),
    fetchOptions: { credentials: 'same-origin', headers: CSRF_HEADERS },
    preferGetMethod: false,
    requestPolicy: 'cache-and-network',
    exchanges: [
      cacheExchange,
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query ?? '' };
          return {
            subscribe(sink) {
              const unsubscribe = ws.subscribe(input, sink);
              return { unsubscribe };
            },
          };
        },
      }),
    ],
  });
}
