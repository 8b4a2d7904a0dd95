import { readFileSync } from 'node:fs';
import { type GraphQLField, type GraphQLObjectType, isObjectType, printSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../src/graphql/schema.js';

const committed = readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8');

type PothosExtensions = { pothosOptions?: { authScopes?: unknown; skipTypeScopes?: boolean } };
const scopesOf = (thing: { extensions?: unknown }) =>
  (thing.extensions as PothosExtensions)?.pothosOptions?.authScopes;

/** Types that carry no organisation data of their own: relay plumbing, typed errors, mutation payload wrappers. */
function isStructural(type: GraphQLObjectType): boolean {
  return (
    type.name.startsWith('__') ||
    type.name === 'PageInfo' ||
    type.name.endsWith('Connection') ||
    type.name.endsWith('Edge') ||
    type.getInterfaces().some((i) => i.name === 'Error') ||
    (type.name.startsWith('Mutation') && type.name.endsWith('Success'))
  );
}

function unscopedFields(): string[] {
  const missing: string[] = [];
  const roots = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].filter(
    Boolean,
  );
  for (const root of roots as GraphQLObjectType[]) {
    for (const field of Object.values(root.getFields()) as GraphQLField<unknown, unknown>[]) {
      if (field.name === 'node' || field.name === 'nodes') continue; // resolved through each type's own scopes
      if (!scopesOf(field)) missing.push(`${root.name}.${field.name}`);
    }
  }
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || roots.includes(type) || isStructural(type)) continue;
    if (scopesOf(type)) continue;
    for (const field of Object.values(type.getFields())) {
      if (!scopesOf(field)) missing.push(`${type.name}.${field.name}`);
    }
  }
  return missing;
}

describe('the GraphQL schema', () => {
  it('matches the committed schema.graphql (run `pnpm --filter @tessera/api schema` after changing it)', () => {
    expect(committed).toBe(`${printSchema(schema)}\n`);
  });

  it('declares who may see every root field and every field of every data type', () => {
    expect(unscopedFields()).toEqual([]);
  });
});
