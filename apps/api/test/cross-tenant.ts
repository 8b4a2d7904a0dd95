import {
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLOutputType,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isUnionType,
  parse,
  validate,
} from 'graphql';
import { schema } from '../src/graphql/schema.js';

/**
 * The cross-tenant suite's machinery, driven by the schema so a new field is covered without touching the
 * test: a generic selection of what a type exposes, the root fields that take an id (directly or inside an
 * input object), operations that put a foreign id in one of those slots, and a checker that looks for any
 * trace of the foreign organisation in an answer.
 */

/** Types whose ids are shared by every organisation: the operator's catalogue. */
export const GLOBAL_TYPES = new Set(['Service', 'ServiceRole']);

const hasRequiredArgs = (field: GraphQLField<unknown, unknown>) =>
  field.args.some((arg) => isNonNullType(arg.type) && arg.defaultValue === undefined);

const isWrapper = (type: GraphQLNamedType) => type.name.endsWith('Connection') || type.name.endsWith('Edge');

/**
 * A selection of everything a type exposes down to `depth` object levels (connections and edges do not
 * count as levels): scalars and enums, objects, and on unions and interfaces `__typename`, `... on Error
 * { code }` and each possible type's own selection. Fields that need arguments are left out.
 */
export function selectionFor(type: GraphQLOutputType, depth: number): string {
  const named = getNamedType(type);
  if (isLeafType(named)) return '';
  if (isUnionType(named) || isInterfaceType(named)) {
    const possible = schema.getPossibleTypes(named);
    const parts = ['__typename'];
    if (possible.some((member) => member.getInterfaces().some((i) => i.name === 'Error')))
      parts.push('... on Error { code }');
    if (depth > 0) {
      for (const member of possible) {
        const inner = objectSelection(member, depth);
        if (inner) parts.push(`... on ${member.name} { ${inner} }`);
      }
    }
    return `{ ${parts.join(' ')} }`;
  }
  const inner = objectSelection(named as GraphQLObjectType, depth);
  return `{ __typename ${inner} }`;
}

function objectSelection(type: GraphQLObjectType, depth: number): string {
  const parts: string[] = [];
  for (const field of Object.values(type.getFields())) {
    if (hasRequiredArgs(field)) continue;
    const named = getNamedType(field.type);
    // Aliased by type, so the same field name with different types on two union members does not clash.
    const name = `${type.name}_${field.name}: ${field.name}`;
    if (isLeafType(named)) parts.push(name);
    else if (isWrapper(named)) parts.push(`${name} ${selectionFor(field.type, depth)}`);
    else if (depth > 1) parts.push(`${name} ${selectionFor(field.type, depth - 1)}`);
    // At the last level keep the id of related objects: enough to see a leak, small enough to run.
    else if (isObjectType(named) && named.getFields().id) parts.push(`${name} { __typename id }`);
    else parts.push(`${name} { __typename }`);
  }
  return parts.join(' ');
}

/** One place in a root field's arguments where an id goes: the argument, then the path inside input objects. */
export interface IdSlot {
  path: string[];
  list: boolean;
}

/** Every ID-typed place among a field's arguments, recursing into input objects. */
export function idSlots(field: GraphQLField<unknown, unknown>): IdSlot[] {
  const slots: IdSlot[] = [];
  const visit = (type: GraphQLInputType, path: string[], seen: Set<string>) => {
    const named = getNamedType(type);
    const list = isListType(isNonNullType(type) ? type.ofType : type);
    if (isScalarType(named) && named.name === 'ID') slots.push({ path, list });
    if (isInputObjectType(named) && !seen.has(named.name)) {
      for (const inner of Object.values(named.getFields()))
        visit(inner.type, [...path, inner.name], new Set([...seen, named.name]));
    }
  };
  for (const arg of field.args) visit(arg.type, [arg.name], new Set());
  return slots;
}

export interface DummyValues {
  /** an id that is valid for the caller, put in id places that are required but not under test */
  ownId: string;
}

