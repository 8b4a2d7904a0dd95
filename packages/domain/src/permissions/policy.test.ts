import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDomainError } from '../errors';
import {
  type Actor,
  ADMIN_ROLE_KIND_VALUES,
  type AdminRoleHolding,
  type AdminRoleKind,
  buildTopology,
  groupScope,
  organisationScope,
  type ScopeRef,
  unitScope,
} from '../model';
import { ACTIONS } from './actions';
import {
  actionsWithin,
  activeHoldings,
  assertCan,
  assertCanName,
  assertCanRemoveAdminRole,
  assertNotLastPrincipal,
  can,
  canName,
  canRemoveAdminRole,
  crossesOrganisation,
  mayAnywhere,
  permittedActions,
} from './policy';
import { ROLE_PERMISSIONS } from './roles';

// Units: u1 > u2. Groups: g1 (in u1) > g2 (in u2) > g3; g-other sits in no unit.
const topology = buildTopology({
  units: [
    { id: 'u1', parentId: null },
    { id: 'u2', parentId: 'u1' },
  ],
  groups: [
    { id: 'g1', parentId: null, unitId: 'u1' },
    { id: 'g2', parentId: 'g1', unitId: 'u2' },
    { id: 'g3', parentId: 'g2', unitId: null },
    { id: 'g-other', parentId: null, unitId: null },
  ],
});
const at = new Date('2025-06-15T12:00:00Z');
const org = organisationScope('o1');

const operator: Actor = { kind: 'operator', personId: 'p-op' };
const member = (...holdings: AdminRoleHolding[]): Actor => ({
  kind: 'member',
  personId: 'p1',
  memberId: 'm1',
  organisationId: 'o1',
  holdings,
});

/** Where the actor of each role sits in the table tests. */
const actorScope: Record<AdminRoleKind, ScopeRef> = {
  PRINCIPAL_ADMIN: org,
  CO_ADMIN: org,
  REFERENT: org,
  SUBSTITUTE_REFERENT: org,
  UNIT_ADMIN: unitScope('o1', 'u1'),
  GROUP_MANAGER: groupScope('o1', 'g1'),
};
/** Where each target role is named: always inside the scope of the actor when the kinds allow it. */
const targetScope: Record<AdminRoleKind, ScopeRef> = {
  PRINCIPAL_ADMIN: org,
  CO_ADMIN: org,
  REFERENT: unitScope('o1', 'u2'),
  SUBSTITUTE_REFERENT: unitScope('o1', 'u2'),
  UNIT_ADMIN: unitScope('o1', 'u2'),
  GROUP_MANAGER: groupScope('o1', 'g2'),
};
/** Rows: the actor's role. Columns, in ADMIN_ROLE_KIND_VALUES order: P, CO, R, SR, UA, GM. */
const NAMING_TABLE: Record<AdminRoleKind, readonly boolean[]> = {
  PRINCIPAL_ADMIN: [false, true, true, true, true, true],
  CO_ADMIN: [false, false, true, true, true, true],
  REFERENT: [false, false, false, true, true, true],
  SUBSTITUTE_REFERENT: [false, false, false, false, true, true],
  UNIT_ADMIN: [false, false, false, false, false, true],
  GROUP_MANAGER: [false, false, false, false, false, true],
};

describe('activeHoldings', () => {
  it('drops holdings whose validUntil is before the instant, keeps the rest', () => {
    const permanent: AdminRoleHolding = { kind: 'REFERENT', scope: org };
    const open: AdminRoleHolding = { kind: 'REFERENT', scope: org, validUntil: null };
    const endsNow: AdminRoleHolding = { kind: 'CO_ADMIN', scope: org, validUntil: at };
    const later: AdminRoleHolding = { kind: 'CO_ADMIN', scope: org, validUntil: new Date('2025-07-01Z') };
    const expired: AdminRoleHolding = {
      kind: 'CO_ADMIN',
      scope: org,
      validUntil: new Date(at.getTime() - 1),
    };
    expect(activeHoldings([permanent, open, endsNow, later, expired], at)).toEqual([
      permanent,
      open,
      endsNow,
      later,
    ]);
  });
});

