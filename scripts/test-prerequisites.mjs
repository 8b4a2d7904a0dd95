#!/usr/bin/env node
// Provides what `pnpm test` needs on a bare machine, then runs the command given after the options with that
// environment: the dependencies (pnpm install when node_modules is missing), Debian's Chromium for the browser
// tests, and Redis on 127.0.0.1:6379 for the test of live events across API instances.
//
//   node scripts/test-prerequisites.mjs [--dry-run] [command args...]
//
// --dry-run prints what it would do (one line per step) and changes nothing. Plain Node on purpose: it runs
// before the dependencies are installed.
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { connect } from 'node:net';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_CHROMIUM = '/usr/bin/chromium';
const REDIS_HOST = '127.0.0.1';
const REDIS_PORT = 6379;

const args = process.argv.slice(2);
const dryRun = args[0] === '--dry-run';
const command = dryRun ? args.slice(1) : args;
const env = { ...process.env };

function say(line) {
  console.log(`[test prerequisites] ${line}`);
}

function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name) {
  return (env.PATH ?? '').split(delimiter).some((dir) => dir && isExecutable(join(dir, name)));
}

function run(file, argv, extraEnv = {}) {
  say(`running: ${[file, ...argv].join(' ')}`);
  const result = spawnSync(file, argv, { stdio: 'inherit', env: { ...env, ...extraEnv } });
  if (result.status !== 0) {
    console.error(
      `[test prerequisites] failed: ${[file, ...argv].join(' ')} (exit ${result.status ?? result.signal})`,
    );
    process.exit(1);
  }
}

function dependencies() {
  if (existsSync(join(root, 'node_modules', '.modules.yaml'))) return;
  if (dryRun) return say('would run: pnpm install --frozen-lockfile (node_modules is missing)');
  run('pnpm', ['install', '--frozen-lockfile']);
}

function chromium() {
  const wanted = env.CHROMIUM_PATH || DEFAULT_CHROMIUM;
  if (isExecutable(wanted)) {
    env.CHROMIUM_PATH = wanted;
    return;
  }
  const isRoot = process.getuid?.() === 0;
  if (!isRoot || !onPath('apt-get')) {
    console.error(
      `[test prerequisites] Chromium is missing at ${wanted} (the browser tests need it): run "sudo apt-get update && sudo apt-get install -y chromium" or set CHROMIUM_PATH to a Chromium binary, then run pnpm test again.`,
    );
    process.exit(1);
  }
  if (dryRun) {
    say(`would run: apt-get update && apt-get install -y chromium (no Chromium at ${wanted})`);
    env.CHROMIUM_PATH = DEFAULT_CHROMIUM;
    return;
  }
  say(`no Chromium at ${wanted}: installing Debian's chromium package (about 100 MB, a minute or two)`);
  const noninteractive = { DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update', '-q'], noninteractive);
  run('apt-get', ['install', '-y', '-q', 'chromium'], noninteractive);
  if (!isExecutable(DEFAULT_CHROMIUM)) {
    console.error(
      `[test prerequisites] apt-get installed chromium but ${DEFAULT_CHROMIUM} is still missing.`,
    );
    process.exit(1);
  }
  env.CHROMIUM_PATH = DEFAULT_CHROMIUM;
}

/** True when a Redis server answers PING on host:port. */
function redisAnswers(host, port, timeoutMs = 1000) {
  return new Promise((resolveAnswer) => {
    const socket = connect({ host, port });
    let reply = '';
    const done = (answer) => {
      socket.destroy();
      resolveAnswer(answer);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString('latin1');
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
  });
}

async function redis() {
  if (env.REDIS_URL) return;
  const url = `redis://${REDIS_HOST}:${REDIS_PORT}`;
  if (await redisAnswers(REDIS_HOST, REDIS_PORT)) {
    env.REDIS_URL = url;
    return say(`Redis answers on ${REDIS_HOST}:${REDIS_PORT}: REDIS_URL=${url} for this run`);
  }
  if (!onPath('redis-server')) {
    return say(
      `no Redis on ${REDIS_HOST}:${REDIS_PORT} and redis-server is not installed: redis.int.test.ts will be skipped (apt-get install -y redis-server, or set REDIS_URL, to run it)`,
    );
  }
  if (dryRun) {
    env.REDIS_URL = url;
    return say(`would run: redis-server --daemonize yes --bind ${REDIS_HOST} --port ${REDIS_PORT}`);
  }
  run('redis-server', [
    '--daemonize',
    'yes',
    '--bind',
    REDIS_HOST,
    '--port',
    String(REDIS_PORT),
    '--save',
    '',
    '--appendonly',
    'no',
  ]);
  // The daemon forks before it listens: wait (bounded) until it answers.
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (await redisAnswers(REDIS_HOST, REDIS_PORT)) {
      env.REDIS_URL = url;
      return say(`started redis-server on ${REDIS_HOST}:${REDIS_PORT}: REDIS_URL=${url} for this run`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  say(
    `redis-server did not answer on ${REDIS_HOST}:${REDIS_PORT} within 10 s: redis.int.test.ts will be skipped`,
  );
}

dependencies();
chromium();
await redis();
say(`CHROMIUM_PATH=${env.CHROMIUM_PATH} REDIS_URL=${env.REDIS_URL ?? '(none)'}`);

if (command.length > 0 && !dryRun) {
  const child = spawn(command[0], command.slice(1), { stdio: 'inherit', env });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
