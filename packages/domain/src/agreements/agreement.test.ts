import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AgreementItem,
  agreementAllows,
  agreementItemEnd,
  agreementItemInForce,
  assertGrantAllowed,
  checkGrant,
  grantableRoleIds,
} from './agreement';

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const agreement: AgreementItem[] = [
  { serviceRoleId: 'consult', validFrom: null, validUntil: null },
  { serviceRoleId: 'enter', validFrom: day('2025-01-01'), validUntil: day('2025-12-31') },
  { serviceRoleId: 'validate', validFrom: day('2026-01-01'), validUntil: null },
  { serviceRoleId: 'old', validFrom: null, validUntil: day('2024-12-31') },
];

describe('agreementItemEnd', () => {
  it('is the UTC midnight after the day of validUntil, whatever its time of day', () => {
    expect(agreementItemEnd(day('2025-12-31')).toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(agreementItemEnd(new Date('2025-12-31T17:45:00Z')).toISOString()).toBe('2026-01-01T00:00:00.000Z');
  });
});

describe('agreementAllows', () => {
  it('allows an open-ended item at any time', () => {
    expect(agreementAllows(agreement, 'consult', new Date('1990-01-01Z'))).toBe(true);
    expect(agreementAllows(agreement, 'consult', new Date('2099-01-01Z'))).toBe(true);
  });

  it('includes validFrom and the whole day of validUntil', () => {
    expect(agreementAllows(agreement, 'enter', day('2025-01-01'))).toBe(true);
    expect(agreementAllows(agreement, 'enter', new Date('2024-12-31T23:59:59.999Z'))).toBe(false);
    expect(agreementAllows(agreement, 'enter', new Date('2025-12-31T23:59:59.999Z'))).toBe(true);
    expect(agreementAllows(agreement, 'enter', day('2026-01-01'))).toBe(false);
  });

  it('refuses an item not yet in force, an ended one, and a role absent from the agreement', () => {
    expect(agreementAllows(agreement, 'validate', day('2025-06-01'))).toBe(false);
    expect(agreementAllows(agreement, 'validate', day('2026-01-01'))).toBe(true);
    expect(agreementAllows(agreement, 'old', day('2025-06-01'))).toBe(false);
    expect(agreementAllows(agreement, 'absent', day('2025-06-01'))).toBe(false);
    expect(agreementAllows([], 'consult', day('2025-06-01'))).toBe(false);
  });

  it('allows a role listed twice when either period is in force', () => {
    const renewed: AgreementItem[] = [
      { serviceRoleId: 'r', validFrom: null, validUntil: day('2024-12-31') },
      { serviceRoleId: 'r', validFrom: day('2025-03-01'), validUntil: null },
    ];
    expect(agreementAllows(renewed, 'r', day('2024-06-01'))).toBe(true);
    expect(agreementAllows(renewed, 'r', day('2025-02-01'))).toBe(false);
    expect(agreementAllows(renewed, 'r', day('2025-04-01'))).toBe(true);
  });

  it('matches agreementItemInForce on a single item', () => {
    fc.assert(
      fc.property(
        fc.option(fc.integer({ min: 0, max: 1000 }), { nil: null }),
        fc.option(fc.integer({ min: 0, max: 1000 }), { nil: null }),
        fc.integer({ min: 0, max: 1000 }),
        (from, until, now) => {
          const toDate = (n: number) => new Date(Date.UTC(2025, 0, 1) + n * 3_600_000);
          const item: AgreementItem = {
            serviceRoleId: 'r',
            validFrom: from === null ? null : toDate(from),
            validUntil: until === null ? null : toDate(until),
          };
          expect(agreementAllows([item], 'r', toDate(now))).toBe(agreementItemInForce(item, toDate(now)));
        },
      ),
    );
  });
});

describe('checkGrant', () => {
  const at = day('2025-06-01');

  it('accepts a role in the agreement for a top-level group or a direct grant', () => {
    expect(checkGrant({ serviceRoleId: 'enter', agreement, parentGroupRoleIds: null, at })).toEqual({
      ok: true,
    });
  });

  it('refuses a role outside the current agreement', () => {
    for (const serviceRoleId of ['validate', 'old', 'absent']) {
      expect(checkGrant({ serviceRoleId, agreement, parentGroupRoleIds: null, at })).toEqual({
        ok: false,
        code: 'OUTSIDE_AGREEMENT',
      });
    }
  });

  it("keeps a sub-group's grants within its parent group's", () => {
    expect(
      checkGrant({ serviceRoleId: 'enter', agreement, parentGroupRoleIds: ['consult', 'enter'], at }),
    ).toEqual({
      ok: true,
    });
    expect(checkGrant({ serviceRoleId: 'enter', agreement, parentGroupRoleIds: ['consult'], at })).toEqual({
      ok: false,
      code: 'OUTSIDE_PARENT_GROUP',
    });
    expect(
      checkGrant({ serviceRoleId: 'enter', agreement, parentGroupRoleIds: new Set<string>(), at }),
    ).toEqual({
      ok: false,
      code: 'OUTSIDE_PARENT_GROUP',
    });
  });

  it('reports the agreement first when both rules fail', () => {
    expect(checkGrant({ serviceRoleId: 'old', agreement, parentGroupRoleIds: [], at })).toEqual({
      ok: false,
      code: 'OUTSIDE_AGREEMENT',
    });
  });
});

describe('assertGrantAllowed', () => {
  it('throws the code of the failed rule on the serviceRoleId field', () => {
    const at = day('2025-06-01');
    expect(() =>
      assertGrantAllowed({ serviceRoleId: 'consult', agreement, parentGroupRoleIds: null, at }),
    ).not.toThrow();
    expect(() =>
      assertGrantAllowed({ serviceRoleId: 'old', agreement, parentGroupRoleIds: null, at }),
    ).toThrow(expect.objectContaining({ code: 'OUTSIDE_AGREEMENT', field: 'serviceRoleId' }));
    expect(() =>
      assertGrantAllowed({ serviceRoleId: 'enter', agreement, parentGroupRoleIds: [], at }),
    ).toThrow(expect.objectContaining({ code: 'OUTSIDE_PARENT_GROUP', field: 'serviceRoleId' }));
  });
});

describe('grantableRoleIds', () => {
  it('lists the roles in force, intersected with the parent group when there is one', () => {
    const at = day('2025-06-01');
    expect(grantableRoleIds({ agreement, parentGroupRoleIds: null, at })).toEqual(
      new Set(['consult', 'enter']),
    );
    expect(grantableRoleIds({ agreement, parentGroupRoleIds: ['enter', 'validate', 'x'], at })).toEqual(
      new Set(['enter']),
    );
    expect(grantableRoleIds({ agreement, parentGroupRoleIds: null, at: day('2026-02-01') })).toEqual(
      new Set(['consult', 'validate']),
    );
  });

  it('contains exactly the roles checkGrant accepts', () => {
    const ids = ['consult', 'enter', 'validate', 'old', 'absent'];
    fc.assert(
      fc.property(
        fc.option(fc.subarray(ids), { nil: null }),
        fc.integer({ min: 0, max: 900 }),
        (parentGroupRoleIds, days) => {
          const at = new Date(Date.UTC(2024, 0, 1) + days * 86_400_000);
          const grantable = grantableRoleIds({ agreement, parentGroupRoleIds, at });
          for (const serviceRoleId of ids) {
            expect(grantable.has(serviceRoleId)).toBe(
              checkGrant({ serviceRoleId, agreement, parentGroupRoleIds, at }).ok,
            );
          }
        },
      ),
    );
  });
});
