import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type DocumentNode,
  type FragmentDefinitionNode,
  GraphQLError,
  type GraphQLInputType,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  Kind,
  type OperationDefinitionNode,
  parse,
  print,
  specifiedRules,
  typeFromAST,
  validate,
  visit,
} from 'graphql';
import { envelop, type Plugin } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { LIMITS, limitPlugins } from '../src/graphql/limits.js';
import { schema } from '../src/graphql/schema.js';
import { gid } from './tenants.js';

/** The SPA's GraphQL documents: every graphql(`...`) template in apps/web/src, fragments by name. */
function webDocuments() {
  const root = new URL('../../web/src/', import.meta.url).pathname;
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) files.push(path);
    }
  };
  walk(root);
  const operations: OperationDefinitionNode[] = [];
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const file of files) {
    for (const match of readFileSync(file, 'utf8').matchAll(/graphql\(\s*`([^`]*)`/g)) {
      // gql.tada strips its type-only directive before sending.
      for (const definition of parse(match[1]!.replaceAll('@_unmask', '')).definitions) {
        if (definition.kind === Kind.OPERATION_DEFINITION) operations.push(definition);
        if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
      }
    }
  }
  return { operations, fragments };
}

/** The operation with every fragment it spreads, transitively. */
function withFragments(operation: OperationDefinitionNode, fragments: Map<string, FragmentDefinitionNode>) {
  const used = new Map<string, FragmentDefinitionNode>();
  const collect = (node: OperationDefinitionNode | FragmentDefinitionNode) =>
    visit(node, {
      FragmentSpread(spread) {
        const fragment = fragments.get(spread.name.value);
        if (fragment && !used.has(fragment.name.value)) {
          used.set(fragment.name.value, fragment);
          collect(fragment);
        }
      },
    });
  collect(operation);
  return { kind: Kind.DOCUMENT, definitions: [operation, ...used.values()] } as DocumentNode;
}

/**
 * A value for each variable: 100 wherever a page size goes, the largest the web client passes (administrators; other
 * pages ask for 20 to 50), so a budget that admits this admits every page it asks for.
 */
const WEB_LARGEST_PAGE = 100;

/** A value of this input type with its required fields filled. */
function dummy(type: GraphQLInputType, name: string): unknown {
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner)) return [dummy(inner.ofType, name)];
  const named = getNamedType(inner);
  if (isEnumType(named)) return named.getValues()[0]!.value;
  if (isInputObjectType(named))
    return Object.fromEntries(
      Object.values(named.getFields())
        .filter((field) => isNonNullType(field.type))
        .map((field) => [field.name, dummy(field.type, field.name)]),
    );
  switch (named.name) {
    case 'ID':
      return gid('Organisation', '6f6d4a8e-8dcf-466e-ada1-3775cddc62e4');
    case 'Int':
      return /^(first|last)$/.test(name) ? WEB_LARGEST_PAGE : 1;
    case 'Boolean':
      return true;
    case 'Date':
      return '2026-01-01';
    case 'DateTime':
      return '2026-01-01T00:00:00Z';
    default:
      return 'text';
  }
}

const engine: Plugin = {
  onParse: ({ setParseFn }) => setParseFn(parse),
  onValidate: ({ setValidationFn, addValidationRule }) => {
    setValidationFn(validate);
    for (const rule of specifiedRules) addValidationRule(rule);
  },
};
const getEnveloped = envelop({
  plugins: [
    engine,
    ...limitPlugins({
      introspection: false,
      tokens: LIMITS.tokens,
      depth: LIMITS.depth,
      aliases: LIMITS.aliases,
      cost: LIMITS.cost,
    }),
  ],
});

function check(source: string, variables: Record<string, unknown> = {}) {
  const enveloped = getEnveloped({ params: { variables } });
  try {
    return enveloped
      .validate(schema, enveloped.parse(source))
      .map((error: GraphQLError) => error.extensions.code ?? error.message);
  } catch (error) {
    if (error instanceof GraphQLError) return [error.extensions.code];
    throw error;
  }
}

describe('the limits', () => {
  const { operations, fragments } = webDocuments();

  it('find the web client’s documents', () => {
    expect(operations.length).toBeGreaterThan(30);
  });

  it('admit every operation the web client sends, at the largest page size it asks for', () => {
    const refused: string[] = [];
    for (const operation of operations) {
      const document = withFragments(operation, fragments);
      const variables = Object.fromEntries(
        (operation.variableDefinitions ?? []).map((definition) => [
          definition.variable.name.value,
          dummy(
            typeFromAST(schema, definition.type as never) as GraphQLInputType,
            definition.variable.name.value,
          ),
        ]),
      );
      const codes = check(print(document), variables);
      if (codes.length) refused.push(`${operation.name?.value}: ${codes.join(', ')}`);
    }
    expect(refused).toEqual([]);
  });

  it('refuse with the limit’s code, without a server', () => {
    expect(check(`{ ${'__typename '.repeat(LIMITS.tokens + 1)} }`)).toEqual(['MAX_TOKENS']);
    expect(check('{ __schema { queryType { name } } }')).toContain('INTROSPECTION_DISABLED');
    expect(
      check('query($n: Int) { organisations(first: $n) { edges { node { id } } } }', { n: 201 }),
    ).toEqual(['PAGE_TOO_LARGE']);
  });
});
