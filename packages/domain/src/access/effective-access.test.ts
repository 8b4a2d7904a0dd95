import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AgreementItem } from '../agreements/agreement';
import { MEMBER_STATUS_VALUES, ORGANISATION_STATUS_VALUES } from '../model';
import {
  type AccessInput,
  type AccessSource,
  accessOpen,
  type EffectiveAccess,
  effectiveAccess,
  hasService,
  hasServiceRole,
} from './effective-access';

const at = new Date('2025-06-15T10:00:00Z');
const base: AccessInput = {
  at,
  organisationStatus: 'ACTIVE',
  memberStatus: 'ACTIVE',
  catalogue: [
    { serviceId: 'contact-data', accessLevel: 'FREE', roleIds: ['contact-data.use'] },
    {
      serviceId: 'payroll',
      accessLevel: 'PROTECTED',
      roleIds: ['payroll.consult', 'payroll.enter', 'payroll.validate'],
    },
    { serviceId: 'benefits', accessLevel: 'PROTECTED', roleIds: ['benefits.consult'] },
    { serviceId: 'news', accessLevel: 'FREE', roleIds: [] },
  ],
  agreement: [
    { serviceRoleId: 'payroll.consult', validFrom: null, validUntil: null },
    {
      serviceRoleId: 'payroll.enter',
      validFrom: new Date('2025-01-01Z'),
      validUntil: new Date('2025-12-31Z'),
    },
    { serviceRoleId: 'benefits.consult', validFrom: null, validUntil: new Date('2025-03-31Z') },
  ],
  groups: [
    { groupId: 'accounting', blocked: false, roleIds: ['payroll.consult', 'payroll.enter'] },
    { groupId: 'social', blocked: false, roleIds: ['benefits.consult', 'payroll.consult'] },
  ],
  directRoleIds: ['payroll.consult'],
};

describe('effectiveAccess: examples', () => {
  it('gives a new member with no grant the free services only (Vaud default role "user")', () => {
    const access = effectiveAccess({ ...base, groups: [], directRoleIds: [] });
    expect(access).toEqual({
      services: [
        {
          serviceId: 'contact-data',
          free: true,
          roles: [{ serviceRoleId: 'contact-data.use', sources: [{ kind: 'FREE' }] }],
        },
        { serviceId: 'news', free: true, roles: [] },
      ],
      suspended: [],
    });
  });

  it('adds group and direct grants with all their sources, and suspends roles the agreement dropped', () => {
    const access = effectiveAccess(base);
    expect(access.services.map((s) => s.serviceId)).toEqual(['contact-data', 'news', 'payroll']);
    expect(access.services[2]).toEqual({
      serviceId: 'payroll',
      free: false,
      roles: [
        {
          serviceRoleId: 'payroll.consult',
          sources: [
            { kind: 'GROUP', groupId: 'accounting' },
            { kind: 'GROUP', groupId: 'social' },
            { kind: 'DIRECT' },
          ],
        },
        { serviceRoleId: 'payroll.enter', sources: [{ kind: 'GROUP', groupId: 'accounting' }] },
      ],
    });
    expect(access.suspended).toEqual([
      { serviceRoleId: 'benefits.consult', source: { kind: 'GROUP', groupId: 'social' } },
    ]);
  });

  it('removes the grants of a group the member is blocked in, but keeps the others (CSAM: block for one group)', () => {
    const access = effectiveAccess({
      ...base,
      groups: base.groups.map((g) => (g.groupId === 'accounting' ? { ...g, blocked: true } : g)),
    });
    expect(hasServiceRole(access, 'payroll.enter')).toBe(false);
    expect(access.services.find((s) => s.serviceId === 'payroll')?.roles).toEqual([
      {
        serviceRoleId: 'payroll.consult',
        sources: [{ kind: 'GROUP', groupId: 'social' }, { kind: 'DIRECT' }],
      },
    ]);
  });

  it('is empty while the member is blocked for all groups or archived, or the organisation is not active', () => {
    for (const change of [
      { memberStatus: 'BLOCKED' },
      { memberStatus: 'ARCHIVED' },
      { organisationStatus: 'SUSPENDED' },
      { organisationStatus: 'PENDING_ACTIVATION' },
    ] as const) {
      expect(effectiveAccess({ ...base, ...change })).toEqual({ services: [], suspended: [] });
    }
  });

  it('follows the agreement dates: a role comes back into force and goes out again', () => {
    const before = effectiveAccess({ ...base, at: new Date('2024-12-31T23:00:00Z') });
    expect(hasServiceRole(before, 'payroll.enter')).toBe(false);
    expect(before.suspended).toContainEqual({
      serviceRoleId: 'payroll.enter',
      source: { kind: 'GROUP', groupId: 'accounting' },
    });
    expect(
      hasServiceRole(effectiveAccess({ ...base, at: new Date('2025-12-31T23:00:00Z') }), 'payroll.enter'),
    ).toBe(true);
    expect(
      hasServiceRole(effectiveAccess({ ...base, at: new Date('2026-01-01T00:00:00Z') }), 'payroll.enter'),
    ).toBe(false);
  });

  it('ignores role ids missing from the catalogue, even when the agreement lists them', () => {
    const access = effectiveAccess({
      ...base,
      agreement: [...base.agreement, { serviceRoleId: 'ghost', validFrom: null, validUntil: null }],
      directRoleIds: ['ghost', 'unknown'],
      groups: [],
    });
    expect(access.services.map((s) => s.serviceId)).toEqual(['contact-data', 'news']);
    expect(access.suspended).toEqual([]);
  });

  it('lists a duplicated grant once', () => {
    const access = effectiveAccess({
      ...base,
      groups: [{ groupId: 'accounting', blocked: false, roleIds: ['payroll.consult', 'payroll.consult'] }],
      directRoleIds: ['payroll.consult', 'payroll.consult'],
    });
    expect(access.services.find((s) => s.serviceId === 'payroll')?.roles).toEqual([
      {
        serviceRoleId: 'payroll.consult',
        sources: [{ kind: 'GROUP', groupId: 'accounting' }, { kind: 'DIRECT' }],
      },
    ]);
  });

  it('keeps a free role through FREE and suspends only its grant when the agreement does not list it', () => {
    const access = effectiveAccess({ ...base, groups: [], directRoleIds: ['contact-data.use'] });
    expect(hasServiceRole(access, 'contact-data.use')).toBe(true);
    expect(access.suspended).toEqual([{ serviceRoleId: 'contact-data.use', source: { kind: 'DIRECT' } }]);
  });

  it('does not depend on the order of its inputs', () => {
    const shuffled: AccessInput = {
      ...base,
      catalogue: [...base.catalogue].reverse(),
      agreement: [...base.agreement].reverse(),
      groups: [...base.groups].reverse().map((g) => ({ ...g, roleIds: [...g.roleIds].reverse() })),
    };
    expect(effectiveAccess(shuffled)).toEqual(effectiveAccess(base));
  });
});

