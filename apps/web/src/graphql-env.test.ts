import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const webDir = fileURLToPath(new URL('..', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'tessera-graphql-env-'));

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('graphql-env.d.ts', () => {
  it('matches the committed API schema (run `pnpm --filter @tessera/web generate` when this fails)', () => {
    const fresh = join(scratch, 'graphql-env.d.ts');
    execFileSync(
      process.execPath,
      [join(webDir, 'node_modules/gql.tada/bin/cli.js'), 'generate', 'output', '--output', fresh],
      { cwd: webDir, stdio: 'pipe' },
    );
    const committed = readFileSync(join(webDir, 'src/graphql-env.d.ts'), 'utf8');
    expect(readFileSync(fresh, 'utf8')).toBe(committed);
  }, 60_000);
});
