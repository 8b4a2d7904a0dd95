import { encodeGlobalID } from '@pothos/plugin-relay';
import { expect } from 'vitest';
import type { TestApp, TestClient } from './app.js';
import { sql } from './tenants.js';

/** The global id of a demo member, found by its e-mail address. */
export async function memberId(t: TestApp, email: string): Promise<string> {
  const [row] = await sql<{ id: string }>(
    t,
    `select m.id from member m join person p on p.id = m.person_id where p.email = $1`,
    [email],
  );
  if (!row) throw new Error(`no member ${email}`);
  return encodeGlobalID('Member', row.id);
}

/** The global id of a service role, found by service code and role code (e.g. CDAP / saisie). */
export async function roleId(t: TestApp, serviceCode: string, roleCode: string): Promise<string> {
  const [row] = await sql<{ id: string }>(
    t,
    `select r.id from service_role r join service s on s.id = r.service_id where s.code = $1 and r.code = $2`,
    [serviceCode, roleCode],
  );
  if (!row) throw new Error(`no role ${serviceCode}/${roleCode}`);
  return encodeGlobalID('ServiceRole', row.id);
}

/** The global id of a group, found by organisation name and group name. */
export async function groupId(t: TestApp, name: string): Promise<string> {
  const [row] = await sql<{ id: string }>(t, `select id from member_group where name = $1`, [name]);
  if (!row) throw new Error(`no group ${name}`);
  return encodeGlobalID('Group', row.id);
}

/** The raw uuid inside a global id, to compare with rows read in SQL. */
export function rawId(globalId: string): string {
  return Buffer.from(globalId, 'base64').toString('utf8').split(':').slice(1).join(':');
}

/** A GraphQL answer in a test: its shape is what the assertions check, not the compiler. */
// biome-ignore lint/suspicious/noExplicitAny: untyped GraphQL responses, asserted field by field
export type Json = any;

export const ERRORS =
  '__typename ... on Error { code message } ... on InvalidInputError { field } ... on ConflictError { field } ... on RuleViolationError { field }';

/** Runs a mutation and returns its payload, failing the test on a top-level GraphQL error. */
export async function mutate(
  client: TestClient,
  name: string,
  inputType: string,
  input: unknown,
  selection: string,
) {
  const result = await client.ok(
    `mutation($input: ${inputType}!) { ${name}(input: $input) { ${ERRORS} ... on Mutation${name[0]!.toUpperCase()}${name.slice(1)}Success { data ${selection ? `{ ${selection} }` : ''} } } }`,
    { input },
  );
  return result[name] as { __typename: string; code?: string; field?: string; message?: string; data?: Json };
}

/** Asserts a payload is the success type and returns its data. */
export function success<T = Json>(payload: { __typename: string; data?: T }): T {
  expect(payload.__typename, JSON.stringify(payload)).toMatch(/^Mutation.*Success$/);
  return payload.data as T;
}

type SourceShape = { kind: string; group: { name: string } | null };
interface AccessShape {
  services: {
    service: { code: string };
    roles: { serviceRole: { code: string }; sources: SourceShape[] }[];
  }[];
  suspended: { serviceRole: { code: string; service: { code: string } }; source: SourceShape }[];
}

/** The effective access of a member as the API shows it, flattened to "SERVICE/role <- source" lines. */
export async function accessLines(
  client: TestClient,
  member: string,
): Promise<{ granted: string[]; suspended: string[] }> {
  const data = await client.ok(
    `query($id: ID!) { node(id: $id) { ... on Member { effectiveAccess {
      services { service { code } free roles { serviceRole { code } sources { kind group { name } } } }
      suspended { serviceRole { code service { code } } source { kind group { name } } }
    } } } }`,
    { id: member },
  );
  const access = data.node.effectiveAccess as AccessShape;
  const source = (s: { kind: string; group: { name: string } | null }) =>
    s.kind === 'GROUP' ? `GROUP:${s.group!.name}` : s.kind;
  return {
    granted: access.services.flatMap((s) =>
      s.roles.length === 0
        ? [`${s.service.code}`]
        : s.roles.flatMap((r) =>
            r.sources.map((x) => `${s.service.code}/${r.serviceRole.code} <- ${source(x)}`),
          ),
    ),
    suspended: access.suspended.map(
      (s) => `${s.serviceRole.service.code}/${s.serviceRole.code} <- ${source(s.source)}`,
    ),
  };
}
