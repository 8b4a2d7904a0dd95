import { describe, expect, it } from 'vitest';
import { requiredStep } from './next-step';
import { isSafeRedirect, parseRedirectSearch } from './redirect';

const organisation = (id: string) => ({
  id,
  name: `Organisation ${id}`,
  status: 'ACTIVE' as const,
  registryKind: 'IDE' as const,
  registryNumber: 'CHE-000.000.000',
});

const viewer = (overrides: Partial<Parameters<typeof requiredStep>[0]> = {}) => ({
  acting: null,
  isOperatorAdmin: false,
  memberships: [{ memberId: 'm1', organisation: organisation('o1') }],
  mustChangePassword: false,
  mustAcceptTerms: false,
  ...overrides,
});

describe('requiredStep', () => {
  it('sends a person who must change their password to the first sign-in steps', () => {
    expect(requiredStep(viewer({ mustChangePassword: true }))).toBe('/first-sign-in');
  });

  it('sends a person who must accept the terms to the first sign-in steps', () => {
    expect(requiredStep(viewer({ mustAcceptTerms: true }))).toBe('/first-sign-in');
  });

  it('asks a member of several organisations to choose one', () => {
    const memberships = [
      { memberId: 'm1', organisation: organisation('o1') },
      { memberId: 'm2', organisation: organisation('o2') },
    ];
    expect(requiredStep(viewer({ memberships }))).toBe('/choose-organisation');
  });

  it('asks an operator administrator who is also a member to choose', () => {
    expect(requiredStep(viewer({ isOperatorAdmin: true }))).toBe('/choose-organisation');
  });

  it('lets a person already acting for an organisation straight in', () => {
    const acting = { kind: 'ORGANISATION' as const, may: [], organisation: organisation('o1') };
    expect(requiredStep(viewer({ acting }))).toBeNull();
  });

  it('lets a person with no organisation at all in, to see their own account', () => {
    expect(requiredStep(viewer({ memberships: [] }))).toBeNull();
  });
});

describe('redirect search parameter', () => {
  it('keeps a path inside the application', () => {
    expect(parseRedirectSearch({ redirect: '/members?page=2' })).toEqual({ redirect: '/members?page=2' });
  });

  it('drops an address leading to another site', () => {
    expect(parseRedirectSearch({ redirect: '//evil.example/x' })).toEqual({ redirect: undefined });
    expect(parseRedirectSearch({ redirect: 'https://evil.example' })).toEqual({ redirect: undefined });
    expect(isSafeRedirect('/\\evil.example')).toBe(false);
  });

  it('accepts a missing or malformed parameter', () => {
    expect(parseRedirectSearch({})).toEqual({});
    expect(parseRedirectSearch({ redirect: 42 })).toEqual({ redirect: undefined });
  });
});
