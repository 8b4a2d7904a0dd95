import { describe, expect, it } from 'vitest';
import {
  type Actor,
  type AdminRoleHolding,
  buildTopology,
  groupScope,
  organisationScope,
  unitScope,
} from '../model';
import { can } from './policy';
import { reachOf, withinReach } from './reach';

// Units: u1 > u2, u3. Groups: g1 (in u1) > g2 (in u2); g3 in no unit.
const topology = buildTopology({
  units: [
    { id: 'u1', parentId: null },
    { id: 'u2', parentId: 'u1' },
    { id: 'u3', parentId: null },
  ],
  groups: [
    { id: 'g1', parentId: null, unitId: 'u1' },
    { id: 'g2', parentId: 'g1', unitId: 'u2' },
    { id: 'g3', parentId: null, unitId: null },
  ],
});
const at = new Date('2026-03-01T10:00:00Z');
const member = (...holdings: AdminRoleHolding[]): Actor => ({
  kind: 'member',
  personId: 'p',
  memberId: 'm',
  organisationId: 'o',
  holdings,
});

describe('reachOf', () => {
  it('covers everything for the operator and for an organisation-wide holding', () => {
    expect(reachOf({ kind: 'operator', personId: 'op' }, 'admin:read', 'o', topology, at).whole).toBe(true);
    expect(
      reachOf(member({ kind: 'REFERENT', scope: organisationScope('o') }), 'admin:read', 'o', topology, at)
        .whole,
    ).toBe(true);
  });

  it('covers a unit subtree and the groups sitting in it for a unit admin', () => {
    const reach = reachOf(
      member({ kind: 'UNIT_ADMIN', scope: unitScope('o', 'u1') }),
      'admin:read',
      'o',
      topology,
      at,
    );
    expect(reach.whole).toBe(false);
    expect([...reach.unitIds].sort()).toEqual(['u1', 'u2']);
    expect([...reach.groupIds].sort()).toEqual(['g1', 'g2']);
  });

  it('covers a group subtree only for a group manager', () => {
    const reach = reachOf(
      member({ kind: 'GROUP_MANAGER', scope: groupScope('o', 'g1') }),
      'admin:read',
      'o',
      topology,
      at,
    );
    expect(reach.unitIds.size).toBe(0);
    expect([...reach.groupIds].sort()).toEqual(['g1', 'g2']);
  });

  it('ignores holdings without the action, expired holdings and other organisations', () => {
    const expired = new Date('2026-02-01T00:00:00Z');
    const none = reachOf(
      member(
        { kind: 'GROUP_MANAGER', scope: groupScope('o', 'g1') },
        { kind: 'UNIT_ADMIN', scope: unitScope('o', 'u3'), validUntil: expired },
        { kind: 'PRINCIPAL_ADMIN', scope: organisationScope('other') },
      ),
      'audit:read',
      'o',
      topology,
      at,
    );
    expect(none).toEqual({ whole: false, unitIds: new Set(), groupIds: new Set() });
  });

  it('agrees with can on every unit and group', () => {
    const actor = member(
      { kind: 'UNIT_ADMIN', scope: unitScope('o', 'u2') },
      { kind: 'GROUP_MANAGER', scope: groupScope('o', 'g3') },
    );
    const reach = reachOf(actor, 'admin:read', 'o', topology, at);
    for (const unitId of ['u1', 'u2', 'u3'])
      expect(withinReach(reach, unitScope('o', unitId))).toBe(
        can(actor, 'admin:read', unitScope('o', unitId), topology, at),
      );
    for (const groupId of ['g1', 'g2', 'g3'])
      expect(withinReach(reach, groupScope('o', groupId))).toBe(
        can(actor, 'admin:read', groupScope('o', groupId), topology, at),
      );
    expect(withinReach(reach, organisationScope('o'))).toBe(false);
  });
});