/** A valid-looking value of an input type, with only required fields filled (optional ones when `all`). */
function dummy(
  type: GraphQLInputType,
  name: string,
  values: DummyValues,
  overrides: Map<string, unknown>,
  path: string[],
): unknown {
  const key = path.join('.');
  if (overrides.has(key)) return overrides.get(key);
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner)) return [dummy(inner.ofType, name, values, overrides, path)];
  const named = getNamedType(inner);
  if (isEnumType(named)) return named.getValues()[0]!.value;
  if (isInputObjectType(named)) {
    const object: Record<string, unknown> = {};
    for (const field of Object.values(named.getFields())) {
      const fieldKey = [...path, field.name].join('.');
      if (
        isNonNullType(field.type) ||
        overrides.has(fieldKey) ||
        [...overrides.keys()].some((k) => k.startsWith(`${fieldKey}.`))
      )
        object[field.name] = dummy(field.type, field.name, values, overrides, [...path, field.name]);
    }
    return object;
  }
  switch (named.name) {
    case 'ID':
      return values.ownId;
    case 'Int':
      return 1;
    case 'Float':
      return 1;
    case 'Boolean':
      return false;
    case 'Date':
      return '2026-01-01';
    case 'DateTime':
      return '2030-01-01T00:00:00.000Z';
    default:
      if (/email/i.test(name)) return 'probe.person@example.org';
      if (/password/i.test(name)) return 'Tessera-Probe-2026!';
      return 'Probe';
  }
}

/** The argument values of an operation on `field` with `foreignId` in `slot` and valid dummies elsewhere. */
export function argumentsFor(
  field: GraphQLField<unknown, unknown>,
  slot: IdSlot,
  foreignId: string,
  values: DummyValues,
): Record<string, unknown> {
  const overrides = new Map<string, unknown>([[slot.path.join('.'), slot.list ? [foreignId] : foreignId]]);
  const args: Record<string, unknown> = {};
  for (const arg of field.args) {
    const mentioned = slot.path[0] === arg.name;
    if (isNonNullType(arg.type) || mentioned)
      args[arg.name] = dummy(arg.type, arg.name, values, overrides, [arg.name]);
    // An optional organisation argument gets the caller's own: the foreign id then meets a plausible request.
    else if (arg.name === 'organisationId') args[arg.name] = values.ownId;
  }
  return args;
}

/** A complete operation for one root field, its arguments passed as variables (never echoed in errors). */
export function operationFor(
  kind: 'query' | 'mutation',
  field: GraphQLField<unknown, unknown>,
  args: Record<string, unknown>,
  depth = 2,
): { query: string; variables: Record<string, unknown> } {
  const used = field.args.filter((arg) => arg.name in args);
  const declarations = used.map((arg: GraphQLArgument) => `$${arg.name}: ${String(arg.type)}`).join(', ');
  const call = used.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
  const query = `${kind}${declarations ? `(${declarations})` : ''} { ${field.name}${call ? `(${call})` : ''} ${selectionFor(field.type, depth)} }`;
  const errors = validate(schema, parse(query));
  if (errors.length > 0)
    throw new Error(`generated an invalid operation for ${field.name}: ${errors[0]!.message}\n${query}`);
  return { query, variables: args };
}

export function rootFields(kind: 'query' | 'mutation'): GraphQLField<unknown, unknown>[] {
  const root = kind === 'query' ? schema.getQueryType() : schema.getMutationType();
  return Object.values(root?.getFields() ?? {});
}

/** Every string found anywhere in an answer. */
export function stringsIn(value: unknown, into: string[] = []): string[] {
  if (typeof value === 'string') into.push(value);
  else if (Array.isArray(value)) for (const item of value) stringsIn(item, into);
  else if (value && typeof value === 'object') for (const item of Object.values(value)) stringsIn(item, into);
  return into;
}

/** The type and raw id inside a Relay global id, or null for any other string. */
export function decodeId(value: string): { typename: string; id: string } | null {
  if (!/^[A-Za-z0-9+/]+=*$/.test(value) || value.length < 8) return null;
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  const match = /^([A-Z][A-Za-z]*):([0-9a-f-]{36}|\d+)$/.exec(decoded);
  if (!match || !schema.getType(match[1]!)) return null;
  return { typename: match[1]!, id: match[2]! };
}

/** What must never show in another organisation's answers: its ids (global and raw), names and addresses. */
export class Secrets {
  readonly ids = new Map<string, string>();
  readonly words = new Set<string>();

  addId(globalId: string): boolean {
    const decoded = decodeId(globalId);
    if (!decoded || GLOBAL_TYPES.has(decoded.typename) || this.ids.has(globalId)) return false;
    this.ids.set(globalId, decoded.typename);
    // Audit events have short numeric ids: only their global form is distinctive.
    if (decoded.id.length === 36) this.words.add(decoded.id);
    return true;
  }

  addWord(word: string): void {
    if (word.length >= 6) this.words.add(word);
  }

  /** The secrets an answer gives away (empty when it is clean). */
  leaksIn(answer: unknown): string[] {
    const text = JSON.stringify(answer);
    const found: string[] = [];
    for (const id of this.ids.keys()) if (text.includes(id)) found.push(id);
    for (const word of this.words) if (text.toLowerCase().includes(word.toLowerCase())) found.push(word);
    return found;
  }
}
