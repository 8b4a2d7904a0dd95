import type { TFunction } from 'i18next';
import { CombinedError } from 'urql';

type ErrorCode = keyof ReturnType<typeof errorCodes>;

function errorCodes(t: TFunction) {
  return {
    NOT_AUTHORISED: t('errors.NOT_AUTHORISED'),
    NOT_FOUND: t('errors.NOT_FOUND'),
    INVALID_INPUT: t('errors.INVALID_INPUT'),
    CONFLICT: t('errors.CONFLICT'),
    INVALID_CREDENTIALS: t('errors.INVALID_CREDENTIALS'),
    RATE_LIMITED: t('errors.RATE_LIMITED'),
    OUTSIDE_AGREEMENT: t('errors.OUTSIDE_AGREEMENT'),
    OUTSIDE_PARENT_GROUP: t('errors.OUTSIDE_PARENT_GROUP'),
    OUTSIDE_SCOPE: t('errors.OUTSIDE_SCOPE'),
    LAST_PRINCIPAL_ADMIN: t('errors.LAST_PRINCIPAL_ADMIN'),
    INVALID_TRANSITION: t('errors.INVALID_TRANSITION'),
    PASSWORD_POLICY: t('errors.PASSWORD_POLICY'),
    PERSON_EXISTS: t('errors.PERSON_EXISTS'),
    IDENTITY_NOT_OWNED: t('errors.IDENTITY_NOT_OWNED'),
    EMAIL_NOT_VERIFIED: t('errors.EMAIL_NOT_VERIFIED'),
    SHARED_MAILBOX: t('errors.SHARED_MAILBOX'),
    DELEGATION_NOT_HELD: t('errors.DELEGATION_NOT_HELD'),
    DELEGATION_BEYOND_SCOPE: t('errors.DELEGATION_BEYOND_SCOPE'),
    DELEGATION_NOT_TRANSFERABLE: t('errors.DELEGATION_NOT_TRANSFERABLE'),
    DELEGATE_NOT_MEMBER: t('errors.DELEGATE_NOT_MEMBER'),
  };
}

/** The sentence shown for a typed domain error returned by a mutation. */
export function describeErrorCode(t: TFunction, code: string): string {
  const messages = errorCodes(t);
  return code in messages ? messages[code as ErrorCode] : t('errors.unexpected');
}

/**
 * Whether a query failed because what it asked for is out of reach: an unknown id, or an object of another
 * organisation (the API answers both NOT_FOUND, rule 2). Such a page shows its not-found state, not an error.
 */
export function isNotFoundError(error: unknown): boolean {
  return (
    error instanceof CombinedError &&
    !error.networkError &&
    error.graphQLErrors.some((graphQLError) => graphQLError.extensions?.code === 'NOT_FOUND')
  );
}

/** The sentence shown when a request failed before reaching a typed result. */
export function describeRequestError(t: TFunction, error: unknown): string {
  const unreachable =
    error instanceof CombinedError ? Boolean(error.networkError) : error instanceof TypeError;
  return unreachable ? t('errors.network') : t('errors.unexpected');
}

/** Human delay such as "45 secondes" or "2 minutes", rounded up to whole minutes past one minute. */
export function formatDelay(t: TFunction, seconds: number): string {
  if (seconds < 60) return t('duration.seconds', { count: Math.max(1, Math.ceil(seconds)) });
  return t('duration.minutes', { count: Math.ceil(seconds / 60) });
}
