import { spawn } from 'node:child_process';

const apiRoot = new URL('..', import.meta.url).pathname;

/** `src/main.ts` in a child process, as `pnpm start` runs it, with only the given environment. */
export function spawnApi(env: Record<string, string>) {
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
  return {
    child,
    exited,
    out: () => stdout,
    err: () => stderr,
    /** waits for the "running on" line (or the exit) and answers the port, or null when it exited */
    async started(timeoutMs = 90_000): Promise<number | null> {
      await waitUntil(
        () => /running on http:\/\/localhost:\d+/.test(stdout) || child.exitCode !== null,
        timeoutMs,
      );
      const port = /running on http:\/\/localhost:(\d+)/.exec(stdout)?.[1];
      return port ? Number(port) : null;
    },
  };
}

/** Polls a condition (a process's output, a table) until it holds. */
export async function waitUntil(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what = 'a condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
