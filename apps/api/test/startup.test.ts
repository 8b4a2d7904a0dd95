import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CSRF_HEADER } from '../src/http/web-surface.js';
import { spawnApi, waitUntil } from './spawn.js';

const run = spawnApi;
const waitFor = (check: () => boolean, timeoutMs: number) => waitUntil(check, timeoutMs);

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
  const crashDir = mkdtempSync(join(tmpdir(), 'tessera-crash-'));
  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(crashDir, { recursive: true, force: true });
  });

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
        headers: { 'content-type': 'application/json', [CSRF_HEADER]: '1' },
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

  const env = { PORT: '0', DATA_DIR: crashDir, HOST: '127.0.0.1' };
  const postmasterPid = () =>
    Number(readFileSync(join(crashDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return !/^\S+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    } catch {
      return false;
    }
  };
  async function startAndSignIn() {
    const app = run(env);
    const port = await app.started();
    expect(port, app.err()).not.toBeNull();
    const signIn = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [CSRF_HEADER]: '1' },
      body: JSON.stringify({
        query:
          'mutation { signIn(input: { email: "claire.morel@morges.demo", password: "Tessera-Demo-2026" }) { __typename } }',
      }),
    });
    expect((await signIn.json()).data.signIn.__typename).toBe('MutationSignInSuccess');
    return app;
  }

  it('comes up again after a kill -9 that left the embedded PostgreSQL running, or left only its pid file', async () => {
    const first = await startAndSignIn();
    const orphan = postmasterPid();
    first.child.kill('SIGKILL');
    await first.exited;
    // What used to make the next start fail with "undefined": the postmaster outlives the API.
    expect(alive(orphan)).toBe(true);

    const second = await startAndSignIn();
    expect(alive(orphan)).toBe(false);
    const next = postmasterPid();
    expect(next).not.toBe(orphan);
    second.child.kill('SIGKILL');
    await second.exited;
    // Now the postmaster dies too (an OOM kill, a power cut): a stale postmaster.pid stays behind.
    process.kill(next, 'SIGKILL');
    await waitFor(() => !alive(next), 10_000);

    const third = await startAndSignIn();
    expect(third.err()).not.toMatch(/undefined/);
    third.child.kill('SIGINT');
    expect(await third.exited).toBe(0);
    await waitFor(() => postgresProcessesFor(crashDir).length === 0, 10_000);
  }, 300_000);

  it('refuses, in one line, an embedded PostgreSQL that another running Tessera uses, and leaves it alone', async () => {
    const running = await startAndSignIn();
    try {
      const pid = postmasterPid();
      const second = run(env);
      expect(await second.exited).toBe(1);
      expect(second.err().trim().split('\n')).toEqual([
        expect.stringMatching(
          /^Tessera could not start: the embedded PostgreSQL in .+ is in use by another Tessera \(process \d+\)/,
        ),
      ]);
      expect(alive(pid)).toBe(true);
    } finally {
      running.child.kill('SIGINT');
      expect(await running.exited).toBe(0);
    }
  }, 300_000);
});
