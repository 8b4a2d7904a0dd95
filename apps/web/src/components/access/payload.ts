import type { TFunction } from 'i18next';
import { describeErrorCode } from '../../lib/errors';

/** What a mutation payload union looks like once gql.tada has typed it. */
export interface PayloadLike {
  __typename: string;
  code?: string;
  field?: string | null;
  message?: string;
}

export type PayloadOutcome<T> =
  | { ok: true; data: T }
  | { ok: false; code: string; field: string | null; message: string };

/** Reads a `Mutation…Success | …Error` payload: the data, or the typed error in the user's language. */
export function readPayload<T>(
  t: TFunction,
  payload: (PayloadLike & { data?: T }) | null | undefined,
): PayloadOutcome<T> {
  if (!payload) return { ok: false, code: 'UNEXPECTED', field: null, message: t('errors.unexpected') };
  if (payload.__typename.endsWith('Success')) return { ok: true, data: payload.data as T };
  return {
    ok: false,
    code: payload.code ?? 'UNEXPECTED',
    field: payload.field ?? null,
    message: describeErrorCode(t, payload.code ?? ''),
  };
}
