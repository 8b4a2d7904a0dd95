import { describe, expect, it } from 'vitest';
import { describeStartupError } from './startup-error.js';

describe('describeStartupError', () => {
  it('never answers "undefined" for a rejection with no reason', () => {
    expect(describeStartupError(undefined)).toBe('an unknown failure (nothing said why)');
    expect(describeStartupError(null)).toBe('an unknown failure (nothing said why)');
    expect(describeStartupError('')).toBe('an unknown failure (nothing said why)');
  });

  it('gives the message of an Error on one line', () => {
    expect(describeStartupError(new Error('first\n  second'))).toBe('first second');
  });

  it('lists the causes of an AggregateError with an empty message (pg on a host that refuses everywhere)', () => {
    const refused = (address: string) =>
      Object.assign(new Error(`connect ECONNREFUSED ${address}:5432`), { code: 'ECONNREFUSED' });
    expect(describeStartupError(new AggregateError([refused('::1'), refused('127.0.0.1')]))).toBe(
      'connect ECONNREFUSED ::1:5432; connect ECONNREFUSED 127.0.0.1:5432',
    );
  });

  it('names the code of an Error without a message, and shows a plain object', () => {
    expect(describeStartupError(Object.assign(new Error(''), { code: 'EACCES' }))).toBe('Error EACCES');
    expect(describeStartupError({ reason: 'x' })).toBe("{ reason: 'x' }");
  });
});
