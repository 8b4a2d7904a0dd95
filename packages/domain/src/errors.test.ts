import { describe, expect, it } from 'vitest';
import { DOMAIN_ERROR_CODES, DomainError, isDomainError } from './errors';

describe('DomainError', () => {
  it('keeps its code, message and field and is an Error', () => {
    const error = new DomainError('INVALID_INPUT', 'The e-mail is not valid.', 'email');
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.message).toBe('The e-mail is not valid.');
    expect(error.field).toBe('email');
    expect(error.name).toBe('DomainError');
  });

  it('leaves field undefined when not given', () => {
    expect(new DomainError('CONFLICT', 'Already there.').field).toBeUndefined();
  });

  it('lists each code once', () => {
    expect(new Set(DOMAIN_ERROR_CODES).size).toBe(DOMAIN_ERROR_CODES.length);
    expect(DOMAIN_ERROR_CODES).toHaveLength(19);
  });
});

describe('isDomainError', () => {
  it('recognises domain errors, and filters by code when asked', () => {
    const error = new DomainError('NOT_FOUND', 'No such member.');
    expect(isDomainError(error)).toBe(true);
    expect(isDomainError(error, 'NOT_FOUND')).toBe(true);
    expect(isDomainError(error, 'CONFLICT')).toBe(false);
  });

  it('rejects other values', () => {
    expect(isDomainError(new Error('plain'))).toBe(false);
    expect(isDomainError({ code: 'NOT_FOUND', message: 'look-alike' })).toBe(false);
    expect(isDomainError(undefined)).toBe(false);
  });
});
