import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { CSRF_HEADER } from '../src/http/web-surface.js';
import type { TestClient } from './app.js';

/** What a subscription received so far, and a way to wait for more. */
export interface LiveSubscription {
  /** every `data` payload received, in order */
  events: Record<string, any>[];
  /** errors the server ended the subscription with */
  errors: unknown[];
  /** waits until at least `count` events arrived (fails after `timeoutMs`) and returns the `count`-th */
  next(count?: number, timeoutMs?: number): Promise<Record<string, any>>;
  /** waits until the subscription ends with an error */
  failure(timeoutMs?: number): Promise<unknown>;
  /** waits until the server ends the subscription (an error or complete, or the stream closing); gives the errors */
  ended(timeoutMs?: number): Promise<unknown[]>;
  /** resolves once the server has the subscription running (the first event may then be published) */
  ready: Promise<void>;
  close(): Promise<void>;
}

function collector() {
  const events: Record<string, any>[] = [];
  const errors: unknown[] = [];
  const waiters = new Set<() => void>();
  let done = false;
  const wake = () => {
    for (const waiter of waiters) waiter();
  };
  const until = async (test: () => boolean, timeoutMs: number, what: string) => {
    const deadline = Date.now() + timeoutMs;
    while (!test()) {
      if (Date.now() > deadline)
        throw new Error(
          `${what} did not come within ${timeoutMs} ms; got ${JSON.stringify({ events, errors })}`,
        );
      await new Promise<void>((resolve) => {
        const done = () => {
          waiters.delete(done);
          resolve();
        };
        waiters.add(done);
        setTimeout(done, 100);
      });
    }
  };
  return {
    events,
    errors,
    push(data: Record<string, any>) {
      events.push(data);
      wake();
    },
    fail(error: unknown) {
      errors.push(error);
      wake();
    },
    end() {
      done = true;
      wake();
    },
    get isEnded() {
      return done;
    },
    async next(count = events.length + 1, timeoutMs = 10_000) {
      await until(() => events.length >= count, timeoutMs, `event #${count}`);
      return events[count - 1]!;
    },
    async failure(timeoutMs = 10_000) {
      await until(() => errors.length > 0, timeoutMs, 'an error');
      return errors[0];
    },
    async ended(timeoutMs = 10_000) {
      await until(() => done, timeoutMs, 'the end of the subscription');
      return errors;
    },
  };
}

/**
 * A client of the API's WebSocket endpoint (the graphql-ws protocol, as the web app uses it), authenticated like
 * a browser by the session cookie sent with the upgrade request.
 */
export function wsClient(baseUrl: string, client: TestClient): Client {
  const cookie = client.cookie;
  class CookieWebSocket extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols, { headers: cookie ? { cookie } : {} });
    }
  }
  return createClient({
    url: `${baseUrl.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: CookieWebSocket,
    lazy: true,
    retryAttempts: 0,
  });
}

/** Subscribes over graphql-ws; `ready` resolves once the server runs the subscription. */
export function subscribeWs(
  baseUrl: string,
  client: TestClient,
  query: string,
  variables: Record<string, unknown> = {},
): LiveSubscription {
  const ws = wsClient(baseUrl, client);
  const box = collector();
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  // The server acknowledges the connection, then subscribes once it has read the session: a short wait covers it.
  ws.on('connected', () => setTimeout(markReady, 600));
  const unsubscribe = ws.subscribe(
    { query, variables },
    {
      next: (result) => {
        if (result.errors?.length) box.fail(result.errors);
        else box.push(result.data as Record<string, any>);
      },
      error: (error) => {
        box.fail(error);
        box.end();
      },
      complete: () => box.end(),
    },
  );
  return {
    events: box.events,
    errors: box.errors,
    next: box.next,
    failure: box.failure,
    ended: box.ended,
    ready,
    async close() {
      unsubscribe();
      // Once the server ended the subscription there is nothing left to wait for.
      if (box.isEnded) void ws.dispose();
      else await ws.dispose();
    },
  };
}

/** Subscribes over Server-Sent Events (GraphQL over SSE, distinct connections mode) with the session cookie. */
export function subscribeSse(
  baseUrl: string,
  client: TestClient,
  query: string,
  variables: Record<string, unknown> = {},
): LiveSubscription {
  const box = collector();
  const abort = new AbortController();
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  const run = (async () => {
    const response = await fetch(`${baseUrl}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'text/event-stream',
        [CSRF_HEADER]: '1',
        ...(client.cookie ? { cookie: client.cookie } : {}),
      },
      body: JSON.stringify({ query, variables }),
      signal: abort.signal,
    });
    if (!response.ok || !response.body) throw new Error(`SSE answered ${response.status}`);
    setTimeout(markReady, 600);
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const message = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(message)?.[1];
        const data = message
          .split('\n')
          .filter((line) => line.startsWith('data:'))
          .map((line) => line.slice(5).trimStart())
          .join('\n');
        if (event === 'next' && data) {
          const result = JSON.parse(data) as { data?: Record<string, any>; errors?: unknown[] };
          if (result.errors?.length) box.fail(result.errors);
          else if (result.data) box.push(result.data);
        }
        if (event === 'complete') box.end();
      }
    }
    box.end();
  })().catch((error) => {
    if (!abort.signal.aborted) box.fail(error);
    box.end();
  });
  return {
    events: box.events,
    errors: box.errors,
    next: box.next,
    failure: box.failure,
    ended: box.ended,
    ready,
    async close() {
      abort.abort();
      if (!box.isEnded) await run;
    },
  };
}
