import { readFileSync } from 'node:fs';
import { build } from 'esbuild';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
// Workspace packages ship TypeScript source, so they are bundled; everything else stays in node_modules.
const external = Object.keys(pkg.dependencies).filter((name) => !name.startsWith('@tessera/'));

await build({
  // main: the server; migrate: `pnpm migrate`, applying migrations as their own step.
  entryPoints: ['src/main.ts', 'src/migrate.ts'],
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
  external,
  banner: {
    js: "import { createRequire as __tesseraCreateRequire } from 'node:module'; const require = __tesseraCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
