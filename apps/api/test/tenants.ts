import pg from 'pg';
import type { TestApp, TestClient } from './app.js';

/** The organisation a signed-in client acts for. */
export async function actingOrganisationId(client: TestClient): Promise<string> {
  const data = await client.ok('{ viewer { acting { organisation { id } } } }');
  return data.viewer.acting.organisation.id;
}

/** A valid SIREN: eight digits and the Luhn check digit that completes them. */
export function siren(firstEight: string): string {
  for (let check = 0; check <= 9; check++) {
    const digits = `${firstEight}${check}`;
    let sum = 0;
    for (let i = 0; i < digits.length; i++) {
      let digit = Number(digits[digits.length - 1 - i]);
      if (i % 2 === 1) {
        digit *= 2;
        if (digit > 9) digit -= 9;
      }
      sum += digit;
    }
    if (sum % 10 === 0) return digits;
  }
  throw new Error('unreachable');
}

/** Runs SQL on the test app's database (to read what the API does not expose, or to check what it stored). */
export async function sql<T = Record<string, unknown>>(
  t: TestApp,
  text: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: t.databaseUrl });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/** Every typed error a mutation payload may be, with its code and, for input errors, the field. */
export const ERROR_FIELDS =
  '__typename ... on Error { code message } ... on InvalidInputError { field } ... on ConflictError { field } ... on RuleViolationError { field }';

/** The Relay global id of a row. */
export function gid(typename: string, id: string): string {
  return Buffer.from(`${typename}:${id}`).toString('base64');
}

/** The global id of a demo row found by SQL, e.g. idOf(t, 'Unit', `select id from unit where name = $1`, ['x']). */
export async function idOf(
  t: TestApp,
  typename: string,
  query: string,
  params: unknown[] = [],
): Promise<string> {
  const rows = await sql<{ id: string }>(t, query, params);
  if (rows.length !== 1) throw new Error(`expected one row for ${query}, got ${rows.length}`);
  return gid(typename, rows[0]!.id);
}

/** The global id of the member a demo person is in its (only) organisation. */
export function memberIdOf(t: TestApp, email: string): Promise<string> {
  return idOf(
    t,
    'Member',
    'select m.id from member m join person p on p.id = m.person_id where p.email = $1',
    [email],
  );
}
