import type { TFunction } from 'i18next';
import type { CombinedError } from 'urql';
import { describeErrorCode, describeRequestError } from '../../lib/errors';

/** A refusal of the API as `readOutcome` gives it. */
export interface Refusal {
  code: string;
  field: string | null;
  message: string;
}

/**
 * The sentence to show for a refusal, most specific first: `field:CODE`, then `field`, then `CODE`, else the
 * translated generic sentence of the code. The API's own message is English; the screens speak the reader's language.
 */
export function refusalMessage(refusal: Refusal, messages: Record<string, string>): string {
  return (
    messages[`${refusal.field}:${refusal.code}`] ??
    (refusal.field ? messages[refusal.field] : undefined) ??
    messages[refusal.code] ??
    refusal.message
  );
}

/** The sentence for a failed query: the typed refusal of the API when there is one, else the network or generic one. */
export function queryErrorMessage(t: TFunction, error: CombinedError): string {
  const code = error.graphQLErrors[0]?.extensions?.code;
  return typeof code === 'string' && code !== 'INTERNAL'
    ? describeErrorCode(t, code)
    : describeRequestError(t, error);
}
