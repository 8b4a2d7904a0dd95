import { describe, expect, it } from 'vitest';
import {
  ADMIN_ROLE_KIND_VALUES,
  buildTopology,
  groupScope,
  MEMBER_STATUS_VALUES,
  ORGANISATION_STATUS_VALUES,
  organisationScope,
  REQUEST_STATE_VALUES,
  REQUEST_TYPE_VALUES,
  sameScope,
  scopeKey,
  unitScope,
} from './model';

describe('value lists', () => {
  it('hold the literals of DOMAIN.md, admin roles highest first', () => {
    expect(ORGANISATION_STATUS_VALUES).toEqual(['PENDING_ACTIVATION', 'ACTIVE', 'SUSPENDED']);
    expect(MEMBER_STATUS_VALUES).toEqual(['ACTIVE', 'BLOCKED', 'ARCHIVED']);
    expect(ADMIN_ROLE_KIND_VALUES[0]).toBe('PRINCIPAL_ADMIN');
    expect(ADMIN_ROLE_KIND_VALUES.at(-1)).toBe('GROUP_MANAGER');
    expect(REQUEST_TYPE_VALUES).toContain('ATTACHMENT');
    expect(REQUEST_STATE_VALUES).toContain('CLOSED');
  });
});

describe('scopeKey and sameScope', () => {
  it('gives each scope a distinct key', () => {
    const keys = [
      organisationScope('o1'),
      organisationScope('o2'),
      unitScope('o1', 'x'),
      groupScope('o1', 'x'),
      unitScope('o2', 'x'),
    ].map(scopeKey);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('compares scopes by value', () => {
    expect(sameScope(unitScope('o1', 'u1'), { kind: 'UNIT', organisationId: 'o1', unitId: 'u1' })).toBe(true);
    expect(sameScope(unitScope('o1', 'u1'), unitScope('o1', 'u2'))).toBe(false);
    expect(sameScope(unitScope('o1', 'g1'), groupScope('o1', 'g1'))).toBe(false);
  });
});

describe('buildTopology', () => {
  it('indexes parents and the unit of each group', () => {
    const topology = buildTopology({
      units: [
        { id: 'u1', parentId: null },
        { id: 'u2', parentId: 'u1' },
      ],
      groups: [{ id: 'g1', parentId: null, unitId: 'u2' }],
    });
    expect(topology.unitParent.get('u2')).toBe('u1');
    expect(topology.unitParent.get('u1')).toBeNull();
    expect(topology.groupParent.get('g1')).toBeNull();
    expect(topology.groupUnit.get('g1')).toBe('u2');
  });
});
