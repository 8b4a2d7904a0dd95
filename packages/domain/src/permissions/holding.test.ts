import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ADMIN_ROLE_KIND_VALUES } from '../model';
import { type AdminRoleRecord, holdingOfRole, holdingsAt, isHeldAt, scopeOfRole } from './holding';
import { activeHoldings } from './policy';

const at = new Date('2026-06-15T17:00:00Z');

describe('isHeldAt', () => {
  it('keeps a role without end, ending exactly now, or later; drops one that ended a millisecond ago', () => {
    expect(isHeldAt(null, at)).toBe(true);
    expect(isHeldAt(undefined, at)).toBe(true);
    expect(isHeldAt(new Date(at.getTime()), at)).toBe(true);
    expect(isHeldAt(new Date(at.getTime() + 1), at)).toBe(true);
    expect(isHeldAt(new Date(at.getTime() - 1), at)).toBe(false);
  });
});

describe('scopeOfRole', () => {
  it('is the group when named, else the unit, else the organisation', () => {
    expect(scopeOfRole({ kind: 'GROUP_MANAGER', organisationId: 'o', unitId: 'u', groupId: 'g' })).toEqual({
      kind: 'GROUP',
      organisationId: 'o',
      groupId: 'g',
    });
    expect(scopeOfRole({ kind: 'UNIT_ADMIN', organisationId: 'o', unitId: 'u', groupId: null })).toEqual({
      kind: 'UNIT',
      organisationId: 'o',
      unitId: 'u',
    });
    expect(scopeOfRole({ kind: 'REFERENT', organisationId: 'o' })).toEqual({
      kind: 'ORGANISATION',
      organisationId: 'o',
    });
  });
});

const instant = fc.integer({ min: 0, max: 4_000_000_000_000 }).map((ms) => new Date(ms));
const record: fc.Arbitrary<AdminRoleRecord> = fc.record({
  kind: fc.constantFrom(...ADMIN_ROLE_KIND_VALUES),
  organisationId: fc.constantFrom('o1', 'o2'),
  unitId: fc.option(fc.constantFrom('u1', 'u2'), { nil: null }),
  groupId: fc.option(fc.constantFrom('g1', 'g2'), { nil: null }),
  validUntil: fc.option(instant, { nil: null }),
});

describe('holdingsAt', () => {
  it('agrees with the policy: the held roles are exactly the active holdings of all roles', () => {
    fc.assert(
      fc.property(fc.array(record, { maxLength: 8 }), instant, (roles, now) => {
        expect(holdingsAt(roles, now)).toEqual(activeHoldings(roles.map(holdingOfRole), now));
      }),
      { numRuns: 1000 },
    );
  });

  it('keeps the organisation of the role and its end', () => {
    fc.assert(
      fc.property(record, (role) => {
        const holding = holdingOfRole(role);
        expect(holding.scope.organisationId).toBe(role.organisationId);
        expect(holding.validUntil ?? null).toEqual(role.validUntil ?? null);
        expect(holding.kind).toBe(role.kind);
      }),
    );
  });
});
