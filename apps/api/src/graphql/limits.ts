import { blockFieldSuggestionsPlugin } from '@escape.tech/graphql-armor-block-field-suggestions';
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesPlugin } from '@escape.tech/graphql-armor-max-directives';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import {
  type ArgumentNode,
  type ASTVisitor,
  GraphQLError,
  type GraphQLInputType,
  getArgumentValues,
  getNamedType,
  getNullableType,
  getVariableValues,
  isInputObjectType,
  isInterfaceType,
  isIntrospectionType,
  isListType,
  isNonNullType,
  Kind,
  NoSchemaIntrospectionCustomRule,
  type OperationDefinitionNode,
  type ValidationContext,
  type ValidationRule,
  ValuesOfCorrectTypeRule,
} from 'graphql';
import { type ComplexityEstimatorArgs, getComplexity } from 'graphql-query-complexity';
import type { Plugin } from 'graphql-yoga';
import { globalIdProblem } from '../lib/ids.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../lib/keyset.js';

/**
 * What one GraphQL operation may ask for, checked after parsing and validation and before the request context is
 * built (so before any SQL, including the session lookup). ARCHITECTURE.md explains each value.
 */
export const LIMITS = {
  /** bytes of one HTTP body or WebSocket message */
  bodyBytes: 1_048_576,
  /** lexical tokens of the query text */
  tokens: 3_000,
  /** nesting of fields, fragments flattened */
  depth: 12,
  aliases: 30,
  directives: 20,
  /** the cost budget of one operation; see fieldCost */
  cost: 50_000,
  /** first/last of every connection */
  pageSize: MAX_PAGE_SIZE,
  /** items of any list argument or input field (nodes(ids), id lists, role lists) */
  listLength: 200,
  /** characters of any string argument or input field */
  stringLength: 10_000,
} as const;

/** A list field without paging arguments is assumed to return this many items (a member's groups, a unit's children). */
const UNPAGED_LIST_SIZE = 5;
/** What one write (one item of a mutation's input) costs: the budget allows a few hundred per operation. */
export const WRITE_COST = 100;

/** The length of the longest list among an input object's fields (0 when it has none). */
function longestList(input: unknown): number {
  if (!input || typeof input !== 'object') return 0;
  return Math.max(0, ...Object.values(input).map((value) => (Array.isArray(value) ? value.length : 0)));
}

export type LimitCode =
  | 'MAX_TOKENS'
  | 'MAX_DEPTH'
  | 'MAX_ALIASES'
  | 'MAX_DIRECTIVES'
  | 'COST_LIMIT'
  | 'PAGE_TOO_LARGE'
  | 'LIST_TOO_LONG'
  | 'STRING_TOO_LONG';

function refusal(code: string, message: string, field?: string, nodes?: readonly ArgumentNode[]) {
  return new GraphQLError(message, {
    nodes,
    extensions: { code, ...(field ? { field } : {}) },
  });
}

/** Armor words its refusals as syntax errors without a code; the client gets the limit's name instead. */
function reportAs(code: LimitCode) {
  return [
    (context: ValidationContext | null, error: GraphQLError) => {
      const message = error.message.replace(/^Syntax Error: /, '');
      if (context) context.reportError(refusal(code, message));
      else Object.assign(error.extensions, { code });
    },
  ];
}

/**
 * The cost of a field: 1 plus its selection, times the number of items it may return: `first`/`last` for a
 * connection (its default page when omitted; its edges then count once), the number of ids for `nodes`,
 * UNPAGED_LIST_SIZE for other lists.
 * So 30 aliases of `members(first: 200)` with a few nested lists cost far beyond the budget, while the pages the
 * web client asks for cost a few thousand.
 */
function fieldCost({ type, field, args, childComplexity }: ComplexityEstimatorArgs): number {
  if (isIntrospectionType(getNamedType(field.type))) return 0;
  // A write costs WRITE_COST per item its input names (a batch of 100 ids is 100 writes), so aliases cannot
  // multiply a batch mutation beyond the budget.
  if (type.name === 'Mutation')
    return 1 + childComplexity + WRITE_COST * Math.max(1, longestList(args.input));
  // A connection's edges are already counted by its first/last.
  if (type.name.endsWith('Connection')) return 1 + childComplexity;
  const own = 1 + childComplexity;
  if (field.args.some((arg) => arg.name === 'first' || arg.name === 'last')) {
    const size = (args.first as number | undefined) ?? (args.last as number | undefined) ?? DEFAULT_PAGE_SIZE;
    // Over the maximum is PAGE_TOO_LARGE already, not also over budget.
    return own * Math.max(1, Math.min(size, LIMITS.pageSize));
  }
  if (Array.isArray(args.ids)) return own * Math.max(1, Math.min(args.ids.length, LIMITS.listLength));
  return isListType(getNullableType(field.type)) ? own * UNPAGED_LIST_SIZE : own;
}

