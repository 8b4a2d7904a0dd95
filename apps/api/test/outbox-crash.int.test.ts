import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../src/db/seed/index.js';
import { CSRF_HEADER } from '../src/http/web-surface.js';
import { createTestDatabase } from './database.js';
import { type ReceivedMail, startSmtpServer } from './smtp.js';
import { spawnApi, waitUntil } from './spawn.js';

const CREATE = `mutation($input: CreateMemberInput!) {
  createMember(input: $input) { __typename ... on MutationCreateMemberSuccess { data { personCreated } } }
}`;

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
beforeAll(async () => {
  database = await createTestDatabase();
  smtp = await startSmtpServer();
});
afterAll(async () => {
  await smtp?.close();
  await database?.drop();
});

async function query<T>(text: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}

async function signIn(port: number, email: string): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [CSRF_HEADER]: '1' },
    body: JSON.stringify({
      query: 'mutation($input: SignInInput!) { signIn(input: $input) { __typename } }',
      variables: { input: { email, password: DEMO_PASSWORD } },
    }),
  });
  expect((await response.json()).data.signIn.__typename).toBe('MutationSignInSuccess');
  return response.headers.get('set-cookie')!.split(';')[0]!;
}

describe('outbox mail across a kill -9 of the API', () => {
  it('sends each acknowledged welcome e-mail exactly once by Message-ID, and loses none', async () => {
    const env = {
      DATABASE_URL: database.runtimeUrl,
      SMTP_URL: smtp.url,
      PORT: '0',
      HOST: '127.0.0.1',
      NODE_ENV: 'test',
      SESSION_SECRET: 'a-test-secret-that-is-long-enough-000000',
    };
    const first = spawnApi(env);
    const port = await first.started();
    expect(port, first.err()).not.toBeNull();
    const cookie = await signIn(port!, 'paul.girard@lumiere.demo');

    const acknowledged: string[] = [];
    let killed = false;
    let next = 0;
    const total = 60;
    // Four writers, like a busy organisation; each stops at the first failure (the API is gone).
    const writer = async () => {
      while (next < total) {
        const email = `crash.${next++}@lumiere.demo`;
        try {
          const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', [CSRF_HEADER]: '1', cookie },
            body: JSON.stringify({
              query: CREATE,
              variables: {
                input: {
                  lastName: 'Crash',
                  firstName: 'Test',
                  email,
                  emailConfirmation: email,
                  mobility: 'MOBILE',
                },
              },
            }),
          });
          const body = await response.json();
          expect(body.data.createMember.__typename).toBe('MutationCreateMemberSuccess');
          acknowledged.push(email);
        } catch (error) {
          if (!killed) throw error;
          return;
        }
      }
    };
    const writers = Promise.all([writer(), writer(), writer(), writer()]);
    const welcome = (mail: ReceivedMail) => mail.to.some((to) => to.startsWith('crash.'));
    // Mid-burst: the dispatcher is sending while members are still being created.
    await waitUntil(() => smtp.inbox.filter(welcome).length >= 8, 60_000, 'the first welcome e-mails');
    killed = true;
    first.child.kill('SIGKILL');
    await writers;
    await first.exited;
    expect(acknowledged.length).toBeGreaterThanOrEqual(8);
    expect(acknowledged.length).toBeLessThan(total);

    const second = spawnApi(env);
    expect(await second.started(), second.err()).not.toBeNull();
    try {
      await waitUntil(
        async () =>
          (
            await query<{ n: number }>('select count(*)::int as n from outbox_message where sent_at is null')
          )[0]!.n === 0,
        60_000,
        'the outbox to be drained',
      );
      const mails = smtp.inbox.filter(welcome);
      for (const email of acknowledged) {
        const persons = await query('select 1 from person where email = $1', [email]);
        expect(persons, email).toHaveLength(1);
        const received = mails.filter((mail) => mail.to.includes(email));
        // A receiver that keeps one message per Message-ID holds exactly one welcome for each acknowledged member.
        expect(new Set(received.map((mail) => mail.messageId)).size, email).toBe(1);
        expect(received[0]!.messageId).toMatch(/^<outbox\.\d+\.[0-9a-z]+@tessera\.local>$/);
      }
      // Without such a receiver, only the message in flight at the kill can arrive twice (same Message-ID).
      const byId = new Map<string, number>();
      for (const mail of mails) byId.set(mail.messageId, (byId.get(mail.messageId) ?? 0) + 1);
      const resent = [...byId.values()].filter((count) => count > 1);
      expect(resent.length).toBeLessThanOrEqual(1);
      expect(resent.every((count) => count === 2)).toBe(true);
      // Nothing was sent that the outbox does not hold, and every outbox row went once.
      const rows = await query<{ n: number }>(
        `select count(*)::int as n from outbox_message where payload->>'to' like 'crash.%'`,
      );
      expect(byId.size).toBe(rows[0]!.n);
    } finally {
      second.child.kill('SIGINT');
      await second.exited;
    }
  }, 240_000);
});
