import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors';
import {
  type Actor,
  ADMIN_ROLE_KIND_VALUES,
  type AdminRoleKind,
  buildTopology,
  groupScope,
  organisationScope,
  type ScopeRef,
  unitScope,
} from '../model';
import { can } from '../permissions/policy';
import {
  assertValidCampaignSettings,
  canStartReviewCampaign,
  nextRecurrenceDueAt,
  REVIEW_MAX_DAYS,
  reminderAt,
} from './campaign';

const at = new Date('2026-03-01T10:00:00Z');
const DAY = 86_400_000;
const org = 'org-a';
// u1 ⊃ u2 ⊃ u3, u4 apart; g1 in u2
const topology = buildTopology({
  units: [
    { id: 'u1', parentId: null },
    { id: 'u2', parentId: 'u1' },
    { id: 'u3', parentId: 'u2' },
    { id: 'u4', parentId: null },
  ],
  groups: [{ id: 'g1', parentId: null, unitId: 'u2' }],
});
const member = (kind: AdminRoleKind, scope: ScopeRef, validUntil: Date | null = null): Actor => ({
  kind: 'member',
  personId: 'p',
  memberId: 'm',
  organisationId: org,
  holdings: [{ kind, scope, validUntil }],
});

describe('canStartReviewCampaign', () => {
  it('lets principal and co-admins and organisation referents review the organisation', () => {
    for (const kind of ['PRINCIPAL_ADMIN', 'CO_ADMIN', 'REFERENT', 'SUBSTITUTE_REFERENT'] as const)
      expect(
        canStartReviewCampaign(member(kind, organisationScope(org)), organisationScope(org), topology, at),
      ).toBe(true);
  });

  it('lets a unit referent review its unit subtree, never a parent, a sibling or the organisation', () => {
    const referent = member('REFERENT', unitScope(org, 'u2'));
    expect(canStartReviewCampaign(referent, unitScope(org, 'u2'), topology, at)).toBe(true);
    expect(canStartReviewCampaign(referent, unitScope(org, 'u3'), topology, at)).toBe(true);
    expect(canStartReviewCampaign(referent, unitScope(org, 'u1'), topology, at)).toBe(false);
    expect(canStartReviewCampaign(referent, unitScope(org, 'u4'), topology, at)).toBe(false);
    expect(canStartReviewCampaign(referent, organisationScope(org), topology, at)).toBe(false);
  });

  it('refuses unit admins, group managers, group scopes, expired delegations, operators and other organisations', () => {
    expect(
      canStartReviewCampaign(member('UNIT_ADMIN', unitScope(org, 'u2')), unitScope(org, 'u2'), topology, at),
    ).toBe(false);
    expect(
      canStartReviewCampaign(
        member('GROUP_MANAGER', groupScope(org, 'g1')),
        groupScope(org, 'g1'),
        topology,
        at,
      ),
    ).toBe(false);
    expect(
      canStartReviewCampaign(
        member('PRINCIPAL_ADMIN', organisationScope(org)),
        groupScope(org, 'g1'),
        topology,
        at,
      ),
    ).toBe(false);
    expect(
      canStartReviewCampaign(
        member('REFERENT', unitScope(org, 'u2'), new Date(at.getTime() - 1)),
        unitScope(org, 'u2'),
        topology,
        at,
      ),
    ).toBe(false);
    expect(
      canStartReviewCampaign({ kind: 'operator', personId: 'op' }, organisationScope(org), topology, at),
    ).toBe(false);
    expect(
      canStartReviewCampaign(
        member('PRINCIPAL_ADMIN', organisationScope(org)),
        organisationScope('org-b'),
        topology,
        at,
      ),
    ).toBe(false);
  });

  it('never reaches beyond the starter’s own scope (rule 1), whatever its roles', () => {
    const scopes: ScopeRef[] = [
      organisationScope(org),
      ...['u1', 'u2', 'u3', 'u4'].map((u) => unitScope(org, u)),
      groupScope(org, 'g1'),
    ];
    const holding = fc.record({
      kind: fc.constantFrom(...ADMIN_ROLE_KIND_VALUES),
      scope: fc.constantFrom(...scopes),
      validUntil: fc.option(fc.integer({ min: -3, max: 3 }).map((d) => new Date(at.getTime() + d * DAY))),
    });
    fc.assert(
      fc.property(fc.array(holding, { maxLength: 4 }), fc.constantFrom(...scopes), (holdings, target) => {
        const actor: Actor = { kind: 'member', personId: 'p', memberId: 'm', organisationId: org, holdings };
        if (!canStartReviewCampaign(actor, target, topology, at)) return;
        expect(target.kind).not.toBe('GROUP');
        expect(can(actor, 'review:read', target, topology, at)).toBe(true);
        // every unit inside the campaign is inside the starter's review scope
        for (const unit of ['u1', 'u2', 'u3', 'u4']) {
          const inside =
            target.kind === 'ORGANISATION' ||
            (target.kind === 'UNIT' && [...ancestors(unit)].includes(target.unitId));
          if (inside) expect(can(actor, 'review:read', unitScope(org, unit), topology, at)).toBe(true);
        }
      }),
    );
  });
});

function* ancestors(unit: string): Generator<string> {
  let current: string | null | undefined = unit;
  while (current) {
    yield current;
    current = topology.unitParent.get(current);
  }
}

describe('assertValidCampaignSettings', () => {
  const ok =
    (days: number, name = 'Revue 2026') =>
    () =>
      assertValidCampaignSettings({ name, dueAt: new Date(at.getTime() + days * DAY), now: at });
  const field = (check: () => void) => {
    try {
      check();
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      return (error as DomainError).field;
    }
    return null;
  };

  it('accepts a due date between one day and a year ahead', () => {
    expect(ok(1)).not.toThrow();
    expect(ok(REVIEW_MAX_DAYS)).not.toThrow();
  });

  it('refuses a past, too near or too far due date, and an empty or long name, naming the field', () => {
    expect(field(ok(-1))).toBe('dueAt');
    expect(field(ok(0.5))).toBe('dueAt');
    expect(field(ok(REVIEW_MAX_DAYS + 1))).toBe('dueAt');
    expect(field(ok(10, '   '))).toBe('name');
    expect(field(ok(10, 'x'.repeat(121)))).toBe('name');
  });

  it('accepts exactly the due dates inside the bounds', () => {
    fc.assert(
      fc.property(fc.integer({ min: -10 * DAY, max: 400 * DAY }), (offset) => {
        const dueAt = new Date(at.getTime() + offset);
        const inside = offset >= DAY && offset <= REVIEW_MAX_DAYS * DAY;
        expect(field(() => assertValidCampaignSettings({ name: 'R', dueAt, now: at })) === null).toBe(inside);
      }),
    );
  });
});

describe('recurrence and reminders', () => {
  it('recurs a year later and reminds three days before the due date', () => {
    expect(nextRecurrenceDueAt(new Date('2026-06-30T17:00:00Z')).toISOString()).toBe(
      '2027-06-30T17:00:00.000Z',
    );
    expect(nextRecurrenceDueAt(new Date('2028-02-29T12:00:00Z')).toISOString()).toBe(
      '2029-03-01T12:00:00.000Z',
    );
    expect(reminderAt(new Date('2026-06-30T17:00:00Z')).toISOString()).toBe('2026-06-27T17:00:00.000Z');
  });
});
