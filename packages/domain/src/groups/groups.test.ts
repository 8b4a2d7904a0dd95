import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Actor, buildTopology, groupScope, organisationScope, unitScope } from '../model';
import { can } from '../permissions/policy';
import {
  assertCanManageDirectGrants,
  canManageDirectGrants,
  groupContainerScope,
  groupSubtree,
  planGrantChanges,
  withGroup,
} from './groups';

// Units: hq > north. Groups: accueil (organisation level) > accueil-soir > accueil-soir-we; compta (in north).
const topology = buildTopology({
  units: [
    { id: 'hq', parentId: null },
    { id: 'north', parentId: 'hq' },
  ],
  groups: [
    { id: 'accueil', parentId: null, unitId: null },
    { id: 'accueil-soir', parentId: 'accueil', unitId: null },
    { id: 'accueil-soir-we', parentId: 'accueil-soir', unitId: null },
    { id: 'compta', parentId: null, unitId: 'north' },
  ],
});
const at = new Date('2026-03-01T10:00:00Z');
const member = (holdings: Extract<Actor, { kind: 'member' }>['holdings']): Actor => ({
  kind: 'member',
  personId: 'p',
  memberId: 'm',
  organisationId: 'o1',
  holdings,
});
const manager = member([{ kind: 'GROUP_MANAGER', scope: groupScope('o1', 'accueil') }]);
const unitAdmin = member([{ kind: 'UNIT_ADMIN', scope: unitScope('o1', 'north') }]);
const principal = member([{ kind: 'PRINCIPAL_ADMIN', scope: organisationScope('o1') }]);

describe('groupContainerScope', () => {
  it('is the parent group, else the unit, else the organisation', () => {
    expect(groupContainerScope({ organisationId: 'o1', parentId: 'accueil', unitId: 'north' })).toEqual(
      groupScope('o1', 'accueil'),
    );
    expect(groupContainerScope({ organisationId: 'o1', parentId: null, unitId: 'north' })).toEqual(
      unitScope('o1', 'north'),
    );
    expect(groupContainerScope({ organisationId: 'o1', parentId: null, unitId: null })).toEqual(
      organisationScope('o1'),
    );
  });

  it('lets a group manager shape the sub-groups of its group but not its own group (Caf responsable)', () => {
    const own = groupContainerScope({ organisationId: 'o1', parentId: null, unitId: null });
    const sub = groupContainerScope({ organisationId: 'o1', parentId: 'accueil', unitId: null });
    const subSub = groupContainerScope({ organisationId: 'o1', parentId: 'accueil-soir', unitId: null });
    expect(can(manager, 'grant:manage', own, topology, at)).toBe(false);
    expect(can(manager, 'grant:manage', sub, topology, at)).toBe(true);
    expect(can(manager, 'group:manage', subSub, topology, at)).toBe(true);
    const other = groupContainerScope({ organisationId: 'o1', parentId: 'compta', unitId: null });
    expect(can(manager, 'group:manage', other, topology, at)).toBe(false);
  });

  it('lets a unit admin manage the top-level groups of its unit only', () => {
    const inUnit = groupContainerScope({ organisationId: 'o1', parentId: null, unitId: 'north' });
    const atTop = groupContainerScope({ organisationId: 'o1', parentId: null, unitId: null });
    expect(can(unitAdmin, 'group:manage', inUnit, topology, at)).toBe(true);
    expect(can(unitAdmin, 'group:manage', atTop, topology, at)).toBe(false);
  });
});

describe('groupSubtree', () => {
  it('lists the group then its sub-groups at every depth', () => {
    expect(groupSubtree('accueil', topology)).toEqual(['accueil', 'accueil-soir', 'accueil-soir-we']);
    expect(groupSubtree('compta', topology)).toEqual(['compta']);
    expect(groupSubtree('unknown', topology)).toEqual(['unknown']);
  });

  it('stops on a cycle', () => {
    const cyclic = buildTopology({
      units: [],
      groups: [
        { id: 'a', parentId: 'b', unitId: null },
        { id: 'b', parentId: 'a', unitId: null },
      ],
    });
    expect(groupSubtree('a', cyclic)).toEqual(['a', 'b']);
  });

  it('contains exactly the groups groupWithin places under the root (property)', () => {
    const ids = ['g0', 'g1', 'g2', 'g3', 'g4', 'g5'];
    const arb = fc.array(fc.option(fc.constantFrom(...ids), { nil: null }), {
      minLength: ids.length,
      maxLength: ids.length,
    });
    fc.assert(
      fc.property(arb, fc.constantFrom(...ids), (parents, root) => {
        const topo = buildTopology({
          units: [],
          groups: ids.map((id, i) => ({ id, parentId: parents[i] ?? null, unitId: null })),
        });
        const subtree = new Set(groupSubtree(root, topo));
        for (const id of ids) {
          // Walk up from id: it is in the subtree iff root is on its ancestry.
          let current: string | null = id;
          const seen = new Set<string>();
          let within = false;
          while (current !== null && !seen.has(current)) {
            if (current === root) within = true;
            seen.add(current);
            current = topo.groupParent.get(current) ?? null;
          }
          expect(subtree.has(id)).toBe(within);
        }
      }),
    );
  });
});

describe('withGroup', () => {
  it('adds a group not created yet without touching the original topology', () => {
    const next = withGroup(topology, { id: 'new', parentId: 'accueil', unitId: null });
    expect(next.groupParent.get('new')).toBe('accueil');
    expect(topology.groupParent.has('new')).toBe(false);
    expect(can(manager, 'group:manage', groupScope('o1', 'new'), next, at)).toBe(true);
  });
});

describe('canManageDirectGrants', () => {
  const inAccueilAndNorth = [organisationScope('o1'), unitScope('o1', 'north'), groupScope('o1', 'accueil')];

  it('needs grant:manage over the organisation or one of the member’s units', () => {
    expect(canManageDirectGrants(principal, inAccueilAndNorth, topology, at)).toBe(true);
    expect(canManageDirectGrants(unitAdmin, inAccueilAndNorth, topology, at)).toBe(true);
    expect(canManageDirectGrants(unitAdmin, [organisationScope('o1')], topology, at)).toBe(false);
  });

  it('refuses a group manager even over a member of its own group', () => {
    expect(canManageDirectGrants(manager, inAccueilAndNorth, topology, at)).toBe(false);
    expect(() => assertCanManageDirectGrants(manager, inAccueilAndNorth, topology, at)).toThrow(
      expect.objectContaining({ code: 'NOT_AUTHORISED' }),
    );
  });

  it('never reaches a member of another organisation', () => {
    expect(
      canManageDirectGrants(principal, [organisationScope('o2'), unitScope('o2', 'north')], topology, at),
    ).toBe(false);
  });
});

describe('planGrantChanges', () => {
  it('adds what is new, removes what is gone, keeps the rest', () => {
    expect(planGrantChanges(['a', 'b', 'c'], ['c', 'd', 'a', 'd'])).toEqual({ add: ['d'], remove: ['b'] });
    expect(planGrantChanges([], [])).toEqual({ add: [], remove: [] });
  });

  it('leads from the current set to the desired one (property)', () => {
    const ids = fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e'), { maxLength: 6 });
    fc.assert(
      fc.property(ids, ids, (current, desired) => {
        const { add, remove } = planGrantChanges(current, desired);
        const result = new Set([...current.filter((id) => !remove.includes(id)), ...add]);
        expect([...result].sort()).toEqual([...new Set(desired)].sort());
        expect(add.filter((id) => remove.includes(id))).toEqual([]);
      }),
    );
  });
});
