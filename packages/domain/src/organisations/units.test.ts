import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDomainError } from '../errors';
import { buildTopology } from '../model';
import { unitWithin } from '../permissions/scope';
import { assertCanMoveUnit, canMoveUnit } from './units';

// a > b > c ; a > d ; e
const topology = buildTopology({
  units: [
    { id: 'a', parentId: null },
    { id: 'b', parentId: 'a' },
    { id: 'c', parentId: 'b' },
    { id: 'd', parentId: 'a' },
    { id: 'e', parentId: null },
  ],
  groups: [],
});

describe('canMoveUnit', () => {
  it('allows moving under a sibling, a cousin, another root or to the top', () => {
    expect(canMoveUnit('b', 'd', topology)).toBe(true);
    expect(canMoveUnit('c', 'e', topology)).toBe(true);
    expect(canMoveUnit('b', null, topology)).toBe(true);
  });

  it('refuses moving under itself or one of its descendants', () => {
    expect(canMoveUnit('a', 'a', topology)).toBe(false);
    expect(canMoveUnit('a', 'b', topology)).toBe(false);
    expect(canMoveUnit('a', 'c', topology)).toBe(false);
    expect(canMoveUnit('b', 'c', topology)).toBe(false);
  });

  it('refuses unknown units (another organisation’s unit is unknown to this topology)', () => {
    expect(canMoveUnit('x', null, topology)).toBe(false);
    expect(canMoveUnit('b', 'x', topology)).toBe(false);
  });

  it('never creates a cycle, whatever the moves', () => {
    const ids = ['a', 'b', 'c', 'd', 'e'];
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...ids), fc.option(fc.constantFrom(...ids), { nil: null }))),
        (moves) => {
          const parent = new Map(topology.unitParent);
          for (const [unit, newParent] of moves) {
            const current = buildTopology({
              units: [...parent].map(([id, parentId]) => ({ id, parentId })),
              groups: [],
            });
            if (canMoveUnit(unit, newParent, current)) parent.set(unit, newParent);
          }
          const final = buildTopology({
            units: [...parent].map(([id, parentId]) => ({ id, parentId })),
            groups: [],
          });
          // Every unit reaches a root: walking up never meets the unit again.
          for (const id of ids) {
            const up = parent.get(id);
            if (up != null) expect(unitWithin(up, id, final)).toBe(false);
          }
        },
      ),
    );
  });
});

describe('assertCanMoveUnit', () => {
  it('throws INVALID_INPUT on parentId', () => {
    let thrown: unknown;
    try {
      assertCanMoveUnit('a', 'c', topology);
    } catch (error) {
      thrown = error;
    }
    expect(isDomainError(thrown, 'INVALID_INPUT')).toBe(true);
    expect((thrown as { field?: string }).field).toBe('parentId');
  });
});
