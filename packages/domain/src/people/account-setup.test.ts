import { describe, expect, it } from 'vitest';
import { isAccountReady, pendingAccountSetup } from './account-setup';

describe('pendingAccountSetup', () => {
  it('asks a new person to accept the terms, then to replace the temporary password', () => {
    expect(pendingAccountSetup({ mustChangePassword: true, termsAcceptedAt: null })).toEqual([
      'ACCEPT_TERMS',
      'CHANGE_PASSWORD',
    ]);
    expect(isAccountReady({ mustChangePassword: true, termsAcceptedAt: null })).toBe(false);
  });

  it('keeps each step until it is done', () => {
    expect(pendingAccountSetup({ mustChangePassword: false, termsAcceptedAt: undefined })).toEqual([
      'ACCEPT_TERMS',
    ]);
    expect(pendingAccountSetup({ mustChangePassword: true, termsAcceptedAt: new Date() })).toEqual([
      'CHANGE_PASSWORD',
    ]);
  });

  it('is empty once the password is the person’s own and the terms are accepted', () => {
    const ready = { mustChangePassword: false, termsAcceptedAt: new Date('2026-01-05Z') };
    expect(pendingAccountSetup(ready)).toEqual([]);
    expect(isAccountReady(ready)).toBe(true);
  });
});
