import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ADMIN_ROLE_KIND_VALUES,
  type AdminRoleKind,
  buildTopology,
  MEMBER_STATUS_VALUES,
  type MemberStatus,
  organisationScope,
  unitScope,
} from '../model';
import {
  type ContinuityInput,
  continuityFindings,
  countFindings,
  FINDING_KIND_VALUES,
  findingsCreatedByRemoving,
  isValidInactiveAfterDays,
  membersByStatus,
  referentShortage,
  visibleFindings,
} from './continuity';

const at = new Date('2025-06-15T12:00:00Z');
const daysAgo = (days: number) => new Date(at.getTime() - days * 86_400_000);
const member = (
  memberId: string,
  unitIds: string[],
  extra: Partial<ContinuityInput['members'][number]> = {},
) => ({
  memberId,
  status: 'ACTIVE' as MemberStatus,
  lastSignInAt: daysAgo(3),
  unitIds,
  ...extra,
});
const role = (adminRoleId: string, memberId: string, kind: AdminRoleKind, unitId: string | null = null) => ({
  adminRoleId,
  memberId,
  kind,
  unitId,
});
const healthy: ContinuityInput = {
  at,
  organisationId: 'o1',
  inactiveAfterDays: 90,
  unitIds: ['u1'],
  members: [member('m1', ['u1']), member('m2', ['u1']), member('m3', ['u1'], { status: 'BLOCKED' })],
  adminRoles: [
    role('r1', 'm1', 'PRINCIPAL_ADMIN'),
    role('r2', 'm1', 'REFERENT'),
    role('r3', 'm2', 'SUBSTITUTE_REFERENT'),
    role('r4', 'm1', 'REFERENT', 'u1'),
    role('r5', 'm2', 'SUBSTITUTE_REFERENT', 'u1'),
  ],
  grants: [{ grantId: 'g1', serviceRoleId: 'sr1', groupId: null, memberId: 'm1' }],
  agreement: [{ serviceRoleId: 'sr1', validFrom: null, validUntil: null }],
};

