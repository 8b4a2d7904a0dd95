import { describe, expect, it } from 'vitest';
import {
  type Actor,
  type AdminRoleHolding,
  buildTopology,
  groupScope,
  organisationScope,
  unitScope,
} from '../model';
import { assertCanActOnAdmin, canActOnAdmin } from './admin-level';

// Units: u1 > u2, u3 alone. Groups: g1 (in u1) > g2 > g3; g-u3 sits in u3; g-top sits in no unit.
const topology = buildTopology({
  units: [
    { id: 'u1', parentId: null },
    { id: 'u2', parentId: 'u1' },
    { id: 'u3', parentId: null },
  ],
  groups: [
    { id: 'g1', parentId: null, unitId: 'u1' },
    { id: 'g2', parentId: 'g1', unitId: null },
    { id: 'g3', parentId: 'g2', unitId: null },
    { id: 'g-u3', parentId: null, unitId: 'u3' },
    { id: 'g-top', parentId: null, unitId: null },
  ],
});
const at = new Date('2026-03-01T10:00:00Z');
const member = (...holdings: AdminRoleHolding[]): Actor => ({
  kind: 'member',
  personId: 'p1',
  memberId: 'm1',
  organisationId: 'o1',
  holdings,
});

describe('canActOnAdmin', () => {
  const principal = member({ kind: 'PRINCIPAL_ADMIN', scope: organisationScope('o1') });
  const unitAdmin = member({ kind: 'UNIT_ADMIN', scope: unitScope('o1', 'u1') });

  it('lets anyone act on a member without admin roles', () => {
    expect(canActOnAdmin(unitAdmin, [], topology, at)).toBe(true);
  });

  it('refuses a unit admin acting on a principal admin or another unit admin, and lets the operator', () => {
    const target: AdminRoleHolding[] = [{ kind: 'PRINCIPAL_ADMIN', scope: organisationScope('o1') }];
    expect(canActOnAdmin(unitAdmin, target, topology, at)).toBe(false);
    expect(
      canActOnAdmin(unitAdmin, [{ kind: 'UNIT_ADMIN', scope: unitScope('o1', 'u2') }], topology, at),
    ).toBe(false);
    expect(canActOnAdmin({ kind: 'operator', personId: 'op' }, target, topology, at)).toBe(true);
    expect(() => assertCanActOnAdmin(unitAdmin, target, topology, at)).toThrow(
      expect.objectContaining({ code: 'NOT_AUTHORISED' }),
    );
  });

  it('lets a unit admin act on a group manager of a group in its subtree', () => {
    expect(
      canActOnAdmin(unitAdmin, [{ kind: 'GROUP_MANAGER', scope: groupScope('o1', 'g2') }], topology, at),
    ).toBe(true);
    expect(
      canActOnAdmin(unitAdmin, [{ kind: 'GROUP_MANAGER', scope: groupScope('o1', 'g-top') }], topology, at),
    ).toBe(false);
  });

  it('treats two principal admins as peers: neither acts on the other, both act on a co-admin', () => {
    const other: AdminRoleHolding[] = [{ kind: 'PRINCIPAL_ADMIN', scope: organisationScope('o1') }];
    expect(canActOnAdmin(principal, other, topology, at)).toBe(false);
    expect(
      canActOnAdmin(principal, [{ kind: 'CO_ADMIN', scope: organisationScope('o1') }], topology, at),
    ).toBe(true);
  });

  it('never reaches across organisations, whatever the rank', () => {
    expect(
      canActOnAdmin(principal, [{ kind: 'GROUP_MANAGER', scope: groupScope('o2', 'g1') }], topology, at),
    ).toBe(false);
  });

  it('puts a group manager above the managers of its strict sub-groups only', () => {
    const manager = member({ kind: 'GROUP_MANAGER', scope: groupScope('o1', 'g1') });
    expect(
      canActOnAdmin(manager, [{ kind: 'GROUP_MANAGER', scope: groupScope('o1', 'g3') }], topology, at),
    ).toBe(true);
    expect(
      canActOnAdmin(manager, [{ kind: 'GROUP_MANAGER', scope: groupScope('o1', 'g1') }], topology, at),
    ).toBe(false);
  });

  it('ignores an expired holding of the actor', () => {
    const expired = member({
      kind: 'PRINCIPAL_ADMIN',
      scope: organisationScope('o1'),
      validUntil: new Date('2026-02-01T00:00:00Z'),
    });
    expect(canActOnAdmin(expired, [{ kind: 'CO_ADMIN', scope: organisationScope('o1') }], topology, at)).toBe(
      false,
    );
  });
});
