import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { tanstackRouter } from '@tanstack/router-plugin/vite';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const api = 'http://localhost:4000';

const tablerIcons = join(
  dirname(createRequire(import.meta.url).resolve('@tabler/icons-react')),
  '..',
  'esm',
  'icons',
);

/**
 * Rewrites `import { IconX } from '@tabler/icons-react'` into one import per icon file: through the barrel the
 * build parses all ~6,000 icons (most of its 7,700 modules and of its time) only to shake them away.
 */
function tablerIconImports(): Plugin {
  const barrelImport = /import\s*\{([^}]*)\}\s*from\s*['"]@tabler\/icons-react['"];?/g;
  return {
    name: 'tessera:tabler-icon-imports',
    enforce: 'pre',
    transform(code, id) {
      if (id.includes('node_modules') || !code.includes('@tabler/icons-react')) return null;
      const rewritten = code.replace(barrelImport, (whole, names: string) => {
        const specifiers = names
          .split(',')
          .map((name) => name.trim())
          .filter(Boolean)
          .map((name) => {
            const [imported, local = imported] = name.split(/\s+as\s+/);
            return { imported: imported!, local: local! };
          });
        const deep = specifiers.every(
          ({ imported }) => /^Icon\w+$/.test(imported) && existsSync(join(tablerIcons, `${imported}.mjs`)),
        );
        if (!deep) return whole;
        // Same line count as the original, so the source map (left as it is) still points at the right lines.
        const lineBreaks = '\n'.repeat(whole.split('\n').length - 1);
        return `${specifiers
          .map(
            ({ imported, local }) =>
              `import ${local} from '@tabler/icons-react/dist/esm/icons/${imported}.mjs';`,
          )
          .join(' ')}${lineBreaks}`;
      });
      return rewritten === code ? null : { code: rewritten, map: null };
    },
  };
}

export default defineConfig({
  plugins: [tablerIconImports(), tanstackRouter({ target: 'react', autoCodeSplitting: true }), react()],
  server: {
    port: 5173,
    proxy: {
      '/graphql': { target: api, ws: true, changeOrigin: false },
      '/healthz': api,
      '/dev': api,
    },
  },
  build: {
    outDir: 'dist',
    // Gzipping every chunk only to print its size costs seconds on each build.
    reportCompressedSize: false,
    sourcemap: true,
    rollupOptions: {
      output: {
        // Libraries change less often than the app: separate chunks stay cached across deployments.
        manualChunks(id) {
          if (!id.includes('node_modules')) return undefined;
          if (/node_modules\/(react|react-dom|scheduler)\//.test(id)) return 'react';
          if (id.includes('@mantine/') || id.includes('@floating-ui/')) return 'mantine';
          if (id.includes('@tanstack/')) return 'router';
          if (/node_modules\/(urql|@urql|wonka|graphql|graphql-ws|gql\.tada|@0no-co)\//.test(id))
            return 'graphql';
          return undefined;
        },
      },
    },
  },
});
