import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The SPA's GraphQL documents exactly as the web app sends them: every `graphql(` template of apps/web/src is
 * read, and an operation is given with the fragments it spreads (transitively), without gql.tada's client-only
 * `@_unmask` directive (gql.tada drops it before sending). Tests that measure what a page costs use these, so a
 * field the SPA starts asking for is measured too.
 */
const WEB_SRC = join(import.meta.dirname, '../../web/src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** operations and fragments by name, apart: a query and a fragment may share one (RequestHistory) */
let definitions: { operations: Map<string, string>; fragments: Map<string, string> } | null = null;

function allDefinitions() {
  if (definitions) return definitions;
  definitions = { operations: new Map(), fragments: new Map() };
  for (const file of sources(WEB_SRC)) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/graphql\(\s*`([^`]*)`/g)) {
      const body = match[1]!.replace(/@_unmask\b/g, '');
      const [, kind, name] = /^\s*(query|mutation|subscription|fragment)\s+(\w+)/.exec(body) ?? [];
      if (name) definitions[kind === 'fragment' ? 'fragments' : 'operations'].set(name, body.trim());
    }
  }
  return definitions;
}

/** The operation `name` of the SPA with every fragment it needs. */
export function webDocument(name: string): string {
  const { operations, fragments: all } = allDefinitions();
  const operation = operations.get(name);
  if (!operation) throw new Error(`no GraphQL document named ${name} in apps/web/src`);
  const needed = new Set<string>();
  const visit = (text: string) => {
    for (const [, spread] of text.matchAll(/\.\.\.\s*([A-Za-z_]\w*)/g)) {
      if (spread === 'on' || needed.has(spread!)) continue;
      const fragment = all.get(spread!);
      if (!fragment) throw new Error(`fragment ${spread} used by ${name} not found in apps/web/src`);
      needed.add(spread!);
      visit(fragment);
    }
  };
  visit(operation);
  return [operation, ...[...needed].map((fragment) => all.get(fragment)!)].join('\n\n');
}
