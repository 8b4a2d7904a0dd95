import type { TFunction } from 'i18next';
import { graphql } from '../graphql';
import { describeErrorCode } from './errors';

/**
 * The one selection of a mutation's typed refusal: every `Mutation…Result` union spreads it, so the error fields
 * (code, English message, and the input at fault when the error names one) are written once. Unmasked: the
 * payload's type carries the fields and `readOutcome` reads them directly.
 */
export const MutationError = graphql(`
  fragment MutationError on Error @_unmask {
    __typename
    code
    message
    ... on InvalidInputError { field }
    ... on ConflictError { field }
    ... on RuleViolationError { field }
  }
`);

/** What a mutation payload union looks like once gql.tada has typed it. */
export interface PayloadLike {
  __typename: string;
  code?: string;
  field?: string | null;
  message?: string;
}

export type Outcome<T> =
  | { ok: true; data: T }
  | { ok: false; code: string; field: string | null; message: string };

/** Reads a `Mutation…Success | …Error` payload: the data, or the typed error in the user's language. */
export function readOutcome<T>(
  t: TFunction,
  payload: (PayloadLike & { data?: T }) | null | undefined,
): Outcome<T> {
  if (!payload) return { ok: false, code: 'UNEXPECTED', field: null, message: t('errors.unexpected') };
  if (payload.__typename.endsWith('Success')) return { ok: true, data: payload.data as T };
  // A conflict on expectedVersion: the object changed since the page showed it. Its own code, so that a screen
  // reading CONFLICT as "a duplicate name" or "it has sub-groups" never says that of a stale page.
  if (payload.field === 'expectedVersion')
    return { ok: false, code: 'STALE', field: 'expectedVersion', message: t('errors.stale') };
  return {
    ok: false,
    code: payload.code ?? 'UNEXPECTED',
    field: payload.field ?? null,
    message: describeErrorCode(t, payload.code ?? ''),
  };
}
