/**
 * The direction of dependencies in apps/api (ARCHITECTURE.md, "Layers"):
 *   http/ → graphql/ → modules/ (services, repositories) → db/, with lib/ and @tessera/domain below everything.
 * `npx depcruise src` prints violations; test/architecture.test.ts fails on any.
 */
const UPPER = '^src/(graphql|http|live)/|^src/(context|app|main)\\.ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'modules-import-upward',
      comment:
        'Services and repositories never reach the GraphQL layer, the request context, the HTTP adapters or live/: ' +
        'they take (tx, authz, input) and return what the caller publishes (lib/live-event.ts is the port).',
      severity: 'error',
      from: { path: '^src/modules/' },
      to: { path: UPPER },
    },
    {
      name: 'lib-imports-layers',
      comment: 'lib/ (ids, keyset pagination, the live message shape) sits below every layer.',
      severity: 'error',
      from: { path: '^src/lib/' },
      to: {
        path: '^src/(modules|graphql|http|live|db|jobs|mail|observability)/|^src/(context|app|main)\\.ts$',
      },
    },
    {
      name: 'db-imports-upward',
      comment: 'db/ (ORM, migrations, seed) never reaches GraphQL, HTTP, live/ or the request context.',
      severity: 'error',
      from: { path: '^src/db/' },
      to: { path: UPPER },
    },
    {
      name: 'graphql-imports-http',
      comment: 'The HTTP adapters sit above the schema: graphql/ never imports http/.',
      severity: 'error',
      from: { path: '^src/graphql/' },
      to: { path: '^src/http/' },
    },
    {
      name: 'jobs-mail-import-upward',
      comment: 'Background work (jobs/, mail/) calls services, never the GraphQL layer or the HTTP adapters.',
      severity: 'error',
      from: { path: '^src/(jobs|mail)/' },
      to: { path: '^src/(graphql|http)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.test\\.ts$' },
    tsPreCompilationDeps: true,
    combinedDependencies: false,
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