describe('continuityFindings', () => {
  it('finds nothing in a healthy organisation', () => {
    expect(continuityFindings(healthy)).toEqual([]);
  });

  it('flags an organisation whose only principal admin is blocked', () => {
    const findings = continuityFindings({
      ...healthy,
      adminRoles: [...healthy.adminRoles.slice(1), role('r9', 'm3', 'PRINCIPAL_ADMIN')],
    });
    expect(findings.map((f) => f.kind)).toEqual(['NO_PRINCIPAL_ADMIN', 'ROLE_HELD_BY_INACTIVE_MEMBER']);
  });

  it('flags the organisation and each unit with fewer than two referents, with how many are left', () => {
    const findings = continuityFindings({
      ...healthy,
      unitIds: ['u1', 'u2'],
      adminRoles: healthy.adminRoles.filter((r) => r.adminRoleId !== 'r3' && r.adminRoleId !== 'r5'),
    });
    expect(findings.map((f) => [f.kind, f.scope, f.referentCount])).toEqual([
      ['FEWER_THAN_TWO_REFERENTS', organisationScope('o1'), 1],
      ['FEWER_THAN_TWO_REFERENTS', unitScope('o1', 'u1'), 1],
      ['FEWER_THAN_TWO_REFERENTS', unitScope('o1', 'u2'), 0],
    ]);
    expect(referentShortage(findings, unitScope('o1', 'u1'))).toBe('ONE');
    expect(referentShortage(findings, unitScope('o1', 'u2'))).toBe('NONE');
    expect(referentShortage(continuityFindings(healthy), unitScope('o1', 'u1'))).toBeNull();
  });

  it('does not count a referent who is blocked, archived or whose delegation ended', () => {
    const findings = continuityFindings({
      ...healthy,
      members: [...healthy.members, member('m4', ['u1'], { status: 'ARCHIVED' })],
      adminRoles: [
        ...healthy.adminRoles.filter((r) => r.adminRoleId !== 'r5'),
        role('x1', 'm3', 'REFERENT', 'u1'),
        role('x2', 'm4', 'REFERENT', 'u1'),
        { ...role('x3', 'm2', 'REFERENT', 'u1'), validUntil: daysAgo(1) },
      ],
    });
    const referents = findings.find((f) => f.kind === 'FEWER_THAN_TWO_REFERENTS');
    expect(referents?.referentCount).toBe(1);
    expect(
      findings.filter((f) => f.kind === 'ROLE_HELD_BY_INACTIVE_MEMBER').map((f) => f.adminRoleId),
    ).toEqual(['x1', 'x2']);
    expect(findings.filter((f) => f.kind === 'DELEGATION_EXPIRED').map((f) => f.adminRoleId)).toEqual(['x3']);
  });

  it('flags members who have not signed in for longer than the limit, exactly at the limit is fine', () => {
    const findings = continuityFindings({
      ...healthy,
      members: [
        ...healthy.members,
        member('old', ['u1'], { lastSignInAt: daysAgo(91) }),
        member('edge', ['u1'], { lastSignInAt: daysAgo(90) }),
        member('blocked-old', ['u1'], { status: 'BLOCKED', lastSignInAt: daysAgo(400) }),
        member('archived-old', ['u1'], { status: 'ARCHIVED', lastSignInAt: daysAgo(400) }),
      ],
    });
    expect(findings.map((f) => f.memberId)).toEqual(['old', 'blocked-old']);
    expect(findings[0]?.scopes).toEqual([unitScope('o1', 'u1')]);
  });

  it('counts a member who never signed in from its creation, and flags it when that is unknown', () => {
    const findings = continuityFindings({
      ...healthy,
      members: [
        ...healthy.members,
        member('newcomer', ['u1'], { lastSignInAt: null, createdAt: daysAgo(5) }),
        member('forgotten', ['u1'], { lastSignInAt: null, createdAt: daysAgo(200) }),
        member('unknown', ['u1'], { lastSignInAt: null }),
      ],
    });
    expect(findings.map((f) => f.memberId)).toEqual(['forgotten', 'unknown']);
  });

  it('flags members attached to no unit, at the organisation level, and never archived ones', () => {
    const findings = continuityFindings({
      ...healthy,
      members: [...healthy.members, member('floating', []), member('gone', [], { status: 'ARCHIVED' })],
    });
    expect(findings).toEqual([
      {
        kind: 'ATTACHED_NOWHERE',
        key: 'ATTACHED_NOWHERE:floating',
        scopes: [organisationScope('o1')],
        memberId: 'floating',
      },
    ]);
  });

  it('flags grants the agreement suspends, a group grant in its group, a direct one in the member units', () => {
    const findings = continuityFindings({
      ...healthy,
      agreement: [{ serviceRoleId: 'sr1', validFrom: null, validUntil: daysAgo(10) }],
      grants: [
        ...healthy.grants,
        { grantId: 'g2', serviceRoleId: 'sr1', groupId: 'grp', memberId: null },
        { grantId: 'g3', serviceRoleId: 'sr2', groupId: null, memberId: 'm2' },
      ],
    });
    expect(findings.map((f) => [f.grantId, f.scopes])).toEqual([
      ['g1', [unitScope('o1', 'u1')]],
      ['g2', [{ kind: 'GROUP', organisationId: 'o1', groupId: 'grp' }]],
      ['g3', [unitScope('o1', 'u1')]],
    ]);
  });
});

describe('findingsCreatedByRemoving', () => {
  it('warns when removing the substitute referent leaves one, and when removing the last leaves none', () => {
    const created = findingsCreatedByRemoving(healthy, 'r5');
    expect(created.map((f) => [f.kind, f.scope, f.referentCount])).toEqual([
      ['FEWER_THAN_TWO_REFERENTS', unitScope('o1', 'u1'), 1],
    ]);
    const oneLeft = { ...healthy, adminRoles: healthy.adminRoles.filter((r) => r.adminRoleId !== 'r5') };
    expect(findingsCreatedByRemoving(oneLeft, 'r4').map((f) => f.referentCount)).toEqual([0]);
  });

  it('says nothing for an unknown role or a role whose removal changes no finding', () => {
    expect(findingsCreatedByRemoving(healthy, 'nope')).toEqual([]);
    const three = { ...healthy, adminRoles: [...healthy.adminRoles, role('r6', 'm3', 'UNIT_ADMIN', 'u1')] };
    expect(findingsCreatedByRemoving(three, 'r6')).toEqual([]);
  });
});

