import { describe, expect, it } from 'vitest';
import { buildTopology, EMPTY_TOPOLOGY, groupScope, organisationScope, unitScope } from '../model';
import { groupHomeUnit, groupWithin, scopeCovers, unitWithin } from './scope';

// Units: hq > (north > north-east), south. Groups: g-hq (in hq) > g-sub (no unit of its own) > g-subsub;
// g-north (in north) > g-north-sub (in north-east); g-top (organisation level).
const topology = buildTopology({
  units: [
    { id: 'hq', parentId: null },
    { id: 'north', parentId: 'hq' },
    { id: 'north-east', parentId: 'north' },
    { id: 'south', parentId: 'hq' },
  ],
  groups: [
    { id: 'g-hq', parentId: null, unitId: 'hq' },
    { id: 'g-sub', parentId: 'g-hq', unitId: null },
    { id: 'g-subsub', parentId: 'g-sub', unitId: null },
    { id: 'g-north', parentId: null, unitId: 'north' },
    { id: 'g-north-sub', parentId: 'g-north', unitId: 'north-east' },
    { id: 'g-south', parentId: null, unitId: 'south' },
    { id: 'g-top', parentId: null, unitId: null },
  ],
});
const org = organisationScope('o1');
const unit = (id: string) => unitScope('o1', id);
const group = (id: string) => groupScope('o1', id);

describe('unitWithin and groupWithin', () => {
  it('include the node itself and its descendants only', () => {
    expect(unitWithin('north-east', 'hq', topology)).toBe(true);
    expect(unitWithin('north', 'north', topology)).toBe(true);
    expect(unitWithin('south', 'north', topology)).toBe(false);
    expect(unitWithin('hq', 'north', topology)).toBe(false);
    expect(groupWithin('g-subsub', 'g-hq', topology)).toBe(true);
    expect(groupWithin('g-hq', 'g-sub', topology)).toBe(false);
  });
});

describe('groupHomeUnit', () => {
  it("inherits the nearest parent group's unit, or null at organisation level", () => {
    expect(groupHomeUnit('g-north-sub', topology)).toBe('north-east');
    expect(groupHomeUnit('g-subsub', topology)).toBe('hq');
    expect(groupHomeUnit('g-top', topology)).toBeNull();
    expect(groupHomeUnit('unknown', topology)).toBeNull();
  });
});

describe('scopeCovers', () => {
  it('never covers another organisation, whatever the kinds', () => {
    expect(scopeCovers(org, organisationScope('o2'), topology)).toBe(false);
    expect(scopeCovers(org, unitScope('o2', 'hq'), topology)).toBe(false);
    expect(scopeCovers(unit('hq'), unitScope('o2', 'hq'), topology)).toBe(false);
    expect(scopeCovers(group('g-hq'), groupScope('o2', 'g-hq'), topology)).toBe(false);
  });

  it('lets an organisation scope cover itself, every unit and every group', () => {
    for (const target of [org, unit('north-east'), group('g-top'), group('g-subsub'), unit('unknown')]) {
      expect(scopeCovers(org, target, topology)).toBe(true);
    }
  });

  it('lets a unit scope cover its unit subtree but not its parent, siblings or the organisation', () => {
    expect(scopeCovers(unit('north'), unit('north'), topology)).toBe(true);
    expect(scopeCovers(unit('north'), unit('north-east'), topology)).toBe(true);
    expect(scopeCovers(unit('north'), unit('hq'), topology)).toBe(false);
    expect(scopeCovers(unit('north'), unit('south'), topology)).toBe(false);
    expect(scopeCovers(unit('north'), org, topology)).toBe(false);
  });

  it('lets a unit scope cover the groups sitting in its subtree, directly or through a parent group', () => {
    expect(scopeCovers(unit('north'), group('g-north'), topology)).toBe(true);
    expect(scopeCovers(unit('north'), group('g-north-sub'), topology)).toBe(true);
    expect(scopeCovers(unit('north-east'), group('g-north-sub'), topology)).toBe(true);
    expect(scopeCovers(unit('north-east'), group('g-north'), topology)).toBe(false);
    expect(scopeCovers(unit('hq'), group('g-subsub'), topology)).toBe(true);
    expect(scopeCovers(unit('north'), group('g-south'), topology)).toBe(false);
    expect(scopeCovers(unit('hq'), group('g-top'), topology)).toBe(false);
  });

  it('lets a group scope cover its group subtree only', () => {
    expect(scopeCovers(group('g-hq'), group('g-hq'), topology)).toBe(true);
    expect(scopeCovers(group('g-hq'), group('g-subsub'), topology)).toBe(true);
    expect(scopeCovers(group('g-sub'), group('g-hq'), topology)).toBe(false);
    expect(scopeCovers(group('g-hq'), group('g-north'), topology)).toBe(false);
    expect(scopeCovers(group('g-hq'), unit('hq'), topology)).toBe(false);
    expect(scopeCovers(group('g-hq'), org, topology)).toBe(false);
  });

  it('terminates on cyclic parents and still answers', () => {
    const cyclic = buildTopology({
      units: [
        { id: 'a', parentId: 'b' },
        { id: 'b', parentId: 'a' },
        { id: 'c', parentId: null },
      ],
      groups: [
        { id: 'x', parentId: 'y', unitId: null },
        { id: 'y', parentId: 'x', unitId: null },
      ],
    });
    expect(scopeCovers(unit('b'), unit('a'), cyclic)).toBe(true);
    expect(scopeCovers(unit('c'), unit('a'), cyclic)).toBe(false);
    expect(scopeCovers(group('x'), group('y'), cyclic)).toBe(true);
    expect(scopeCovers(unit('a'), group('x'), cyclic)).toBe(false);
  });

  it('covers an unknown unit or group only when it is the holder itself', () => {
    expect(scopeCovers(unit('ghost'), unit('ghost'), EMPTY_TOPOLOGY)).toBe(true);
    expect(scopeCovers(unit('hq'), unit('ghost'), topology)).toBe(false);
    expect(scopeCovers(group('g-hq'), group('ghost'), topology)).toBe(false);
  });
});
