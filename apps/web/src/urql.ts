import { createClient as createWsClient } from 'graphql-ws';
import { type Client, cacheExchange, createClient, fetchExchange, subscriptionExchange } from 'urql';

export interface UrqlClientOptions {
  /** Origin the API is served from; the page's own origin by default. */
  origin?: string;
}

/** Builds the GraphQL client: HTTP with the session cookie, subscriptions over graphql-ws on the same path. */
export function createUrqlClient({ origin = window.location.origin }: UrqlClientOptions = {}): Client {
  const httpUrl = new URL('/graphql', origin);
  const wsUrl = new URL(httpUrl);
  wsUrl.protocol = httpUrl.protocol === 'https:' ? 'wss:' : 'ws:';
  const ws = createWsClient({ url: wsUrl.toString(), lazy: true });

  return createClient({
    url: httpUrl.toString(),
    fetchOptions: { credentials: 'same-origin' },
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