describe('visibleFindings', () => {
  const topology = buildTopology({
    units: [
      { id: 'u1', parentId: null },
      { id: 'u2', parentId: null },
    ],
    groups: [],
  });
  it('shows a unit admin the findings of its units only, the organisation admin all of them', () => {
    const findings = continuityFindings({ ...healthy, unitIds: ['u1', 'u2'], adminRoles: [] });
    const unitAdmin = {
      kind: 'member' as const,
      personId: 'p',
      memberId: 'm9',
      organisationId: 'o1',
      holdings: [{ kind: 'UNIT_ADMIN' as const, scope: unitScope('o1', 'u2') }],
    };
    expect(visibleFindings(unitAdmin, findings, topology, at).map((f) => f.key)).toEqual([
      'FEWER_THAN_TWO_REFERENTS:UNIT:o1:u2',
    ]);
    const principal = {
      ...unitAdmin,
      holdings: [{ kind: 'PRINCIPAL_ADMIN' as const, scope: organisationScope('o1') }],
    };
    expect(visibleFindings(principal, findings, topology, at)).toEqual(findings);
    expect(visibleFindings({ ...unitAdmin, holdings: [] }, findings, topology, at)).toEqual([]);
  });
});

describe('membersByStatus', () => {
  it('counts the members a unit admin may read, by status, every status present', () => {
    const topology = buildTopology({
      units: [
        { id: 'u1', parentId: null },
        { id: 'u2', parentId: null },
      ],
      groups: [],
    });
    const input = {
      organisationId: 'o1',
      members: [
        member('a', ['u1']),
        member('b', ['u2'], { status: 'ARCHIVED' }),
        member('c', []),
        member('d', ['u1', 'u2'], { status: 'BLOCKED' }),
      ],
    };
    const unitAdmin = {
      kind: 'member' as const,
      personId: 'p',
      memberId: 'x',
      organisationId: 'o1',
      holdings: [{ kind: 'UNIT_ADMIN' as const, scope: unitScope('o1', 'u2') }],
    };
    expect(membersByStatus(unitAdmin, input, topology, at)).toEqual([
      { status: 'ACTIVE', count: 0 },
      { status: 'BLOCKED', count: 1 },
      { status: 'ARCHIVED', count: 1 },
    ]);
    expect(
      membersByStatus({ kind: 'operator', personId: 'op' }, input, topology, at).map((c) => c.count),
    ).toEqual([2, 1, 1]);
  });
});

describe('isValidInactiveAfterDays', () => {
  it('accepts whole days between a week and ten years', () => {
    expect([6, 7, 180, 3650, 3651, 30.5, Number.NaN].map(isValidInactiveAfterDays)).toEqual([
      false,
      true,
      true,
      true,
      false,
      false,
      false,
    ]);
  });
});

// ---- properties over random organisations -------------------------------------------------------------

const unitIds = ['u1', 'u2', 'u3'];
const memberIds = ['m1', 'm2', 'm3', 'm4', 'm5'];
const inputArb: fc.Arbitrary<ContinuityInput> = fc
  .record({
    inactiveAfterDays: fc.integer({ min: 1, max: 400 }),
    units: fc.subarray(unitIds),
    members: fc.tuple(
      ...memberIds.map((memberId) =>
        fc.record({
          memberId: fc.constant(memberId),
          status: fc.constantFrom<MemberStatus>(...MEMBER_STATUS_VALUES),
          lastSignInAt: fc.option(fc.integer({ min: 0, max: 500 }).map(daysAgo)),
          createdAt: fc.option(fc.integer({ min: 0, max: 500 }).map(daysAgo)),
          unitIds: fc.subarray(unitIds),
        }),
      ),
    ),
    roles: fc.array(
      fc.record({
        memberId: fc.constantFrom(...memberIds),
        kind: fc.constantFrom<AdminRoleKind>(...ADMIN_ROLE_KIND_VALUES),
        unitId: fc.option(fc.constantFrom(...unitIds)),
        validUntil: fc.option(fc.integer({ min: -30, max: 30 }).map(daysAgo)),
      }),
      { maxLength: 12 },
    ),
    grants: fc.array(
      fc.record({
        serviceRoleId: fc.constantFrom('sr1', 'sr2', 'sr3'),
        groupId: fc.option(fc.constantFrom('grp1', 'grp2')),
        memberId: fc.constantFrom(...memberIds),
      }),
      { maxLength: 6 },
    ),
    allowed: fc.subarray(['sr1', 'sr2', 'sr3']),
  })
  .map((r) => ({
    at,
    organisationId: 'o1',
    inactiveAfterDays: r.inactiveAfterDays,
    unitIds: r.units,
    members: r.members,
    adminRoles: r.roles.map((x, index) => ({ ...x, adminRoleId: `r${index}` })),
    grants: r.grants.map((g, index) => ({
      grantId: `g${index}`,
      serviceRoleId: g.serviceRoleId,
      groupId: g.groupId,
      memberId: g.groupId ? null : g.memberId,
    })),
    agreement: r.allowed.map((serviceRoleId) => ({ serviceRoleId, validFrom: null, validUntil: null })),
  }));

