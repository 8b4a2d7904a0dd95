import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const script = join(dirname(fileURLToPath(import.meta.url)), 'test-prerequisites.mjs');
const missing = '/nonexistent/tessera-test/chromium';

function prerequisites(args, env) {
  const result = spawnSync(process.execPath, [script, ...args], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  return { status: result.status, output: result.stdout + result.stderr };
}

test('a Chromium at CHROMIUM_PATH is used as it is and handed to the command', () => {
  const { status, output } = prerequisites(
    [process.execPath, '-e', 'console.log("child sees " + process.env.CHROMIUM_PATH)'],
    { CHROMIUM_PATH: process.execPath },
  );
  assert.equal(status, 0, output);
  assert.match(output, new RegExp(`child sees ${process.execPath.replace(/[/.]/g, '\\$&')}`));
  assert.doesNotMatch(output, /apt-get/);
});

test('a missing Chromium is installed with apt-get when running as root with apt-get', (t) => {
  if (process.getuid?.() !== 0) return t.skip('not root: the install path is only taken as root');
  const { status, output } = prerequisites(['--dry-run'], { CHROMIUM_PATH: missing });
  assert.equal(status, 0, output);
  assert.match(
    output,
    /would run: apt-get update && apt-get install -y chromium \(no Chromium at \/nonexistent/,
  );
  assert.match(output, /CHROMIUM_PATH=\/usr\/bin\/chromium/);
});

test('without apt-get, a missing Chromium stops the run with one line saying what to run', () => {
  // An empty folder as PATH: apt-get cannot be found, as on a machine without it (node is called by its path).
  const emptyPath = mkdtempSync(join(tmpdir(), 'tessera-path-'));
  const { status, output } = prerequisites(['--dry-run', 'true'], {
    CHROMIUM_PATH: missing,
    PATH: emptyPath,
  });
  rmSync(emptyPath, { recursive: true });
  assert.equal(status, 1);
  const lines = output.trim().split('\n');
  assert.equal(lines.length, 1, output);
  assert.match(
    lines[0],
    /Chromium is missing at \/nonexistent\/tessera-test\/chromium .*apt-get install -y chromium.*CHROMIUM_PATH/,
  );
});

test('REDIS_URL given by the caller is kept', () => {
  const { status, output } = prerequisites(
    [process.execPath, '-e', 'console.log("redis " + process.env.REDIS_URL)'],
    { CHROMIUM_PATH: process.execPath, REDIS_URL: 'redis://127.0.0.1:6390' },
  );
  assert.equal(status, 0, output);
  assert.match(output, /redis redis:\/\/127\.0\.0\.1:6390/);
});