/** Half of a UTF-16 pair without the other: what invalid UTF-8 or a bare \\uD800 escape in JSON becomes. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Walks an argument's coerced value along its type: list lengths, string lengths, NUL and lone surrogates. */
function checkValue(
  value: unknown,
  type: GraphQLInputType,
  extensions: Readonly<Record<string, unknown>> | null | undefined,
  path: string,
  context: ValidationContext,
): void {
  const report = (error: GraphQLError) => context.reportError(error);
  if (value === null || value === undefined) return;
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner)) {
    if (!Array.isArray(value)) {
      checkValue(value, inner.ofType, extensions, path, context);
      return;
    }
    if (value.length > LIMITS.listLength) {
      report(
        refusal(
          'LIST_TOO_LONG',
          `${path} has ${value.length} items; at most ${LIMITS.listLength} are allowed.`,
          path,
        ),
      );
      return;
    }
    for (const item of value) checkValue(item, inner.ofType, extensions, path, context);
    return;
  }
  if (isInputObjectType(inner)) {
    const fields = inner.getFields();
    for (const [name, fieldValue] of Object.entries(value as Record<string, unknown>)) {
      const field = fields[name];
      if (field) checkValue(fieldValue, field.type, field.extensions, `${path}.${name}`, context);
    }
    return;
  }
  if (typeof value !== 'string') return;
  if (value.length > LIMITS.stringLength) {
    report(
      refusal(
        'STRING_TOO_LONG',
        `${path} is ${value.length} characters long; at most ${LIMITS.stringLength} are allowed.`,
        path,
      ),
    );
  } else if (value.includes('\u0000')) {
    report(refusal('BAD_USER_INPUT', `${path} must not contain a NUL character.`, path));
  } else if (LONE_SURROGATE.test(value)) {
    report(refusal('BAD_USER_INPUT', `${path} is not valid Unicode text.`, path));
  } else if (extensions?.isRelayGlobalID) {
    const problem = globalIdProblem(value, globalIdTypes(extensions, context));
    if (problem) report(refusal('BAD_USER_INPUT', `${path} ${problem}.`, path));
  }
}

/** The node types a global id argument accepts: those it names (`t.arg.globalID({ for })`), else any node. */
function globalIdTypes(extensions: Readonly<Record<string, unknown>>, context: ValidationContext): string[] {
  const named = extensions.relayGlobalIDFor as { typename: string }[] | null | undefined;
  if (named?.length) return named.map((entry) => entry.typename);
  const node = context.getSchema().getType('Node');
  return node && isInterfaceType(node)
    ? context
        .getSchema()
        .getPossibleTypes(node)
        .map((type) => type.name)
    : [];
}

/**
 * The checks that depend on the variables of this request: variable values (a bad one is BAD_USER_INPUT naming
 * the variable), page sizes, list and string lengths, and the cost budget. It runs as a validation rule, so with
 * yoga's validation cache off (the same document may come with other variables).
 */
function requestInputRule(
  budget: number,
  variables: Record<string, unknown>,
  operationName: string | undefined,
): ValidationRule {
  return (context) => {
    let coerced: Record<string, unknown> | null = null;
    const visitor: ASTVisitor = {
      OperationDefinition(operation: OperationDefinitionNode) {
        coerced = null;
        if (operationName && operation.name?.value !== operationName) return false;
        const result = getVariableValues(
          context.getSchema(),
          operation.variableDefinitions ?? [],
          variables,
          {
            maxErrors: 20,
          },
        );
        if (result.errors) {
          for (const error of result.errors) {
            const variable = error.nodes?.find((node) => node.kind === Kind.VARIABLE_DEFINITION);
            context.reportError(
              new GraphQLError(error.message, {
                nodes: error.nodes,
                extensions: {
                  code: 'BAD_USER_INPUT',
                  ...(variable?.kind === Kind.VARIABLE_DEFINITION
                    ? { field: variable.variable.name.value }
                    : {}),
                },
              }),
            );
          }
          return false;
        }
        coerced = result.coerced;
        try {
          const cost = getComplexity({
            schema: context.getSchema(),
            query: { kind: Kind.DOCUMENT, definitions: [operation, ...fragmentsOf(context)] },
            variables,
            estimators: [fieldCost],
            maxQueryNodes: 100_000,
          });
          if (cost > budget)
            context.reportError(
              refusal('COST_LIMIT', `This operation costs ${cost}; the budget is ${budget}.`),
            );
        } catch (error) {
          // Invalid selections and arguments are reported by the specified rules; too many nodes is over budget.
          if (error instanceof GraphQLError && /maximum allowed number of nodes/.test(error.message))
            context.reportError(refusal('COST_LIMIT', 'This operation is too large.'));
        }
        return undefined;
      },
      Field(node) {
        if (!coerced || !node.arguments?.length) return;
        const field = context.getFieldDef();
        if (!field) return;
        let args: Record<string, unknown>;
        try {
          args = getArgumentValues(field, node, coerced);
        } catch {
          return; // ValuesOfCorrectTypeRule reports it
        }
        for (const name of ['first', 'last']) {
          const size = args[name];
          if (typeof size === 'number' && size > LIMITS.pageSize)
            context.reportError(
              refusal(
                'PAGE_TOO_LARGE',
                `${name} is ${size}; a page holds at most ${LIMITS.pageSize} items.`,
                name,
                node.arguments,
              ),
            );
        }
        for (const arg of field.args) checkValue(args[arg.name], arg.type, arg.extensions, arg.name, context);
      },
    };
    return visitor;
  };
}