describe('can', () => {
  it('lets an operator do everything, in any organisation', () => {
    for (const action of ACTIONS)
      expect(can(operator, action, organisationScope('o9'), topology, at)).toBe(true);
  });

  it('refuses a member without holdings', () => {
    expect(can(member(), 'member:read', org, topology, at)).toBe(false);
  });

  it('answers every action for every role on its own scope from ROLE_PERMISSIONS', () => {
    for (const kind of ADMIN_ROLE_KIND_VALUES) {
      const actor = member({ kind, scope: actorScope[kind] });
      for (const action of ACTIONS) {
        expect(can(actor, action, actorScope[kind], topology, at)).toBe(
          ROLE_PERMISSIONS[kind].includes(action),
        );
      }
    }
  });

  it('keeps a unit admin inside its unit subtree', () => {
    const actor = member({ kind: 'UNIT_ADMIN', scope: unitScope('o1', 'u2') });
    expect(can(actor, 'member:attach', unitScope('o1', 'u2'), topology, at)).toBe(true);
    expect(can(actor, 'grant:manage', groupScope('o1', 'g2'), topology, at)).toBe(true);
    expect(can(actor, 'grant:manage', groupScope('o1', 'g3'), topology, at)).toBe(true);
    expect(can(actor, 'member:attach', unitScope('o1', 'u1'), topology, at)).toBe(false);
    expect(can(actor, 'grant:manage', groupScope('o1', 'g1'), topology, at)).toBe(false);
    expect(can(actor, 'member:read', org, topology, at)).toBe(false);
  });

  it('keeps a group manager inside its group subtree', () => {
    const actor = member({ kind: 'GROUP_MANAGER', scope: groupScope('o1', 'g2') });
    expect(can(actor, 'group:manage', groupScope('o1', 'g3'), topology, at)).toBe(true);
    expect(can(actor, 'group:manage', groupScope('o1', 'g1'), topology, at)).toBe(false);
    expect(can(actor, 'member:read', unitScope('o1', 'u2'), topology, at)).toBe(false);
  });

  it('seals organisations: a holding in o1 gives nothing in o2', () => {
    const actor = member({ kind: 'PRINCIPAL_ADMIN', scope: org });
    expect(can(actor, 'member:read', organisationScope('o2'), topology, at)).toBe(false);
  });

  it('honours an explicit delegation scoped to another organisation', () => {
    const actor = member({
      kind: 'CO_ADMIN',
      scope: organisationScope('o2'),
      validUntil: new Date('2025-12-31Z'),
    });
    expect(can(actor, 'member:export', organisationScope('o2'), topology, at)).toBe(true);
    expect(can(actor, 'member:export', org, topology, at)).toBe(false);
  });

  it('ignores an expired delegation', () => {
    const actor = member({ kind: 'CO_ADMIN', scope: org, validUntil: new Date('2025-06-14Z') });
    expect(can(actor, 'member:read', org, topology, at)).toBe(false);
    expect(can(actor, 'member:read', org, topology, new Date('2025-06-13Z'))).toBe(true);
  });

  it('combines holdings: any one that permits and covers is enough', () => {
    const actor = member(
      { kind: 'GROUP_MANAGER', scope: groupScope('o1', 'g-other') },
      { kind: 'UNIT_ADMIN', scope: unitScope('o1', 'u2') },
    );
    expect(can(actor, 'member:block', unitScope('o1', 'u2'), topology, at)).toBe(true);
    expect(can(actor, 'group:manage', groupScope('o1', 'g-other'), topology, at)).toBe(true);
    expect(can(actor, 'member:block', groupScope('o1', 'g-other'), topology, at)).toBe(false);
  });
});

