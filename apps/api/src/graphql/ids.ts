import { decodeGlobalID, encodeGlobalID } from '@pothos/plugin-relay';
import { InvalidInputError } from '../errors.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Reads a global id of the expected type; anything else is an input error naming the field. */
export function parseId(value: string, typename: string, field: string): string {
  try {
    const decoded = decodeGlobalID(value);
    if (decoded.typename === typename && UUID.test(decoded.id)) return decoded.id;
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