describe('accessOpen, hasService and hasServiceRole', () => {
  it('opens access only for an active member of an active organisation', () => {
    for (const org of ORGANISATION_STATUS_VALUES) {
      for (const member of MEMBER_STATUS_VALUES) {
        expect(accessOpen(org, member)).toBe(org === 'ACTIVE' && member === 'ACTIVE');
      }
    }
  });

  it('finds services and roles of an effective access', () => {
    const access = effectiveAccess(base);
    expect(hasService(access, 'news')).toBe(true);
    expect(hasService(access, 'benefits')).toBe(false);
    expect(hasServiceRole(access, 'payroll.enter')).toBe(true);
    expect(hasServiceRole(access, 'payroll.validate')).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------
// A deliberately plain reference implementation, written from DOMAIN.md rule 3 without sharing code.

function referenceAllows(agreement: readonly AgreementItem[], roleId: string, when: Date): boolean {
  for (const item of agreement) {
    if (item.serviceRoleId !== roleId) continue;
    if (item.validFrom !== null && when < item.validFrom) continue;
    if (item.validUntil !== null) {
      const u = item.validUntil;
      const nextDay = Date.UTC(u.getUTCFullYear(), u.getUTCMonth(), u.getUTCDate() + 1);
      if (when.getTime() >= nextDay) continue;
    }
    return true;
  }
  return false;
}

function sourceOrder(source: AccessSource): string {
  if (source.kind === 'FREE') return '0';
  if (source.kind === 'GROUP') return `1:${source.groupId}`;
  return '2';
}

function byText(a: string, b: string): number {
  if (a < b) return -1;
  if (a > b) return 1;
  return 0;
}

function reference(input: AccessInput): EffectiveAccess {
  if (input.organisationStatus !== 'ACTIVE') return { services: [], suspended: [] };
  if (input.memberStatus !== 'ACTIVE') return { services: [], suspended: [] };

  const owner: Record<string, string> = {};
  const isFree: Record<string, boolean> = {};
  for (const service of input.catalogue) {
    isFree[service.serviceId] = service.accessLevel === 'FREE';
    for (const roleId of service.roleIds) {
      if (owner[roleId] === undefined) owner[roleId] = service.serviceId;
    }
  }

  const rows: { serviceId: string; roleId: string; source: AccessSource }[] = [];
  const suspendedRows: { serviceRoleId: string; source: AccessSource }[] = [];
  const serviceIds: string[] = [];

  for (const service of input.catalogue) {
    if (service.accessLevel !== 'FREE') continue;
    serviceIds.push(service.serviceId);
    for (const roleId of service.roleIds) {
      if (owner[roleId] === service.serviceId)
        rows.push({ serviceId: service.serviceId, roleId, source: { kind: 'FREE' } });
    }
  }
  const consider = (roleId: string, source: AccessSource) => {
    const serviceId = owner[roleId];
    if (serviceId === undefined) return;
    if (referenceAllows(input.agreement, roleId, input.at)) {
      rows.push({ serviceId, roleId, source });
      serviceIds.push(serviceId);
    } else {
      suspendedRows.push({ serviceRoleId: roleId, source });
    }
  };
  for (const group of input.groups) {
    if (group.blocked) continue;
    for (const roleId of group.roleIds) consider(roleId, { kind: 'GROUP', groupId: group.groupId });
  }
  for (const roleId of input.directRoleIds) consider(roleId, { kind: 'DIRECT' });

  const services = [...new Set(serviceIds)].sort(byText).map((serviceId) => {
    const roleIds = [...new Set(rows.filter((r) => r.serviceId === serviceId).map((r) => r.roleId))].sort(
      byText,
    );
    return {
      serviceId,
      free: isFree[serviceId] === true,
      roles: roleIds.map((roleId) => {
        const sources = new Map<string, AccessSource>();
        for (const row of rows)
          if (row.serviceId === serviceId && row.roleId === roleId)
            sources.set(sourceOrder(row.source), row.source);
        const keys = [...sources.keys()].sort(byText);
        return { serviceRoleId: roleId, sources: keys.map((k) => sources.get(k) as AccessSource) };
      }),
    };
  });

  const suspendedByKey = new Map<string, { serviceRoleId: string; source: AccessSource }>();
  for (const row of suspendedRows) suspendedByKey.set(`${row.serviceRoleId} ${sourceOrder(row.source)}`, row);
  const suspended = [...suspendedByKey.values()].sort(
    (a, b) =>
      byText(a.serviceRoleId, b.serviceRoleId) || byText(sourceOrder(a.source), sourceOrder(b.source)),
  );
  return { services, suspended };
}

// ---------------------------------------------------------------------------------------------
// Generators: small id pools so that roles, groups and agreement items collide often.

const ROLE_POOL = ['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7'];
const ROLE_POOL_WITH_UNKNOWN = [...ROLE_POOL, 'unknown'];
const DAY = 86_400_000;
const origin = Date.UTC(2025, 0, 1);
const dateArb = fc.integer({ min: 0, max: 60 * 24 }).map((hours) => new Date(origin + hours * 3_600_000));

const inputArb: fc.Arbitrary<AccessInput> = fc.record({
  at: dateArb,
  organisationStatus: fc.constantFrom(...ORGANISATION_STATUS_VALUES),
  memberStatus: fc.constantFrom(...MEMBER_STATUS_VALUES),
  catalogue: fc.uniqueArray(
    fc.record({
      serviceId: fc.constantFrom('s0', 's1', 's2', 's3', 's4'),
      accessLevel: fc.constantFrom('FREE' as const, 'PROTECTED' as const),
      roleIds: fc.subarray(ROLE_POOL),
    }),
    { selector: (s) => s.serviceId, maxLength: 5 },
  ),
  agreement: fc.array(
    fc.record({
      serviceRoleId: fc.constantFrom(...ROLE_POOL_WITH_UNKNOWN),
      validFrom: fc.option(dateArb, { nil: null }),
      validUntil: fc.option(
        fc.integer({ min: 0, max: 60 }).map((days) => new Date(origin + days * DAY)),
        { nil: null },
      ),
    }),
    { maxLength: 10 },
  ),
  groups: fc.uniqueArray(
    fc.record({
      groupId: fc.constantFrom('g0', 'g1', 'g2', 'g3'),
      blocked: fc.boolean(),
      roleIds: fc.array(fc.constantFrom(...ROLE_POOL_WITH_UNKNOWN), { maxLength: 5 }),
    }),
    { selector: (g) => g.groupId, maxLength: 4 },
  ),
  directRoleIds: fc.array(fc.constantFrom(...ROLE_POOL_WITH_UNKNOWN), { maxLength: 4 }),
});
const openInputArb = inputArb.map(
  (input) => ({ ...input, organisationStatus: 'ACTIVE', memberStatus: 'ACTIVE' }) as AccessInput,
);

/** Every (service, role, source) the member can use, as comparable strings. */
function grantsOf(access: EffectiveAccess): Set<string> {
  const out = new Set<string>();
  for (const service of access.services) {
    out.add(service.serviceId);
    for (const role of service.roles) {
      for (const source of role.sources)
        out.add(`${service.serviceId}/${role.serviceRoleId}/${sourceOrder(source)}`);
    }
  }
  return out;
}

function isSubset(small: Set<string>, big: Set<string>): boolean {
  return [...small].every((item) => big.has(item));
}

describe('effectiveAccess: properties', () => {
  it('equals the plain reference implementation', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        expect(effectiveAccess(input)).toEqual(reference(input));
      }),
      { numRuns: 500 },
    );
  });

  it('never returns a granted role outside the agreement', () => {
    fc.assert(
      fc.property(openInputArb, (input) => {
        for (const service of effectiveAccess(input).services) {
          for (const role of service.roles) {
            expect(role.sources.length).toBeGreaterThan(0);
            // Only a free service's own roles may stand outside the agreement, and only through FREE.
            if (role.sources.some((s) => s.kind !== 'FREE')) {
              expect(referenceAllows(input.agreement, role.serviceRoleId, input.at)).toBe(true);
            }
            if (!service.free)
              expect(referenceAllows(input.agreement, role.serviceRoleId, input.at)).toBe(true);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('returns nothing when the member is blocked everywhere or archived, or the organisation is not active', () => {
    const closedArb = fc.oneof(
      inputArb.map((i) => ({ ...i, memberStatus: 'BLOCKED' }) as AccessInput),
      inputArb.map((i) => ({ ...i, memberStatus: 'ARCHIVED' }) as AccessInput),
      inputArb.map((i) => ({ ...i, organisationStatus: 'SUSPENDED' }) as AccessInput),
      inputArb.map((i) => ({ ...i, organisationStatus: 'PENDING_ACTIVATION' }) as AccessInput),
    );
    fc.assert(
      fc.property(closedArb, (input) => {
        expect(effectiveAccess(input)).toEqual({ services: [], suspended: [] });
      }),
    );
  });

  it('leaves no group grant once every group is blocked', () => {
    fc.assert(
      fc.property(openInputArb, (input) => {
        const access = effectiveAccess({
          ...input,
          groups: input.groups.map((g) => ({ ...g, blocked: true })),
        });
        for (const service of access.services) {
          for (const role of service.roles) expect(role.sources.every((s) => s.kind !== 'GROUP')).toBe(true);
        }
        expect(access.suspended.every((s) => s.source.kind !== 'GROUP')).toBe(true);
      }),
    );
  });

  it('always includes every free service of the catalogue while access is open', () => {
    fc.assert(
      fc.property(openInputArb, (input) => {
        const access = effectiveAccess(input);
        for (const service of input.catalogue) {
          if (service.accessLevel === 'FREE') expect(hasService(access, service.serviceId)).toBe(true);
        }
      }),
    );
  });

  it('never adds access when a group gets blocked (monotonicity)', () => {
    fc.assert(
      fc.property(inputArb, fc.nat(), (input, pick) => {
        fc.pre(input.groups.length > 0);
        const index = pick % input.groups.length;
        const blocked = {
          ...input,
          groups: input.groups.map((g, i) => (i === index ? { ...g, blocked: true } : g)),
        };
        expect(isSubset(grantsOf(effectiveAccess(blocked)), grantsOf(effectiveAccess(input)))).toBe(true);
      }),
    );
  });

  it('never removes access when a grant is added, to a group or directly', () => {
    fc.assert(
      fc.property(
        inputArb,
        fc.constantFrom(...ROLE_POOL_WITH_UNKNOWN),
        fc.option(fc.nat(), { nil: null }),
        (input, roleId, pick) => {
          const widened: AccessInput =
            pick === null || input.groups.length === 0
              ? { ...input, directRoleIds: [...input.directRoleIds, roleId] }
              : {
                  ...input,
                  groups: input.groups.map((g, i) =>
                    i === pick % input.groups.length ? { ...g, roleIds: [...g.roleIds, roleId] } : g,
                  ),
                };
          expect(isSubset(grantsOf(effectiveAccess(input)), grantsOf(effectiveAccess(widened)))).toBe(true);
        },
      ),
    );
  });

  it('is deterministic: sorted services, roles and sources', () => {
    fc.assert(
      fc.property(openInputArb, (input) => {
        const { services, suspended } = effectiveAccess(input);
        const ids = services.map((s) => s.serviceId);
        expect(ids).toEqual([...ids].sort(byText));
        for (const service of services) {
          const roleIds = service.roles.map((r) => r.serviceRoleId);
          expect(roleIds).toEqual([...new Set(roleIds)].sort(byText));
          for (const role of service.roles) {
            const keys = role.sources.map(sourceOrder);
            expect(keys).toEqual([...new Set(keys)].sort(byText));
          }
        }
        const suspendedKeys = suspended.map((s) => `${s.serviceRoleId} ${sourceOrder(s.source)}`);
        expect(suspendedKeys).toEqual([...new Set(suspendedKeys)].sort(byText));
      }),
    );
  });
});

describe('effectiveAccess: what issue 5 relies on', () => {
  /** Every grant the member holds through an unblocked group or directly, on a role of the catalogue. */
  function heldGrants(input: AccessInput): string[] {
    const known = new Set(input.catalogue.flatMap((s) => s.roleIds));
    const out: string[] = [];
    for (const group of input.groups) {
      if (group.blocked) continue;
      for (const roleId of group.roleIds) if (known.has(roleId)) out.push(`${roleId} 1:${group.groupId}`);
    }
    for (const roleId of input.directRoleIds) if (known.has(roleId)) out.push(`${roleId} 2`);
    return out;
  }

  it('never silently drops a grant: each one is effective with its source, or listed as suspended', () => {
    fc.assert(
      fc.property(openInputArb, (input) => {
        const access = effectiveAccess(input);
        const effective = new Set(
          access.services.flatMap((s) =>
            s.roles.flatMap((r) => r.sources.map((source) => `${r.serviceRoleId} ${sourceOrder(source)}`)),
          ),
        );
        const suspended = new Set(access.suspended.map((s) => `${s.serviceRoleId} ${sourceOrder(s.source)}`));
        for (const grant of heldGrants(input)) {
          expect(effective.has(grant) !== suspended.has(grant)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('blocking a member in one group removes that group’s sources and leaves every other source as it was', () => {
    fc.assert(
      fc.property(openInputArb, fc.nat(), (input, pick) => {
        fc.pre(input.groups.length > 0);
        const index = pick % input.groups.length;
        const blockedId = input.groups[index]!.groupId;
        const blocked: AccessInput = {
          ...input,
          groups: input.groups.map((g, i) => (i === index ? { ...g, blocked: true } : g)),
        };
        const withoutGroup = (access: EffectiveAccess) =>
          [...grantsOf(access)].filter((key) => !key.endsWith(`/1:${blockedId}`) && key.includes('/'));
        const after = effectiveAccess(blocked);
        expect([...grantsOf(after)].some((key) => key.endsWith(`/1:${blockedId}`))).toBe(false);
        expect(after.suspended.some((s) => sourceOrder(s.source) === `1:${blockedId}`)).toBe(false);
        expect(withoutGroup(after).sort()).toEqual(withoutGroup(effectiveAccess(input)).sort());
      }),
    );
  });

  it('moves exactly the grants of a role to suspended when the operator removes it from the agreement', () => {
    fc.assert(
      fc.property(openInputArb, fc.constantFrom(...ROLE_POOL_WITH_UNKNOWN), (input, roleId) => {
        const before = effectiveAccess(input);
        const after = effectiveAccess({
          ...input,
          agreement: input.agreement.filter((item) => item.serviceRoleId !== roleId),
        });
        const granted = (access: EffectiveAccess) =>
          access.services.flatMap((s) =>
            s.roles
              .filter((r) => r.serviceRoleId === roleId)
              .flatMap((r) => r.sources.filter((x) => x.kind !== 'FREE').map(sourceOrder)),
          );
        const suspendedOf = (access: EffectiveAccess) =>
          access.suspended.filter((s) => s.serviceRoleId === roleId).map((s) => sourceOrder(s.source));
        expect(granted(after)).toEqual([]);
        expect(suspendedOf(after).sort()).toEqual([...granted(before), ...suspendedOf(before)].sort());
        // Grants of every other role are untouched.
        const others = (access: EffectiveAccess) => ({
          services: [...grantsOf(access)].filter((key) => !key.includes(`/${roleId}/`) && key.includes('/')),
          suspended: access.suspended.filter((s) => s.serviceRoleId !== roleId),
        });
        expect(others(after)).toEqual(others(before));
      }),
    );
  });
});