describe('assertCan', () => {
  it('throws NOT_AUTHORISED when can refuses, and nothing otherwise', () => {
    const actor = member({ kind: 'GROUP_MANAGER', scope: groupScope('o1', 'g1') });
    expect(() => assertCan(actor, 'group:read', groupScope('o1', 'g2'), topology, at)).not.toThrow();
    expect(() => assertCan(actor, 'member:archive', groupScope('o1', 'g2'), topology, at)).toThrow(
      expect.objectContaining({ code: 'NOT_AUTHORISED' }),
    );
  });
});

describe('permittedActions', () => {
  it('lists what a role may do on a covered target, and nothing on an uncovered one', () => {
    const actor = member({ kind: 'GROUP_MANAGER', scope: groupScope('o1', 'g1') });
    expect(permittedActions(actor, groupScope('o1', 'g2'), topology, at)).toEqual(
      ROLE_PERMISSIONS.GROUP_MANAGER,
    );
    expect(permittedActions(actor, groupScope('o1', 'g-other'), topology, at)).toEqual([]);
  });
});

describe('crossesOrganisation', () => {
  it('is true for operators and for members reaching another organisation', () => {
    expect(crossesOrganisation(operator, org)).toBe(true);
    expect(crossesOrganisation(member(), organisationScope('o2'))).toBe(true);
    expect(crossesOrganisation(member(), unitScope('o1', 'u1'))).toBe(false);
  });
});

describe('canName: every actor role against every target role', () => {
  for (const actorKind of ADMIN_ROLE_KIND_VALUES) {
    ADMIN_ROLE_KIND_VALUES.forEach((targetKind, column) => {
      const expected = NAMING_TABLE[actorKind][column];
      it(`${actorKind} ${expected ? 'may' : 'may not'} name ${targetKind}`, () => {
        const actor = member({ kind: actorKind, scope: actorScope[actorKind] });
        const target = { kind: targetKind, scope: targetScope[targetKind] };
        expect(canName(actor, target, topology, at)).toBe(expected);
        expect(canRemoveAdminRole(actor, { ...target, memberId: 'm2' }, topology, at)).toBe(expected);
      });
    });
  }

  it('lets an operator name and remove every role', () => {
    for (const kind of ADMIN_ROLE_KIND_VALUES) {
      expect(canName(operator, { kind, scope: targetScope[kind] }, topology, at)).toBe(true);
      expect(
        canRemoveAdminRole(operator, { kind, scope: targetScope[kind], memberId: 'm2' }, topology, at),
      ).toBe(true);
    }
  });
});

describe('canName: principal admins are peers (rule 1)', () => {
  const principal = member({ kind: 'PRINCIPAL_ADMIN', scope: org });
  const principalTarget = { kind: 'PRINCIPAL_ADMIN' as const, scope: org };

  it('keeps a principal admin from naming or removing another principal admin: the operator does', () => {
    expect(canName(principal, principalTarget, topology, at)).toBe(false);
    expect(canRemoveAdminRole(principal, { ...principalTarget, memberId: 'm2' }, topology, at)).toBe(false);
    expect(() => assertCanName(principal, principalTarget, topology, at)).toThrow(
      expect.objectContaining({ code: 'NOT_AUTHORISED' }),
    );
    expect(canName(operator, principalTarget, topology, at)).toBe(true);
  });

  it('lets a principal admin step down from its own role, and only from that one', () => {
    expect(canRemoveAdminRole(principal, { ...principalTarget, memberId: 'm1' }, topology, at)).toBe(true);
    // The same member's principal role elsewhere is not its own here.
    expect(
      canRemoveAdminRole(
        principal,
        { ...principalTarget, scope: organisationScope('o2'), memberId: 'm1' },
        topology,
        at,
      ),
    ).toBe(false);
    // An expired delegation is no longer held.
    const expired = member({ kind: 'PRINCIPAL_ADMIN', scope: org, validUntil: new Date('2025-01-01Z') });
    expect(canRemoveAdminRole(expired, { ...principalTarget, memberId: 'm1' }, topology, at)).toBe(false);
  });

  it('leaves other roles to the admin above: a referent does not remove its own role', () => {
    const referent = member({ kind: 'REFERENT', scope: org });
    expect(canRemoveAdminRole(referent, { kind: 'REFERENT', scope: org, memberId: 'm1' }, topology, at)).toBe(
      false,
    );
  });
});

