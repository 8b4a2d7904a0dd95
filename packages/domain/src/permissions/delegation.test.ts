import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDomainError } from '../errors';
import {
  ADMIN_ROLE_KIND_VALUES,
  type AdminRoleHolding,
  buildTopology,
  groupScope,
  organisationScope,
  type ScopeRef,
  unitScope,
} from '../model';
import { ACTIONS } from './actions';
import {
  assertMayDelegate,
  type DelegationDraft,
  type DelegationRecord,
  delegatedHoldingsAt,
  delegationStateAt,
  holdingsOfDelegation,
  MAX_DELEGATION_MS,
  scopeIntersection,
} from './delegation';
import { can } from './policy';
import { scopeCovers } from './scope';

const O = 'org';
// u1 > u2 > u3, u4 beside; groups g1 (in u2) > g2, g3 (organisation level)
const topology = buildTopology({
  units: [
    { id: 'u1', parentId: null },
    { id: 'u2', parentId: 'u1' },
    { id: 'u3', parentId: 'u2' },
    { id: 'u4', parentId: null },
  ],
  groups: [
    { id: 'g1', parentId: null, unitId: 'u2' },
    { id: 'g2', parentId: 'g1', unitId: null },
    { id: 'g3', parentId: null, unitId: null },
  ],
});
const SCOPES: ScopeRef[] = [
  organisationScope(O),
  ...['u1', 'u2', 'u3', 'u4'].map((id) => unitScope(O, id)),
  ...['g1', 'g2', 'g3'].map((id) => groupScope(O, id)),
];
const t0 = new Date('2026-07-01T08:00:00Z').getTime();
const instantArb = fc.integer({ min: t0 - 86_400_000, max: t0 + 40 * 86_400_000 }).map((ms) => new Date(ms));
const scopeArb = fc.constantFrom(...SCOPES);
const kindArb = fc.constantFrom(...ADMIN_ROLE_KIND_VALUES);
const holdingArb: fc.Arbitrary<AdminRoleHolding> = fc.record({
  kind: kindArb,
  scope: scopeArb,
  validUntil: fc.option(instantArb, { nil: null }),
});
const delegationArb: fc.Arbitrary<DelegationRecord> = fc
  .record({
    roleKind: kindArb,
    scope: scopeArb,
    start: fc.integer({ min: 0, max: 20 * 86_400_000 }),
    length: fc.integer({ min: 1, max: 20 * 86_400_000 }),
    revokedAfter: fc.option(fc.integer({ min: 0, max: 40 * 86_400_000 }), { nil: null }),
  })
  .map(({ roleKind, scope, start, length, revokedAfter }) => ({
    id: 'd1',
    organisationId: O,
    delegatorMemberId: 'alice',
    delegateMemberId: 'bob',
    roleKind,
    scope,
    startsAt: new Date(t0 + start),
    endsAt: new Date(t0 + start + length),
    revokedAt: revokedAfter === null ? null : new Date(t0 + revokedAfter),
  }));
const member = (holdings: readonly AdminRoleHolding[]) => ({
  kind: 'member' as const,
  personId: 'p',
  memberId: 'm',
  organisationId: O,
  holdings,
});

