import { describe, expect, it } from 'vitest';
import { isDomainError } from '../errors';
import { assertOrganisationTransition, organisationTransition } from './lifecycle';

describe('organisationTransition', () => {
  it('activates a pending organisation, and only a pending one', () => {
    expect(organisationTransition('PENDING_ACTIVATION', 'activate', false)).toBe('ACTIVE');
    expect(organisationTransition('ACTIVE', 'activate', true)).toBeNull();
    expect(organisationTransition('SUSPENDED', 'activate', true)).toBeNull();
  });

  it('suspends an active or pending organisation, not a suspended one', () => {
    expect(organisationTransition('ACTIVE', 'suspend', true)).toBe('SUSPENDED');
    expect(organisationTransition('PENDING_ACTIVATION', 'suspend', false)).toBe('SUSPENDED');
    expect(organisationTransition('SUSPENDED', 'suspend', true)).toBeNull();
  });

  it('reactivates to where the organisation stood: active if it was ever activated, else pending', () => {
    expect(organisationTransition('SUSPENDED', 'reactivate', true)).toBe('ACTIVE');
    expect(organisationTransition('SUSPENDED', 'reactivate', false)).toBe('PENDING_ACTIVATION');
    expect(organisationTransition('ACTIVE', 'reactivate', true)).toBeNull();
  });
});

describe('assertOrganisationTransition', () => {
  it('returns the next status or throws INVALID_TRANSITION', () => {
    expect(assertOrganisationTransition('PENDING_ACTIVATION', 'activate', false)).toBe('ACTIVE');
    let thrown: unknown;
    try {
      assertOrganisationTransition('ACTIVE', 'activate', true);
    } catch (error) {
      thrown = error;
    }
    expect(isDomainError(thrown, 'INVALID_TRANSITION')).toBe(true);
  });
});
