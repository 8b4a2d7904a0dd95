import { PASSWORD_VIOLATION_VALUES } from '@tessera/domain';
import {
  type AppError,
  ConflictError,
  InvalidCredentialsError,
  InvalidInputError,
  NotAuthorisedError,
  NotFoundError,
  PasswordPolicyError,
  RateLimitedError,
  RuleError,
} from '../../errors.js';
import { builder } from '../builder.js';

export const ERROR_CODES = [
  'NOT_AUTHORISED',
  'NOT_FOUND',
  'INVALID_INPUT',
  'CONFLICT',
  'INVALID_CREDENTIALS',
  'RATE_LIMITED',
  'OUTSIDE_AGREEMENT',
  'OUTSIDE_PARENT_GROUP',
  'OUTSIDE_SCOPE',
  'LAST_PRINCIPAL_ADMIN',
  'INVALID_TRANSITION',
  'PASSWORD_POLICY',
  'IDENTITY_NOT_OWNED',
  'PERSON_EXISTS',
  'EMAIL_NOT_VERIFIED',
  'SHARED_MAILBOX',
  'DELEGATION_NOT_HELD',
  'DELEGATION_BEYOND_SCOPE',
  'DELEGATION_NOT_TRANSFERABLE',
  'DELEGATE_NOT_MEMBER',
] as const;

export const ErrorCodeEnum = builder.enumType('ErrorCode', { values: ERROR_CODES });

export const ErrorInterface = builder.interfaceRef<AppError>('Error').implement({
  fields: (t) => ({
    message: t.exposeString('message'),
    code: t.field({ type: ErrorCodeEnum, resolve: (error) => error.code as (typeof ERROR_CODES)[number] }),
  }),
});

function errorType<T extends AppError>(cls: new (...args: never[]) => T, name: string, description: string) {
  return builder.objectType(cls, {
    name,
    description,
    interfaces: [ErrorInterface] as never,
    isTypeOf: (value) => value instanceof cls,
  });
}

errorType(NotAuthorisedError, 'NotAuthorisedError', 'The caller may not do this, or may not see it.');
errorType(NotFoundError, 'NotFoundError', 'Nothing with this id exists within reach of the caller.');
errorType(
  ConflictError,
  'ConflictError',
  'The change clashes with the current state (a duplicate, for instance).',
);
errorType(InvalidCredentialsError, 'InvalidCredentialsError', 'Wrong e-mail or password (never says which).');
errorType(RuleError, 'RuleViolationError', 'A rule of the domain refused the change; `code` says which.');
for (const cls of [ConflictError, RuleError]) {
  builder.objectField(cls, 'field', (t) =>
    t.string({
      nullable: true,
      description: 'The input at fault, when one is (e.g. serviceRoleId for OUTSIDE_AGREEMENT).',
      resolve: (error) => error.field ?? null,
    }),
  );
}
builder.objectType(InvalidInputError, {
  name: 'InvalidInputError',
  description: 'One input value is wrong; `field` names it.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof InvalidInputError,
  fields: (t) => ({ field: t.string({ nullable: true, resolve: (error) => error.field ?? null }) }),
});
builder.objectType(RateLimitedError, {
  name: 'RateLimitedError',
  description: 'Too many attempts; retry after the given delay.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof RateLimitedError,
  fields: (t) => ({ retryAfterSeconds: t.exposeInt('retryAfterSeconds') }),
});

export const PasswordViolationEnum = builder.enumType('PasswordViolation', {
  values: PASSWORD_VIOLATION_VALUES,
});
builder.objectType(PasswordPolicyError, {
  name: 'PasswordPolicyError',
  description: 'The new password breaks the password policy; `violations` lists every reason.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof PasswordPolicyError,
  fields: (t) => ({
    field: t.string({ nullable: true, resolve: (error) => error.field ?? null }),
    violations: t.field({ type: [PasswordViolationEnum], resolve: (error) => [...error.violations] }),
  }),
});

/** The typed errors every mutation can return. */
export const MUTATION_ERRORS = [
  NotAuthorisedError,
  NotFoundError,
  InvalidInputError,
  ConflictError,
  RuleError,
];