describe('canName: scope and level limits', () => {
  const groupManager = member({ kind: 'GROUP_MANAGER', scope: groupScope('o1', 'g1') });
  const unitAdmin = member({ kind: 'UNIT_ADMIN', scope: unitScope('o1', 'u2') });

  it('keeps a group manager from naming a manager of its own group', () => {
    expect(
      canName(groupManager, { kind: 'GROUP_MANAGER', scope: groupScope('o1', 'g1') }, topology, at),
    ).toBe(false);
  });

  it('lets a group manager name managers of deeper sub-groups, not of unrelated groups', () => {
    expect(
      canName(groupManager, { kind: 'GROUP_MANAGER', scope: groupScope('o1', 'g3') }, topology, at),
    ).toBe(true);
    expect(
      canName(groupManager, { kind: 'GROUP_MANAGER', scope: groupScope('o1', 'g-other') }, topology, at),
    ).toBe(false);
  });

  it('keeps a unit admin from naming another unit admin, even below', () => {
    expect(canName(unitAdmin, { kind: 'UNIT_ADMIN', scope: unitScope('o1', 'u2') }, topology, at)).toBe(
      false,
    );
  });

  it('keeps a unit admin to groups in its subtree', () => {
    expect(canName(unitAdmin, { kind: 'GROUP_MANAGER', scope: groupScope('o1', 'g2') }, topology, at)).toBe(
      true,
    );
    expect(canName(unitAdmin, { kind: 'GROUP_MANAGER', scope: groupScope('o1', 'g1') }, topology, at)).toBe(
      false,
    );
    expect(
      canName(unitAdmin, { kind: 'GROUP_MANAGER', scope: groupScope('o1', 'g-other') }, topology, at),
    ).toBe(false);
  });

  it('keeps a unit-scoped referent from naming at organisation level', () => {
    const referent = member({ kind: 'REFERENT', scope: unitScope('o1', 'u1') });
    expect(
      canName(referent, { kind: 'SUBSTITUTE_REFERENT', scope: unitScope('o1', 'u2') }, topology, at),
    ).toBe(true);
    expect(canName(referent, { kind: 'SUBSTITUTE_REFERENT', scope: org }, topology, at)).toBe(false);
  });

  it('never names across organisations, even for a principal admin', () => {
    const principal = member({ kind: 'PRINCIPAL_ADMIN', scope: org });
    expect(canName(principal, { kind: 'CO_ADMIN', scope: organisationScope('o2') }, topology, at)).toBe(
      false,
    );
  });

  it('does not let an expired principal delegation name anyone', () => {
    const expired = member({ kind: 'PRINCIPAL_ADMIN', scope: org, validUntil: new Date('2025-01-01Z') });
    expect(canName(expired, { kind: 'GROUP_MANAGER', scope: groupScope('o1', 'g1') }, topology, at)).toBe(
      false,
    );
  });

  it('uses the best of several holdings', () => {
    const actor = member(
      { kind: 'GROUP_MANAGER', scope: groupScope('o1', 'g1') },
      { kind: 'REFERENT', scope: org, validUntil: new Date('2025-06-30Z') },
    );
    expect(canName(actor, { kind: 'UNIT_ADMIN', scope: unitScope('o1', 'u1') }, topology, at)).toBe(true);
    expect(
      canName(actor, { kind: 'UNIT_ADMIN', scope: unitScope('o1', 'u1') }, topology, new Date('2025-07-01Z')),
    ).toBe(false);
  });

  it('assertCanName and assertCanRemoveAdminRole throw NOT_AUTHORISED when refused', () => {
    const target = { kind: 'CO_ADMIN' as const, scope: org };
    expect(() =>
      assertCanName(member({ kind: 'PRINCIPAL_ADMIN', scope: org }), target, topology, at),
    ).not.toThrow();
    expect(() => assertCanName(unitAdmin, target, topology, at)).toThrow(
      expect.objectContaining({ code: 'NOT_AUTHORISED' }),
    );
    expect(() => assertCanRemoveAdminRole(unitAdmin, { ...target, memberId: 'm2' }, topology, at)).toThrow(
      expect.objectContaining({ code: 'NOT_AUTHORISED' }),
    );
  });
});

