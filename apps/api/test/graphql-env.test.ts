import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const apiDir = fileURLToPath(new URL('..', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'tessera-api-graphql-env-'));

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('test/graphql-env.d.ts (the typed documents of the API tests)', () => {
  it('matches the committed schema.graphql (run `pnpm --filter @tessera/api schema` when this fails)', () => {
    const fresh = join(scratch, 'graphql-env.d.ts');
    execFileSync(
      process.execPath,
      [join(apiDir, 'node_modules/gql.tada/bin/cli.js'), 'generate', 'output', '--output', fresh],
      { cwd: apiDir, stdio: 'pipe' },
    );
    const committed = readFileSync(join(apiDir, 'test/graphql-env.d.ts'), 'utf8');
    expect(readFileSync(fresh, 'utf8')).toBe(committed);
  }, 60_000);
});
