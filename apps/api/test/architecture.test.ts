import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { cruise, type IConfiguration, type ICruiseResult } from 'dependency-cruiser';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const config = require('../.dependency-cruiser.cjs') as IConfiguration;
const apiDir = fileURLToPath(new URL('..', import.meta.url));
const fixtureDir = fileURLToPath(new URL('./fixtures/architecture', import.meta.url));

async function violations(baseDir: string) {
  const cwd = process.cwd();
  process.chdir(baseDir);
  try {
    const reporting = await cruise(['src'], {
      ...config.options,
      ruleSet: { forbidden: config.forbidden },
      validate: true,
    });
    const output = reporting.output as ICruiseResult;
    const resolved = output.modules.flatMap((module) =>
      module.dependencies
        .filter((d) => !d.couldNotResolve && d.resolved.startsWith('src/'))
        .map((d) => d.resolved),
    );
    return {
      list: output.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`),
      resolved: new Set(resolved),
      files: output.modules.length,
    };
  } finally {
    process.chdir(cwd);
  }
}

describe('the import graph of apps/api (.dependency-cruiser.cjs)', () => {
  it('has no dependency against the layers: http → graphql → modules → db, lib and domain below', async () => {
    const graph = await violations(apiDir);
    // The graph is real: TypeScript sources are found and `.js` specifiers resolve to them.
    expect(graph.files).toBeGreaterThan(100);
    expect(graph.resolved).toContain('src/modules/authz/authz.ts');
    expect(graph.resolved).toContain('src/lib/keyset.ts');
    expect(graph.list).toEqual([]);
  });

  it('catches a module importing the GraphQL layer (the rules can fail)', async () => {
    expect((await violations(fixtureDir)).list).toEqual([
      'modules-import-upward: src/modules/probe/probe.service.ts → src/graphql/upper.ts',
    ]);
  });
});