describe('assertNotLastPrincipal', () => {
  it('throws LAST_PRINCIPAL_ADMIN when no principal admin would remain', () => {
    for (const count of [0, -1]) {
      try {
        assertNotLastPrincipal(count);
        expect.unreachable();
      } catch (error) {
        expect(isDomainError(error, 'LAST_PRINCIPAL_ADMIN')).toBe(true);
      }
    }
  });

  it('accepts the change while at least one remains', () => {
    expect(() => assertNotLastPrincipal(1)).not.toThrow();
    expect(() => assertNotLastPrincipal(3)).not.toThrow();
  });
});

describe('actionsWithin', () => {
  const scopes: ScopeRef[] = [
    org,
    unitScope('o1', 'u1'),
    unitScope('o1', 'u2'),
    groupScope('o1', 'g1'),
    groupScope('o1', 'g3'),
    organisationScope('o2'),
  ];
  const holding = fc.record({
    kind: fc.constantFrom(...ADMIN_ROLE_KIND_VALUES),
    scope: fc.constantFrom(...scopes),
    validUntil: fc.option(
      fc.constantFrom(new Date('2025-06-15T11:59:59Z'), at, new Date('2026-01-01T00:00:00Z')),
      {
        nil: null,
      },
    ),
  });

  it('offers an action exactly when some scope of the organisation allows it', () => {
    fc.assert(
      fc.property(fc.array(holding, { maxLength: 4 }), (holdings) => {
        const actor = member(...(holdings as AdminRoleHolding[]));
        const offered = actionsWithin(actor, 'o1', at);
        const inOrganisation = scopes.filter((scope) => scope.organisationId === 'o1');
        for (const action of ACTIONS) {
          const somewhere = inOrganisation.some((scope) => can(actor, action, scope, topology, at));
          expect(offered.includes(action)).toBe(somewhere);
        }
      }),
    );
  });

  it('mayAnywhere: an action is possible somewhere exactly when some scope of any organisation allows it', () => {
    fc.assert(
      fc.property(fc.array(holding, { maxLength: 4 }), (holdings) => {
        const actor = member(...(holdings as AdminRoleHolding[]));
        for (const action of ACTIONS) {
          const somewhere = scopes.some((scope) => can(actor, action, scope, topology, at));
          expect(mayAnywhere(actor, action, at)).toBe(somewhere);
        }
      }),
    );
    expect(mayAnywhere(member(), 'member:archive', at)).toBe(false);
    expect(mayAnywhere(operator, 'member:archive', at)).toBe(true);
  });

  it('offers nothing to a member without an admin role, and everything to the operator', () => {
    expect(actionsWithin(member(), 'o1', at)).toEqual([]);
    expect(actionsWithin(operator, 'o1', at)).toEqual([...ACTIONS]);
  });

  it('ignores a role held in another organisation and a role that has expired', () => {
    const elsewhere = member({ kind: 'PRINCIPAL_ADMIN', scope: organisationScope('o2') });
    expect(actionsWithin(elsewhere, 'o1', at)).toEqual([]);
    const expired = member({
      kind: 'PRINCIPAL_ADMIN',
      scope: org,
      validUntil: new Date('2025-06-15T11:59:59Z'),
    });
    expect(actionsWithin(expired, 'o1', at)).toEqual([]);
    const endsNow = member({ kind: 'GROUP_MANAGER', scope: groupScope('o1', 'g1'), validUntil: at });
    expect(actionsWithin(endsNow, 'o1', at)).toContain('group:read');
  });
});
