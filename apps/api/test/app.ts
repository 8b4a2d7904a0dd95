import type { TadaDocumentNode } from 'gql.tada';
import { type DocumentNode, print } from 'graphql';
import { type RunningApp, startApp } from '../src/app.js';
import { DEMO_PASSWORD } from '../src/db/seed/index.js';
import { CSRF_HEADER } from '../src/http/web-surface.js';
import { dispatchOutboxMessage, messageIdDomain } from '../src/mail/dispatcher.js';
import { createMailer } from '../src/mail/mailer.js';
import { createTestDatabase, runtimeUrlOf } from './database.js';
import { startSmtpServer } from './smtp.js';

/**
 * A GraphQL answer in a test whose query is a plain string: untyped, asserted field by field. Prefer a typed
 * document (`graphql()` from test/graphql.ts), whose answer TestClient types from the schema.
 */
// biome-ignore lint/suspicious/noExplicitAny: the one untyped answer, for plain-string queries
export type UntypedData = any;

export interface GraphQLResponse<T = UntypedData> {
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string; field?: string } }[];
}

/** A document's variables: optional when none is required. */
type VariablesArg<V> = Record<string, never> extends V ? [variables?: V] : [variables: V];

/** A GraphQL client with its own cookie jar, like one browser. */
export class TestClient {
  cookie = '';
  constructor(readonly url: string) {}

  /** Sends a typed document (its result and variables typed from the schema) or a plain-string query. */
  async gql<R, V>(
    document: TadaDocumentNode<R, V>,
    ...variables: VariablesArg<V>
  ): Promise<GraphQLResponse<R>>;
  async gql<T = UntypedData>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>>;
  async gql(query: string | DocumentNode, variables: unknown = {}): Promise<GraphQLResponse> {
    const response = await fetch(`${this.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [CSRF_HEADER]: '1',
        ...(this.cookie ? { cookie: this.cookie } : {}),
      },
      body: JSON.stringify({
        query: typeof query === 'string' ? query : print(query),
        variables: variables ?? {},
      }),
    });
    const setCookie = response.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0]!;
    return (await response.json()) as GraphQLResponse;
  }

  /** gql, failing the test on any top-level error */
  async ok<R, V>(document: TadaDocumentNode<R, V>, ...variables: VariablesArg<V>): Promise<R>;
  async ok<T = UntypedData>(query: string, variables?: Record<string, unknown>): Promise<T>;
  async ok(query: string | DocumentNode, variables: Record<string, unknown> = {}): Promise<unknown> {
    const result = await this.gql(query as string, variables);
    if (result.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
    return result.data;
  }

  async signIn(email: string, password = DEMO_PASSWORD): Promise<void> {
    const data = await this.ok(
      `mutation($input: SignInInput!) { signIn(input: $input) { __typename ... on Error { code message } } }`,
      { input: { email, password } },
    );
    if (data.signIn.__typename !== 'MutationSignInSuccess')
      throw new Error(`sign-in failed: ${JSON.stringify(data)}`);
  }
}

export interface TestApp {
  app: RunningApp;
  url: string;
  smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  /** the database as its owner, for tests that read or prepare rows */
  databaseUrl: string;
  /** the same database as the runtime role the API connects as */
  runtimeDatabaseUrl: string;
  client(): TestClient;
  /** a client signed in as this demo login */
  as(email: string): Promise<TestClient>;
  /**
   * Runs the mail dispatch until the outbox holds nothing left to send now: every unsent, never-attempted message
   * is sent (or fails and is left to its job's back-off); a message a job worker is sending is waited for on its
   * row lock. Afterwards every mail the committed work queued is in `smtp.inbox`, so a test can assert that a
   * mail was NOT sent without sleeping.
   */
  drainOutbox(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export interface TestAppOptions {
  /** share the database of another test app (several API instances on one database); it stays on stop */
  databaseUrl?: string;
}

/** The whole API on its own database (seeded with the demo data) and its own SMTP server. */
export async function startTestApp(
  env: Record<string, string> = {},
  options: TestAppOptions = {},
): Promise<TestApp> {
  const database = options.databaseUrl
    ? { url: options.databaseUrl, runtimeUrl: runtimeUrlOf(options.databaseUrl), drop: async () => {} }
    : await createTestDatabase();
  const smtp = await startSmtpServer();
  const app = await startApp({
    NODE_ENV: 'test',
    // The runtime role only, as in production: the template is migrated, so the API needs no owner rights.
    DATABASE_URL: database.runtimeUrl,
    PORT: '0',
    HOST: '127.0.0.1',
    SMTP_URL: smtp.url,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    SESSION_SECRET: 'a-test-secret-that-is-long-enough-000000',
    ...env,
  });
  return {
    app,
    url: app.url,
    smtp,
    databaseUrl: database.url,
    runtimeDatabaseUrl: database.runtimeUrl,
    client: () => new TestClient(app.url),
    async as(email) {
      const client = new TestClient(app.url);
      await client.signIn(email);
      return client;
    },
    drainOutbox: (timeoutMs) => drainOutbox(app, timeoutMs),
    async stop() {
      await app.stop();
      await smtp.close();
      await database.drop();
    },
  };
}

async function drainOutbox(app: RunningApp, timeoutMs = 10_000): Promise<void> {
  const { config } = app;
  const mailer = createMailer({ smtpUrl: config.SMTP_URL, from: config.MAIL_FROM, mailDir: config.mailDir });
  const em = app.services.orm.em.fork();
  const options = { mailer, domain: messageIdDomain(config.MAIL_FROM) };
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      const rows = await em.execute<{ id: string }[]>(
        'select id from outbox_message where sent_at is null and attempts = 0 and available_at <= now() order by id',
      );
      if (rows.length === 0) return;
      if (Date.now() > deadline) throw new Error(`the outbox still holds ${rows.length} message(s) to send`);
      for (const row of rows) {
        const id = String(row.id);
        // A failed send is counted on the row (attempts > 0): its job retries it, the drain is done with it.
        const outcome = await dispatchOutboxMessage(em, id, options).catch(() => 'failed' as const);
        if (outcome === 'busy')
          // A job worker holds the row while it sends: its lock is released when the row is marked.
          await em
            .fork()
            .transactional((tx) => tx.execute('select 1 from outbox_message where id = ? for update', [id]));
      }
    }
  } finally {
    mailer.close();
  }
}
