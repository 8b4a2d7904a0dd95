import type { TadaDocumentNode } from 'gql.tada';
import { print } from 'graphql';
import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { CSRF_HEADER } from '../src/http/web-surface.js';
import type { TestClient, UntypedData } from './app.js';

/** What a subscription received so far, and a way to wait for more. */
export interface LiveSubscription<Data = UntypedData> {
  /** every `data` payload received, in order */
  events: Data[];
  /** errors the server ended the subscription with */
  errors: unknown[];
  /** waits until at least `count` events arrived (fails after `timeoutMs`) and returns the `count`-th */
  next(count?: number, timeoutMs?: number): Promise<Data>;
  /** waits until the subscription ends with an error */
  failure(timeoutMs?: number): Promise<unknown>;
  /** waits until the server ends the subscription (an error or complete, or the stream closing); gives the errors */
  ended(timeoutMs?: number): Promise<unknown[]>;
  /** resolves once the server has the subscription running (the first event may then be published) */
  readonly ready: Promise<void>;
  close(): Promise<void>;
}

/** The subscriptions this helper holds open on each API address (until they end or are closed). */
const openOn = new Map<string, Set<object>>();

/** The instance's own count of running subscriptions (SSE and WebSocket), from its /metrics. */
async function runningOn(baseUrl: string): Promise<number> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const value = /^tessera_live_subscriptions (\d+)/m.exec(text)?.[1];
  if (value === undefined) throw new Error('tessera_live_subscriptions is missing from /metrics');
  return Number(value);
}

/**
 * Tracks one subscription on `baseUrl`; `ready()` resolves once the server runs it: the instance's
 * `tessera_live_subscriptions` gauge (counted when the subscribe resolver's stream is returned, before the first
 * event can be published) covers every subscription the helper holds open there. A subscription the server
 * refuses ends and stops being waited for.
 */
function tracked(baseUrl: string, isEnded: () => boolean) {
  const token = {};
  const open = openOn.get(baseUrl) ?? new Set<object>();
  openOn.set(baseUrl, open);
  open.add(token);
  let waiting: Promise<void> | undefined;
  return {
    forget: () => open.delete(token),
    ready: () => (waiting ??= untilRunning()),
  };
  async function untilRunning(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (isEnded()) return;
      if ((await runningOn(baseUrl)) >= open.size) return;
      if (Date.now() > deadline)
        throw new Error(`the server did not run the subscription within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

function collector<Data>() {
  const events: Data[] = [];
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
    push(data: Data) {
      events.push(data);
      wake();
    },
    fail(error: unknown) {
      errors.push(error);
      wake();
    },
    /** called once when the subscription ends */
    onEnd: (() => {}) as () => void,
    end() {
      if (!done) this.onEnd();
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
export function subscribeWs<Data = UntypedData>(
  baseUrl: string,
  client: TestClient,
  document: string | TadaDocumentNode<Data, Record<string, unknown>>,
  variables: Record<string, unknown> = {},
): LiveSubscription<Data> {
  const query = typeof document === 'string' ? document : print(document);
  const ws = wsClient(baseUrl, client);
  const box = collector<Data>();
  const track = tracked(baseUrl, () => box.isEnded);
  box.onEnd = track.forget;
  const unsubscribe = ws.subscribe(
    { query, variables },
    {
      next: (result) => {
        if (result.errors?.length) box.fail(result.errors);
        else box.push(result.data as Data);
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
    // Polled only when asked for: reading /metrics runs SQL, which tests counting statements must not see.
    get ready() {
      return track.ready();
    },
    async close() {
      track.forget();
      unsubscribe();
      // Once the server ended the subscription there is nothing left to wait for.
      if (box.isEnded) void ws.dispose();
      else await ws.dispose();
    },
  };
}

/** Subscribes over Server-Sent Events (GraphQL over SSE, distinct connections mode) with the session cookie. */
export function subscribeSse<Data = UntypedData>(
  baseUrl: string,
  client: TestClient,
  document: string | TadaDocumentNode<Data, Record<string, unknown>>,
  variables: Record<string, unknown> = {},
): LiveSubscription<Data> {
  const query = typeof document === 'string' ? document : print(document);
  const box = collector<Data>();
  const abort = new AbortController();
  const track = tracked(baseUrl, () => box.isEnded);
  box.onEnd = track.forget;
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
          const result = JSON.parse(data) as { data?: Data; errors?: unknown[] };
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
    // Polled only when asked for: reading /metrics runs SQL, which tests counting statements must not see.
    get ready() {
      return track.ready();
    },
    async close() {
      track.forget();
      abort.abort();
      if (!box.isEnded) await run;
    },
  };
}