function fragmentsOf(context: ValidationContext) {
  return context
    .getDocument()
    .definitions.filter((definition) => definition.kind === Kind.FRAGMENT_DEFINITION);
}

/** ValuesOfCorrectTypeRule's findings (a bad enum, Date or ID literal) are the caller's input, named by argument. */
const valuesAreUserInput: ValidationRule = (context) =>
  ValuesOfCorrectTypeRule(
    new Proxy(context, {
      get(target, property) {
        if (property === 'reportError')
          return (error: GraphQLError) => {
            const argument = target.getArgument()?.name;
            target.reportError(
              new GraphQLError(error.message, {
                nodes: error.nodes,
                extensions: { code: 'BAD_USER_INPUT', ...(argument ? { field: argument } : {}) },
              }),
            );
          };
        const value = Reflect.get(target, property, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    }),
  );

/** Refuses an introspection query with a code; used in production only. */
const noIntrospection: ValidationRule = (context) =>
  NoSchemaIntrospectionCustomRule(
    new Proxy(context, {
      get(target, property) {
        if (property === 'reportError')
          return (error: GraphQLError) =>
            target.reportError(
              new GraphQLError(error.message, {
                nodes: error.nodes,
                extensions: { code: 'INTROSPECTION_DISABLED' },
              }),
            );
        const value = Reflect.get(target, property, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    }),
  );

interface InitialContext {
  params?: { variables?: Record<string, unknown> | null; operationName?: string | null };
}

/** The request's own rules: typed value errors, variables, sizes and cost, and (in production) no introspection. */
function requestRules(options: LimitOptions): Plugin {
  return {
    onValidate({ params, context, addValidationRule }) {
      const index = params.rules?.indexOf(ValuesOfCorrectTypeRule) ?? -1;
      if (params.rules && index >= 0) params.rules[index] = valuesAreUserInput;
      else addValidationRule(valuesAreUserInput);
      const request = (context as InitialContext).params;
      addValidationRule(
        requestInputRule(options.cost, request?.variables ?? {}, request?.operationName ?? undefined),
      );
      if (!options.introspection) addValidationRule(noIntrospection);
    },
  };
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A JSON body must be valid UTF-8: decoded leniently, bad bytes would become U+FFFD and be stored as if typed.
 * It wraps the selected body parser; yoga's body size limit then wraps this one, so the size is checked first.
 */
const strictUtf8Body: Plugin = {
  onRequestParse({ request, requestParser, setRequestParser, fetchAPI }) {
    if (!requestParser || request.method !== 'POST') return;
    const parse = requestParser;
    setRequestParser(async (limited) => {
      const bytes = await limited.arrayBuffer();
      try {
        UTF8.decode(bytes);
      } catch {
        throw new GraphQLError('The request body is not valid UTF-8.', {
          extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
        });
      }
      return parse(
        new fetchAPI.Request(limited.url, { method: limited.method, headers: limited.headers, body: bytes }),
      );
    });
  },
};

/** The yoga/envelop plugins enforcing LIMITS, for HTTP and WebSocket operations alike. */
export interface LimitOptions {
  introspection: boolean;
  /** LIMITS.tokens, depth, aliases and cost unless configured otherwise (GRAPHQL_MAX_*) */
  tokens: number;
  depth: number;
  aliases: number;
  cost: number;
}

export function limitPlugins(options: LimitOptions): Plugin[] {
  return [
    // Without introspection (production), "Did you mean …" would still spell the schema out.
    ...(options.introspection ? [] : [blockFieldSuggestionsPlugin() as Plugin]),
    strictUtf8Body,
    maxTokensPlugin({ n: options.tokens, onReject: reportAs('MAX_TOKENS') }),
    maxDepthPlugin({
      n: options.depth,
      flattenFragments: true,
      propagateOnRejection: false,
      onReject: reportAs('MAX_DEPTH'),
    }),
    maxAliasesPlugin({ n: options.aliases, propagateOnRejection: false, onReject: reportAs('MAX_ALIASES') }),
    maxDirectivesPlugin({
      n: LIMITS.directives,
      propagateOnRejection: false,
      onReject: reportAs('MAX_DIRECTIVES'),
    }),
    requestRules(options),
  ];
}
