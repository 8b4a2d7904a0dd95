import { describe, expect, it } from 'vitest';
import { organisationScope, unitScope } from '../model';
import { type ContinuityInput, continuityFindings } from './continuity';

const at = new Date('2025-06-15T12:00:00Z');
const daysAgo = (days: number) => new Date(at.getTime() - days * 86_400_000);
const healthy: ContinuityInput = {
  at,
  principalAdminCount: 1,
  referentsByScope: [
    { scope: organisationScope('o1'), referentCount: 2 },
    { scope: unitScope('o1', 'esms-1'), referentCount: 3 },
  ],
  members: [
    { memberId: 'm1', status: 'ACTIVE', lastSignInAt: daysAgo(3), unitCount: 1 },
    { memberId: 'm2', status: 'BLOCKED', lastSignInAt: daysAgo(10), unitCount: 2 },
  ],
  inactiveAfterDays: 90,
};

describe('continuityFindings', () => {
  it('finds nothing in a healthy organisation', () => {
    expect(continuityFindings(healthy)).toEqual([]);
  });

  it('flags an organisation without a principal admin', () => {
    expect(continuityFindings({ ...healthy, principalAdminCount: 0 })).toEqual([
      { kind: 'NO_PRINCIPAL_ADMIN' },
    ]);
  });

  it('flags each scope with fewer than two referents', () => {
    const scope = unitScope('o1', 'esms-2');
    expect(
      continuityFindings({
        ...healthy,
        referentsByScope: [
          ...healthy.referentsByScope,
          { scope, referentCount: 1 },
          { scope: unitScope('o1', 'x'), referentCount: 0 },
        ],
      }),
    ).toEqual([
      { kind: 'FEWER_THAN_TWO_REFERENTS', scope },
      { kind: 'FEWER_THAN_TWO_REFERENTS', scope: unitScope('o1', 'x') },
    ]);
  });

  it('flags members who have not signed in for longer than the limit, exactly at the limit is fine', () => {
    const findings = continuityFindings({
      ...healthy,
      members: [
        { memberId: 'old', status: 'ACTIVE', lastSignInAt: daysAgo(91), unitCount: 1 },
        { memberId: 'edge', status: 'ACTIVE', lastSignInAt: daysAgo(90), unitCount: 1 },
        { memberId: 'blocked-old', status: 'BLOCKED', lastSignInAt: daysAgo(400), unitCount: 1 },
      ],
    });
    expect(findings).toEqual([
      { kind: 'INACTIVE_ACCOUNT', memberId: 'old' },
      { kind: 'INACTIVE_ACCOUNT', memberId: 'blocked-old' },
    ]);
  });

  it('counts a member who never signed in from its creation, and flags it when that is unknown', () => {
    const findings = continuityFindings({
      ...healthy,
      members: [
        { memberId: 'newcomer', status: 'ACTIVE', lastSignInAt: null, unitCount: 1, createdAt: daysAgo(5) },
        {
          memberId: 'forgotten',
          status: 'ACTIVE',
          lastSignInAt: null,
          unitCount: 1,
          createdAt: daysAgo(200),
        },
        { memberId: 'unknown', status: 'ACTIVE', lastSignInAt: null, unitCount: 1 },
      ],
    });
    expect(findings).toEqual([
      { kind: 'INACTIVE_ACCOUNT', memberId: 'forgotten' },
      { kind: 'INACTIVE_ACCOUNT', memberId: 'unknown' },
    ]);
  });

  it('flags members attached to no unit', () => {
    const findings = continuityFindings({
      ...healthy,
      members: [{ memberId: 'floating', status: 'ACTIVE', lastSignInAt: daysAgo(1), unitCount: 0 }],
    });
    expect(findings).toEqual([{ kind: 'ATTACHED_NOWHERE', memberId: 'floating' }]);
  });

  it('never flags archived members', () => {
    const findings = continuityFindings({
      ...healthy,
      members: [{ memberId: 'gone', status: 'ARCHIVED', lastSignInAt: null, unitCount: 0 }],
    });
    expect(findings).toEqual([]);
  });

  it('lists organisation, then scope, then inactivity, then attachment findings', () => {
    const findings = continuityFindings({
      ...healthy,
      principalAdminCount: 0,
      referentsByScope: [{ scope: organisationScope('o1'), referentCount: 1 }],
      members: [{ memberId: 'm', status: 'ACTIVE', lastSignInAt: null, unitCount: 0 }],
    });
    expect(findings.map((f) => f.kind)).toEqual([
      'NO_PRINCIPAL_ADMIN',
      'FEWER_THAN_TWO_REFERENTS',
      'INACTIVE_ACCOUNT',
      'ATTACHED_NOWHERE',
    ]);
  });
});
