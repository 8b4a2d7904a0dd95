/** Every way a domain rule can refuse; the API maps each code to a typed GraphQL error. */
export type DomainErrorCode =
  | 'NOT_AUTHORISED'
  | 'NOT_FOUND'
  | 'INVALID_INPUT'
  | 'CONFLICT'
  | 'OUTSIDE_AGREEMENT'
  | 'OUTSIDE_PARENT_GROUP'
  | 'OUTSIDE_SCOPE'
  | 'LAST_PRINCIPAL_ADMIN'
  | 'INVALID_TRANSITION'
  | 'PASSWORD_POLICY'
  | 'RATE_LIMITED'
  | 'IDENTITY_NOT_OWNED'
  | 'PERSON_EXISTS'
  | 'EMAIL_NOT_VERIFIED'
  | 'SHARED_MAILBOX'
  | 'DELEGATION_NOT_HELD'
  | 'DELEGATION_BEYOND_SCOPE'
  | 'DELEGATION_NOT_TRANSFERABLE'
  | 'DELEGATE_NOT_MEMBER';

export const DOMAIN_ERROR_CODES = [
  'NOT_AUTHORISED',
  'NOT_FOUND',
  'INVALID_INPUT',
  'CONFLICT',
  'OUTSIDE_AGREEMENT',
  'OUTSIDE_PARENT_GROUP',
  'OUTSIDE_SCOPE',
  'LAST_PRINCIPAL_ADMIN',
  'INVALID_TRANSITION',
  'PASSWORD_POLICY',
  'RATE_LIMITED',
  'IDENTITY_NOT_OWNED',
  'PERSON_EXISTS',
  'EMAIL_NOT_VERIFIED',
  'SHARED_MAILBOX',
  'DELEGATION_NOT_HELD',
  'DELEGATION_BEYOND_SCOPE',
  'DELEGATION_NOT_TRANSFERABLE',
  'DELEGATE_NOT_MEMBER',
] as const satisfies readonly DomainErrorCode[];

/** A broken domain rule: `code` is stable for clients, `message` is for people, `field` names the faulty input. */
export class DomainError extends Error {
  constructor(
    public readonly code: DomainErrorCode,
    message: string,
    public readonly field?: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** Tells whether a thrown value is a DomainError, optionally of one code. */
export function isDomainError(value: unknown, code?: DomainErrorCode): value is DomainError {
  return value instanceof DomainError && (code === undefined || value.code === code);
}
