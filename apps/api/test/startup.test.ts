import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const apiRoot = new URL('..', import.meta.url).pathname;

function run(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: apiRoot,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, out: () => stdout, err: () => stderr };
}

async function waitFor(check: () => boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function postgresProcessesFor(dir: string): string[] {
  const ps = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' });
  return ps.split('\n').filter((line) => line.includes('postgres') && line.includes(dir));
}

describe('starting the API', () => {
  it('stops on a malformed PORT with one line naming it', async () => {
    const app = run({ PORT: 'eighty', DATABASE_URL: 'postgres://x@127.0.0.1:1/x' });
    expect(await app.exited).toBe(1);
    expect(app.err().trim().split('\n')).toEqual([
      expect.stringMatching(/^Invalid configuration: PORT: must be a whole number/),
    ]);
  });

  it('stops on a malformed DATABASE_URL with one line naming it', async () => {
    const app = run({ DATABASE_URL: 'localhost:5432/tessera' });
    expect(await app.exited).toBe(1);
    expect(app.err().trim().split('\n')).toEqual([
      expect.stringMatching(/^Invalid configuration: DATABASE_URL: must be a postgres:\/\/ URL/),
    ]);
  });

  it('refuses to start in production with development defaults, with one line saying what to set', async () => {
    const app = run({ NODE_ENV: 'production', DATABASE_URL: 'postgres://x@127.0.0.1:1/x' });
    expect(await app.exited).toBe(1);
    expect(app.err().trim().split('\n')).toEqual([
      expect.stringMatching(
        /^Refusing to start in production \(NODE_ENV=production\) with development defaults: SESSION_SECRET: .*; PUBLIC_URL: /,
      ),
    ]);
  });

  const dataDir = mkdtempSync(join(tmpdir(), 'tessera-start-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('starts on an embedded PostgreSQL, keeps its data across a restart, and leaves no postgres behind on Ctrl-C', async () => {
    let port = 0;
    for (const round of [1, 2]) {
      const app = run({ PORT: '0', DATA_DIR: dataDir, HOST: '127.0.0.1' });
      await waitFor(
        () => /running on http:\/\/localhost:\d+/.test(app.out()) || app.child.exitCode !== null,
        90_000,
      );
      port = Number(/localhost:(\d+)/.exec(app.out())?.[1]);
      expect(app.out()).toContain(round === 1 ? 'Demo data seeded' : 'Demo logins');
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(health.status).toBe(200);
      const signIn = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query:
            'mutation { signIn(input: { email: "claire.morel@morges.demo", password: "Tessera-Demo-2026" }) { __typename } }',
        }),
      });
      expect((await signIn.json()).data.signIn.__typename).toBe('MutationSignInSuccess');
      expect(postgresProcessesFor(dataDir).length).toBeGreaterThan(0);
      app.child.kill('SIGINT');
      expect(await app.exited).toBe(0);
      await waitFor(() => postgresProcessesFor(dataDir).length === 0, 10_000);
    }
  }, 180_000);
});