describe('continuity properties', () => {
  it('gives each finding a distinct key, known kind and at least one scope in the organisation', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const findings = continuityFindings(input);
        expect(new Set(findings.map((f) => f.key)).size).toBe(findings.length);
        for (const f of findings) {
          expect(FINDING_KIND_VALUES).toContain(f.kind);
          expect(f.scopes.length).toBeGreaterThan(0);
          for (const s of f.scopes) expect(s.organisationId).toBe('o1');
        }
        expect(countFindings(findings).reduce((sum, c) => sum + c.count, 0)).toBe(findings.length);
      }),
    );
  });

  it('flags a scope exactly when fewer than two distinct active members hold a live referent role on it', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const findings = continuityFindings(input);
        for (const unitId of [null, ...input.unitIds]) {
          const holders = new Set(
            input.adminRoles
              .filter(
                (r) =>
                  (r.kind === 'REFERENT' || r.kind === 'SUBSTITUTE_REFERENT') &&
                  (r.unitId ?? null) === unitId &&
                  (r.validUntil == null || r.validUntil >= at) &&
                  input.members.find((m) => m.memberId === r.memberId)?.status === 'ACTIVE',
              )
              .map((r) => r.memberId),
          );
          const scope = unitId === null ? organisationScope('o1') : unitScope('o1', unitId);
          const shortage = referentShortage(findings, scope);
          expect(shortage).toBe(holders.size === 0 ? 'NONE' : holders.size === 1 ? 'ONE' : null);
        }
      }),
    );
  });

  it('never flags an archived member as inactive or unattached, and a longer threshold never adds inactivity', () => {
    fc.assert(
      fc.property(inputArb, fc.integer({ min: 0, max: 200 }), (input, more) => {
        const findings = continuityFindings(input);
        const archived = new Set(input.members.filter((m) => m.status === 'ARCHIVED').map((m) => m.memberId));
        for (const f of findings) {
          if (f.kind === 'INACTIVE_ACCOUNT' || f.kind === 'ATTACHED_NOWHERE')
            expect(archived.has(f.memberId!)).toBe(false);
        }
        const inactive = (i: ContinuityInput) =>
          continuityFindings(i)
            .filter((f) => f.kind === 'INACTIVE_ACCOUNT')
            .map((f) => f.key);
        const later = inactive({ ...input, inactiveAfterDays: input.inactiveAfterDays + more });
        for (const key of later) expect(inactive(input)).toContain(key);
      }),
    );
  });

  it('warns on removal exactly with what the checks say afterwards and did not say before', () => {
    fc.assert(
      fc.property(inputArb, fc.nat(), (input, pick) => {
        fc.pre(input.adminRoles.length > 0);
        const target = input.adminRoles[pick % input.adminRoles.length]!;
        const created = findingsCreatedByRemoving(input, target.adminRoleId);
        const after = continuityFindings({
          ...input,
          adminRoles: input.adminRoles.filter((r) => r !== target),
        });
        for (const f of created) expect(after).toContainEqual(f);
        // Removing a role never creates anything but a referent or principal shortage.
        for (const f of created) expect(['NO_PRINCIPAL_ADMIN', 'FEWER_THAN_TWO_REFERENTS']).toContain(f.kind);
        // Only referents and principal admins held by active members matter for the warning.
        const status = input.members.find((m) => m.memberId === target.memberId)?.status;
        const live = target.validUntil == null || target.validUntil >= at;
        if (
          !['PRINCIPAL_ADMIN', 'REFERENT', 'SUBSTITUTE_REFERENT'].includes(target.kind) ||
          status !== 'ACTIVE' ||
          !live
        )
          expect(created).toEqual([]);
      }),
    );
  });

  it('shows an operator everything and a member without roles nothing', () => {
    const topology = buildTopology({ units: unitIds.map((id) => ({ id, parentId: null })), groups: [] });
    fc.assert(
      fc.property(inputArb, (input) => {
        const findings = continuityFindings(input);
        expect(visibleFindings({ kind: 'operator', personId: 'op' }, findings, topology, at)).toEqual(
          findings,
        );
        expect(
          visibleFindings(
            { kind: 'member', personId: 'p', memberId: 'm1', organisationId: 'o1', holdings: [] },
            findings,
            topology,
            at,
          ),
        ).toEqual([]);
      }),
    );
  });
});
