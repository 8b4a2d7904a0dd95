import { InvalidInputError } from '../errors.js';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

export interface ConnectionArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

export interface Page<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
}

export type KeyValue = string | number | boolean | null;

export function encodeCursor(key: readonly KeyValue[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

const isKeyValue = (value: unknown) =>
  value === null ||
  typeof value === 'boolean' ||
  (typeof value === 'number' && Number.isFinite(value)) ||
  (typeof value === 'string' && value.length <= 1000 && !value.includes('\u0000'));

export function decodeCursor(cursor: string, length: number): KeyValue[] {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === length && key.every(isKeyValue)) return key as KeyValue[];
  } catch {
    // fall through to the typed error
  }
  throw new InvalidInputError('after', 'This cursor is not valid for this list.');
}

/**
 * A forward Relay page over a keyset: `fetch` receives the key of the last row seen (null for the first page) and
 * a limit, and must return rows ordered by that key; one extra row tells whether a next page exists. The cost of
 * a page never depends on how deep it is, unlike OFFSET.
 */
export async function keysetPage<T>(
  args: ConnectionArgs,
  keyOf: (row: T) => KeyValue[],
  keyLength: number,
  fetch: (after: KeyValue[] | null, limit: number) => Promise<T[]>,
): Promise<Page<T>> {
  if (args.last != null || args.before != null)
    throw new InvalidInputError('last', 'Lists page forward only: use first and after.');
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE)
    throw new InvalidInputError('first', `first must be between 0 and ${MAX_PAGE_SIZE}.`);
  const after = args.after ? decodeCursor(args.after, keyLength) : null;
  const rows = first === 0 ? [] : await fetchAfter(fetch, after, first + 1);
  const hasNextPage = rows.length > first;
  const edges = rows.slice(0, first).map((node) => ({ cursor: encodeCursor(keyOf(node)), node }));
  return {
    edges,
    pageInfo: {
      hasNextPage,
      hasPreviousPage: after !== null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

/**
 * A cursor of the right shape may still hold values its columns cannot take (a word where a UUID or a date goes,
 * when forged): PostgreSQL then refuses the statement with a data exception (class 22), which is the caller's input.
 */
async function fetchAfter<T>(
  fetch: (after: KeyValue[] | null, limit: number) => Promise<T[]>,
  after: KeyValue[] | null,
  limit: number,
): Promise<T[]> {
  try {
    return await fetch(after, limit);
  } catch (error) {
    const sqlState = (error as { code?: unknown }).code;
    if (after !== null && typeof sqlState === 'string' && sqlState.startsWith('22'))
      throw new InvalidInputError('after', 'This cursor is not valid for this list.');
    throw error;
  }
}

/** SQL for "row key strictly after this key" in ascending order, e.g. `(m.sort_name, m.id) > (?, ?)`. */
export function afterKey(columns: string[]): string {
  return `(${columns.join(', ')}) > (${columns.map(() => '?').join(', ')})`;
}
