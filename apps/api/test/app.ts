import { type RunningApp, startApp } from '../src/app.js';
import { DEMO_PASSWORD } from '../src/db/seed/index.js';
import { CSRF_HEADER } from '../src/web-surface.js';
import { createTestDatabase, runtimeUrlOf } from './database.js';
import { startSmtpServer } from './smtp.js';

export interface GraphQLResponse<T = Record<string, any>> {
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string; field?: string } }[];
}

/** A GraphQL client with its own cookie jar, like one browser. */
export class TestClient {
  cookie = '';
  constructor(readonly url: string) {}

  async gql<T = Record<string, any>>(
    query: string,
    variables: Record<string, unknown> = {},
  ): Promise<GraphQLResponse<T>> {
    const response = await fetch(`${this.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [CSRF_HEADER]: '1',
        ...(this.cookie ? { cookie: this.cookie } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    const setCookie = response.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0]!;
    return (await response.json()) as GraphQLResponse<T>;
  }

  /** gql, failing the test on any top-level error */
  async ok<T = Record<string, any>>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const result = await this.gql<T>(query, variables);
    if (result.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
    return result.data as T;
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
    async stop() {
      await app.stop();
      await smtp.close();
      await database.drop();
    },
  };
}
