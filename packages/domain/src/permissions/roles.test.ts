import { describe, expect, it } from 'vitest';
import { isDomainError } from '../errors';
import { ADMIN_ROLE_KIND_VALUES, groupScope, organisationScope, unitScope } from '../model';
import { ACTIONS } from './actions';
import {
  assertValidRoleScope,
  isValidRoleScope,
  ROLE_PERMISSIONS,
  ROLE_RANK,
  rolePermits,
  roleRank,
} from './roles';

describe('roleRank', () => {
  it('orders PRINCIPAL_ADMIN > CO_ADMIN > REFERENT > SUBSTITUTE_REFERENT > UNIT_ADMIN > GROUP_MANAGER', () => {
    const ranks = ADMIN_ROLE_KIND_VALUES.map(roleRank);
    for (let i = 1; i < ranks.length; i++) expect(ranks[i - 1]).toBeGreaterThan(ranks[i] as number);
    expect(roleRank('PRINCIPAL_ADMIN')).toBe(ROLE_RANK.PRINCIPAL_ADMIN);
  });
});

describe('ROLE_PERMISSIONS', () => {
  it('gives the principal admin every action', () => {
    expect([...ROLE_PERMISSIONS.PRINCIPAL_ADMIN].sort()).toEqual([...ACTIONS].sort());
  });

  it('gives the co-admin everything except activating the organisation', () => {
    expect(rolePermits('CO_ADMIN', 'organisation:activate')).toBe(false);
    expect(ROLE_PERMISSIONS.CO_ADMIN).toHaveLength(ACTIONS.length - 1);
  });

  it('lets only the principal admin activate the organisation', () => {
    const activators = ADMIN_ROLE_KIND_VALUES.filter((kind) => rolePermits(kind, 'organisation:activate'));
    expect(activators).toEqual(['PRINCIPAL_ADMIN']);
  });

  it('lets only principal and co-admin reshape units', () => {
    const managers = ADMIN_ROLE_KIND_VALUES.filter((kind) => rolePermits(kind, 'unit:manage'));
    expect(managers).toEqual(['PRINCIPAL_ADMIN', 'CO_ADMIN']);
  });

  it('gives referents and substitutes the same powers, including reviews and decisions', () => {
    expect(ROLE_PERMISSIONS.SUBSTITUTE_REFERENT).toEqual(ROLE_PERMISSIONS.REFERENT);
    for (const action of [
      'member:attach',
      'member:help',
      'review:read',
      'request:decide',
      'admin:name',
    ] as const) {
      expect(rolePermits('REFERENT', action)).toBe(true);
    }
  });

  it('lets the unit admin attach and decide but not run reviews', () => {
    expect(rolePermits('UNIT_ADMIN', 'member:attach')).toBe(true);
    expect(rolePermits('UNIT_ADMIN', 'request:decide')).toBe(true);
    expect(rolePermits('UNIT_ADMIN', 'review:read')).toBe(false);
  });

  it('keeps the group manager to its group: no attach, block, archive, export or decision', () => {
    for (const action of [
      'member:read',
      'member:create',
      'group:manage',
      'grant:manage',
      'admin:name',
    ] as const) {
      expect(rolePermits('GROUP_MANAGER', action)).toBe(true);
    }
    for (const action of [
      'member:attach',
      'member:block',
      'member:archive',
      'member:export',
      'request:decide',
      'audit:read',
    ] as const) {
      expect(rolePermits('GROUP_MANAGER', action)).toBe(false);
    }
  });

  it('never lists an action twice for a role', () => {
    for (const kind of ADMIN_ROLE_KIND_VALUES) {
      expect(new Set(ROLE_PERMISSIONS[kind]).size).toBe(ROLE_PERMISSIONS[kind].length);
    }
  });

  it('gives every lower role a subset of the role above it', () => {
    for (let i = 1; i < ADMIN_ROLE_KIND_VALUES.length; i++) {
      const upper = ROLE_PERMISSIONS[ADMIN_ROLE_KIND_VALUES[i - 1]!];
      for (const action of ROLE_PERMISSIONS[ADMIN_ROLE_KIND_VALUES[i]!]) expect(upper).toContain(action);
    }
  });
});

describe('isValidRoleScope and assertValidRoleScope', () => {
  it('accepts each role on its scope kinds only', () => {
    expect(isValidRoleScope('PRINCIPAL_ADMIN', organisationScope('o1'))).toBe(true);
    expect(isValidRoleScope('PRINCIPAL_ADMIN', unitScope('o1', 'u1'))).toBe(false);
    expect(isValidRoleScope('REFERENT', unitScope('o1', 'u1'))).toBe(true);
    expect(isValidRoleScope('REFERENT', groupScope('o1', 'g1'))).toBe(false);
    expect(isValidRoleScope('UNIT_ADMIN', organisationScope('o1'))).toBe(false);
    expect(isValidRoleScope('GROUP_MANAGER', groupScope('o1', 'g1'))).toBe(true);
  });

  it('throws INVALID_INPUT on the scope field', () => {
    expect(() => assertValidRoleScope('GROUP_MANAGER', groupScope('o1', 'g1'))).not.toThrow();
    try {
      assertValidRoleScope('CO_ADMIN', groupScope('o1', 'g1'));
      expect.unreachable();
    } catch (error) {
      expect(isDomainError(error, 'INVALID_INPUT')).toBe(true);
      expect((error as { field?: string }).field).toBe('scope');
    }
  });
});
