import { decodeGlobalID, encodeGlobalID } from '@pothos/plugin-relay';
import { InvalidInputError } from '../errors.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The raw id of each node type: a UUID, except audit events (a bigint sequence). */
const RAW_ID_FORMAT: Record<string, RegExp> = { AuditEvent: /^[1-9]\d{0,18}$/ };

/** "an Organisation", "a Member", "a Unit": the article as the type name is said (a "u" sounds "you"). */
function withArticle(typename: string): string {
  return `${/^[AEIO]/i.test(typename) ? 'an' : 'a'} ${typename}`;
}

/**
 * Why a value cannot be a global id of one of these node types (any node type when omitted), or null when it can.
 * Checked before execution, so a malformed id never reaches the database.
 */
export function globalIdProblem(value: string, typenames: readonly string[]): string | null {
  let decoded: { typename: string; id: string };
  try {
    decoded = decodeGlobalID(value);
  } catch {
    return 'is not a valid id';
  }
  if (!typenames.includes(decoded.typename))
    return `is not the id of ${typenames.map(withArticle).join(' or ')}`;
  if (!(RAW_ID_FORMAT[decoded.typename] ?? UUID).test(decoded.id)) return 'is not a valid id';
  return null;
}

/** Reads a global id of the expected type; anything else is an input error naming the field. */
export function parseId(value: string, typename: string, field: string): string {
  try {
    const decoded = decodeGlobalID(value);
    // Lower-cased: the same row named in two cases is one id (a batch's "each once" check compares strings).
    if (decoded.typename === typename && UUID.test(decoded.id)) return decoded.id.toLowerCase();
  } catch {
    // fall through to the typed error
  }
  throw new InvalidInputError(field, `${field} is not a valid ${typename} id.`);
}

export function parseOptionalId(value: string | null | undefined, typename: string, field: string) {
  return value === null || value === undefined ? null : parseId(value, typename, field);
}

export function globalId(typename: string, id: string): string {
  return encodeGlobalID(typename, id);
}