describe('holdingsOfDelegation (rule 1)', () => {
  it('never gives the delegate more than the delegator holds itself at that instant', () => {
    fc.assert(
      fc.property(
        fc.array(holdingArb, { maxLength: 5 }),
        delegationArb,
        instantArb,
        (own, delegation, at) => {
          const derived = holdingsOfDelegation(delegation, own, topology, at);
          for (const holding of derived) {
            expect(scopeCovers(delegation.scope, holding.scope, topology)).toBe(true);
            expect(
              own.some(
                (mine) =>
                  mine.kind === holding.kind &&
                  (mine.validUntil == null || mine.validUntil.getTime() >= at.getTime()) &&
                  scopeCovers(mine.scope, holding.scope, topology),
              ),
            ).toBe(true);
          }
          // and so every action it permits anywhere is permitted to the delegator
          for (const action of ACTIONS)
            for (const target of SCOPES)
              if (can(member(derived), action, target, topology, at))
                expect(can(member(own), action, target, topology, at)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('gives nothing unless active, and never once revoked', () => {
    fc.assert(
      fc.property(
        fc.array(holdingArb, { maxLength: 5 }),
        delegationArb,
        instantArb,
        (own, delegation, at) => {
          const derived = holdingsOfDelegation(delegation, own, topology, at);
          if (delegationStateAt(delegation, at) !== 'ACTIVE') expect(derived).toEqual([]);
        },
      ),
    );
  });

  it('shrinks with the delegator: removing one of its holdings never widens what the delegate gets', () => {
    fc.assert(
      fc.property(
        fc.array(holdingArb, { minLength: 1, maxLength: 5 }),
        fc.nat(),
        delegationArb,
        instantArb,
        (own, drop, delegation, at) => {
          const fewer = own.filter((_, index) => index !== drop % own.length);
          const after = holdingsOfDelegation(delegation, fewer, topology, at);
          const before = holdingsOfDelegation(delegation, own, topology, at);
          for (const holding of after)
            expect(before.some((b) => scopeCovers(b.scope, holding.scope, topology))).toBe(true);
        },
      ),
    );
  });

  it('cannot be passed on: a delegate delegating what it received gives nothing', () => {
    fc.assert(
      fc.property(
        fc.array(holdingArb, { maxLength: 5 }),
        delegationArb,
        delegationArb,
        instantArb,
        (own, first, second, at) => {
          const received = holdingsOfDelegation(first, own, topology, at);
          const onward = { ...second, id: 'd2', delegatorMemberId: 'bob', delegateMemberId: 'carol' };
          expect(holdingsOfDelegation(onward, received, topology, at)).toEqual([]);
        },
      ),
    );
  });

  it('shrinks a whole-organisation delegation to the unit the delegator keeps, and ends with the role', () => {
    const delegation: DelegationRecord = {
      id: 'd',
      organisationId: O,
      delegatorMemberId: 'alice',
      delegateMemberId: 'bob',
      roleKind: 'REFERENT',
      scope: organisationScope(O),
      startsAt: new Date(t0),
      endsAt: new Date(t0 + 86_400_000),
    };
    const at = new Date(t0 + 1000);
    expect(
      holdingsOfDelegation(delegation, [{ kind: 'REFERENT', scope: organisationScope(O) }], topology, at),
    ).toMatchObject([
      { kind: 'REFERENT', scope: organisationScope(O), delegation: { delegatorMemberId: 'alice' } },
    ]);
    expect(
      holdingsOfDelegation(delegation, [{ kind: 'REFERENT', scope: unitScope(O, 'u2') }], topology, at),
    ).toMatchObject([{ scope: unitScope(O, 'u2') }]);
    expect(
      holdingsOfDelegation(delegation, [{ kind: 'UNIT_ADMIN', scope: unitScope(O, 'u2') }], topology, at),
    ).toEqual([]);
    // the delegated holding ends with the earlier of the delegation's end and the role's own end
    const roleEnd = new Date(t0 + 5000);
    expect(
      holdingsOfDelegation(
        delegation,
        [{ kind: 'REFERENT', scope: organisationScope(O), validUntil: roleEnd }],
        topology,
        at,
      )[0]?.validUntil,
    ).toEqual(roleEnd);
  });

  it('delegatedHoldingsAt reads each delegation against its own delegator', () => {
    const base = {
      organisationId: O,
      delegateMemberId: 'bob',
      roleKind: 'UNIT_ADMIN' as const,
      startsAt: new Date(t0),
      endsAt: new Date(t0 + 1000),
    };
    const delegations: DelegationRecord[] = [
      { ...base, id: 'a', delegatorMemberId: 'alice', scope: unitScope(O, 'u1') },
      { ...base, id: 'c', delegatorMemberId: 'carl', scope: unitScope(O, 'u4') },
    ];
    const holdings = delegatedHoldingsAt(
      delegations,
      (id) => (id === 'alice' ? [{ kind: 'UNIT_ADMIN', scope: unitScope(O, 'u1') }] : []),
      topology,
      new Date(t0 + 10),
    );
    expect(holdings.map((holding) => holding.delegation.id)).toEqual(['a']);
  });
});

describe('delegationStateAt', () => {
  const d = { startsAt: new Date(t0), endsAt: new Date(t0 + 1000), revokedAt: null };
  it('is scheduled, active (both ends included), ended, revoked', () => {
    expect(delegationStateAt(d, new Date(t0 - 1))).toBe('SCHEDULED');
    expect(delegationStateAt(d, new Date(t0))).toBe('ACTIVE');
    expect(delegationStateAt(d, new Date(t0 + 1000))).toBe('ACTIVE');
    expect(delegationStateAt(d, new Date(t0 + 1001))).toBe('ENDED');
    expect(delegationStateAt({ ...d, revokedAt: new Date(t0 + 10) }, new Date(t0 + 10))).toBe('REVOKED');
    expect(delegationStateAt({ ...d, revokedAt: new Date(t0 + 10) }, new Date(t0 + 9))).toBe('ACTIVE');
  });
});

describe('scopeIntersection', () => {
  it('is the narrower of nested scopes and nothing for disjoint ones', () => {
    expect(scopeIntersection(unitScope(O, 'u1'), groupScope(O, 'g2'), topology)).toEqual(groupScope(O, 'g2'));
    expect(scopeIntersection(unitScope(O, 'u3'), unitScope(O, 'u1'), topology)).toEqual(unitScope(O, 'u3'));
    expect(scopeIntersection(unitScope(O, 'u4'), unitScope(O, 'u1'), topology)).toBeNull();
    expect(scopeIntersection(unitScope(O, 'u1'), groupScope(O, 'g3'), topology)).toBeNull();
  });
});

describe('assertMayDelegate', () => {
  const now = new Date(t0);
  const draft: DelegationDraft = {
    organisationId: O,
    delegatorMemberId: 'alice',
    delegateMemberId: 'bob',
    roleKind: 'UNIT_ADMIN',
    scope: unitScope(O, 'u2'),
    startsAt: now,
    endsAt: new Date(t0 + 86_400_000),
  };
  const own: AdminRoleHolding[] = [{ kind: 'UNIT_ADMIN', scope: unitScope(O, 'u1') }];
  const code = (fn: () => void) => {
    try {
      fn();
      return null;
    } catch (error) {
      return isDomainError(error) ? `${error.code}:${error.field}` : 'other';
    }
  };
  it('accepts a part of a role held, and says why it refuses the rest', () => {
    expect(code(() => assertMayDelegate(draft, own, true, topology, now))).toBeNull();
    expect(code(() => assertMayDelegate(draft, own, false, topology, now))).toBe(
      'DELEGATE_NOT_MEMBER:delegateId',
    );
    expect(
      code(() => assertMayDelegate({ ...draft, delegateMemberId: 'alice' }, own, true, topology, now)),
    ).toBe('DELEGATE_NOT_MEMBER:delegateId');
    expect(code(() => assertMayDelegate({ ...draft, endsAt: now }, own, true, topology, now))).toBe(
      'INVALID_INPUT:endsAt',
    );
    expect(
      code(() =>
        assertMayDelegate(
          { ...draft, endsAt: new Date(t0 + MAX_DELEGATION_MS + 1) },
          own,
          true,
          topology,
          now,
        ),
      ),
    ).toBe('INVALID_INPUT:endsAt');
    expect(
      code(() =>
        assertMayDelegate({ ...draft, startsAt: new Date(t0 - 3_600_000) }, own, true, topology, now),
      ),
    ).toBe('INVALID_INPUT:startsAt');
    expect(
      code(() => assertMayDelegate({ ...draft, scope: unitScope(O, 'u4') }, own, true, topology, now)),
    ).toBe('DELEGATION_BEYOND_SCOPE:scope');
    expect(code(() => assertMayDelegate({ ...draft, roleKind: 'CO_ADMIN' }, own, true, topology, now))).toBe(
      'DELEGATION_NOT_HELD:roleKind',
    );
    const received = holdingsOfDelegation(
      { ...draft, id: 'x', delegatorMemberId: 'zoe', delegateMemberId: 'alice' },
      own,
      topology,
      now,
    );
    expect(code(() => assertMayDelegate(draft, received, true, topology, now))).toBe(
      'DELEGATION_NOT_TRANSFERABLE:roleKind',
    );
  });

  it('accepts a draft only when the delegated part lies within an own holding (property)', () => {
    fc.assert(
      fc.property(fc.array(holdingArb, { maxLength: 5 }), kindArb, scopeArb, (mine, roleKind, scope) => {
        const accepted = code(() =>
          assertMayDelegate({ ...draft, roleKind, scope }, mine, true, topology, now),
        );
        const covered = mine.some(
          (holding) =>
            holding.kind === roleKind &&
            (holding.validUntil == null || holding.validUntil.getTime() >= now.getTime()) &&
            scopeCovers(holding.scope, scope, topology),
        );
        expect(accepted === null).toBe(covered);
      }),
    );
  });
});
