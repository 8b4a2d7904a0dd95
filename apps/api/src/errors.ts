import {
  DomainError,
  type DomainErrorCode,
  PASSWORD_VIOLATION_MESSAGES,
  type PasswordViolation,
} from '@tessera/domain';

export type ErrorCode = DomainErrorCode | 'INVALID_CREDENTIALS' | 'UNAUTHENTICATED';

/** Errors the API raises on purpose; each becomes a typed GraphQL error, never a stack trace. */
export class AppError extends Error {
  /** When set, the mutation's transaction commits what it wrote (a refusal's audit and count) before answering. */
  keepWrites = false;
  constructor(
    public readonly code: ErrorCode,
    message: string,
    public readonly field?: string,
  ) {
    super(message);
  }
}
export class NotAuthorisedError extends AppError {
  constructor(message = 'You are not allowed to do this.') {
    super('NOT_AUTHORISED', message);
  }
}
/** The session is gone (signed out, revoked, timed out): sign in again. Ends a live stream. */
export class UnauthenticatedError extends AppError {
  constructor(message = 'Your session has ended: sign in again.') {
    super('UNAUTHENTICATED', message);
  }
}
/** The one answer for an id that does not exist and for an object out of the caller's reach (rule 2). */
export const NOT_FOUND_MESSAGE = 'Nothing with this id exists within your reach.';

/**
 * Nothing with this id within reach. Every NOT_FOUND reads the same whatever the cause, so an id of another
 * organisation cannot be told from an unknown one; `detail` says which for the logs only.
 */
export class NotFoundError extends AppError {
  constructor(public readonly detail = 'not found') {
    super('NOT_FOUND', NOT_FOUND_MESSAGE);
  }
}
export class InvalidInputError extends AppError {
  constructor(field: string, message: string) {
    super('INVALID_INPUT', message, field);
  }
}
export class ConflictError extends AppError {
  constructor(message: string, field?: string) {
    super('CONFLICT', message, field);
  }
}
/**
 * A write based on a stale read: the object changed since the client loaded `expectedVersion`. The client
 * reloads it and decides again, so no update is lost.
 */
export class StaleVersionError extends ConflictError {
  constructor(
    what: string,
    public readonly currentVersion: number,
  ) {
    super(`This ${what} was changed by someone else meanwhile: reload it and try again.`, 'expectedVersion');
  }
}
export class InvalidCredentialsError extends AppError {
  constructor() {
    super('INVALID_CREDENTIALS', 'Wrong e-mail or password.');
  }
}
export class RateLimitedError extends AppError {
  constructor(public readonly retryAfterSeconds: number) {
    super('RATE_LIMITED', `Too many attempts. Try again in ${retryAfterSeconds} seconds.`);
  }
}
/** A new password breaks the policy; `violations` lists every reason, `field` names the input. */
export class PasswordPolicyError extends AppError {
  constructor(
    field: string,
    public readonly violations: readonly PasswordViolation[],
  ) {
    super(
      'PASSWORD_POLICY',
      violations.map((violation) => PASSWORD_VIOLATION_MESSAGES[violation]).join(' '),
      field,
    );
  }
}
/** A broken rule of the domain (rule 1, 6, a bad transition...). */
export class RuleError extends AppError {}

/** Turns a DomainError thrown by packages/domain into the API's typed error. */
export function fromDomainError(error: DomainError): AppError {
  if (error.code === 'NOT_AUTHORISED') return new NotAuthorisedError(error.message);
  if (error.code === 'NOT_FOUND') return new NotFoundError(error.message);
  if (error.code === 'INVALID_INPUT') return new InvalidInputError(error.field ?? 'input', error.message);
  if (error.code === 'CONFLICT') return new ConflictError(error.message, error.field);
  return new RuleError(error.code, error.message, error.field);
}

export { DomainError };
