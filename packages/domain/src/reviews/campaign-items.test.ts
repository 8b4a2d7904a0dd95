import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ADMIN_ROLE_KIND_VALUES,
  buildTopology,
  MEMBER_STATUS_VALUES,
  organisationScope,
  type ScopeRef,
  unitScope,
} from '../model';
import {
  buildReviewItems,
  type CampaignItemsInput,
  groupInCampaignScope,
  reviewersFor,
  unitInCampaignScope,
} from './campaign-items';

const at = new Date('2026-03-01T10:00:00Z');
const org = 'org';
// u1 ⊃ u2, u3 apart; g1 in u1 ⊃ g2 (no unit, inherits u1); g3 at the organisation level
const topology = buildTopology({
  units: [
    { id: 'u1', parentId: null },
    { id: 'u2', parentId: 'u1' },
    { id: 'u3', parentId: null },
  ],
  groups: [
    { id: 'g1', parentId: null, unitId: 'u1' },
    { id: 'g2', parentId: 'g1', unitId: null },
    { id: 'g3', parentId: null, unitId: null },
  ],
});

const base = (scope: ScopeRef, extra: Partial<CampaignItemsInput> = {}): CampaignItemsInput => ({
  scope,
  starterMemberId: 'starter',
  topology,
  at,
  members: [],
  adminRoles: [],
  groupGrants: new Map(),
  ...extra,
});

describe('buildReviewItems', () => {
  it('makes one item per attachment, group membership and direct grant, with the group’s roles as source', () => {
    const items = buildReviewItems(
      base(organisationScope(org), {
        members: [
          {
            memberId: 'm1',
            status: 'ACTIVE',
            unitIds: ['u2'],
            groupIds: ['g2'],
            directServiceRoleIds: ['r9'],
          },
          { memberId: 'm2', status: 'ARCHIVED', unitIds: ['u2'], groupIds: [], directServiceRoleIds: [] },
        ],
        adminRoles: [
          { memberId: 'ref1', kind: 'REFERENT', unitId: 'u1' },
          { memberId: 'mgr', kind: 'GROUP_MANAGER', groupId: 'g1' },
        ],
        groupGrants: new Map([['g2', ['r2', 'r1']]]),
      }),
    );
    expect(items).toEqual([
      { memberId: 'm1', kind: 'ATTACHMENT', subjectId: 'u2', serviceRoleIds: [], reviewerIds: ['ref1'] },
      {
        memberId: 'm1',
        kind: 'GROUP_MEMBERSHIP',
        subjectId: 'g2',
        serviceRoleIds: ['r1', 'r2'],
        reviewerIds: ['mgr'],
      },
      { memberId: 'm1', kind: 'DIRECT_GRANT', subjectId: 'r9', serviceRoleIds: [], reviewerIds: ['starter'] },
    ]);
  });

  it('in a unit campaign keeps the members attached inside it and only their rights inside it', () => {
    const items = buildReviewItems(
      base(unitScope(org, 'u2'), {
        members: [
          {
            memberId: 'in',
            status: 'BLOCKED',
            unitIds: ['u2', 'u3'],
            groupIds: ['g1', 'g3'],
            directServiceRoleIds: [],
          },
          { memberId: 'out', status: 'ACTIVE', unitIds: ['u1'], groupIds: [], directServiceRoleIds: ['r1'] },
        ],
        // a referent above the scope does not review inside it: the starter does
        adminRoles: [{ memberId: 'ref1', kind: 'REFERENT', unitId: 'u1' }],
      }),
    );
    expect(items).toEqual([
      { memberId: 'in', kind: 'ATTACHMENT', subjectId: 'u2', serviceRoleIds: [], reviewerIds: ['starter'] },
    ]);
  });

  it('never lets a member review its own rights unless it started the campaign and nobody else can', () => {
    const items = buildReviewItems(
      base(organisationScope(org), {
        members: [
          { memberId: 'ref1', status: 'ACTIVE', unitIds: ['u1'], groupIds: [], directServiceRoleIds: [] },
          {
            memberId: 'starter',
            status: 'ACTIVE',
            unitIds: ['u3'],
            groupIds: [],
            directServiceRoleIds: ['r1'],
          },
        ],
        adminRoles: [{ memberId: 'ref1', kind: 'REFERENT', unitId: 'u1' }],
      }),
    );
    expect(items.map((item) => [item.memberId, item.reviewerIds])).toEqual([
      ['ref1', ['starter']],
      ['starter', ['starter']],
      ['starter', ['starter']],
    ]);
  });

  it('ignores expired referents and falls back to the organisation’s referents, then the starter', () => {
    const items = buildReviewItems(
      base(organisationScope(org), {
        members: [
          { memberId: 'm', status: 'ACTIVE', unitIds: ['u2', 'u3'], groupIds: [], directServiceRoleIds: [] },
        ],
        adminRoles: [
          { memberId: 'old', kind: 'REFERENT', unitId: 'u2', validUntil: new Date(at.getTime() - 1) },
          { memberId: 'orgRef', kind: 'SUBSTITUTE_REFERENT' },
        ],
      }),
    );
    expect(items.map((item) => item.reviewerIds)).toEqual([['orgRef'], ['orgRef']]);
  });

  const units = ['u1', 'u2', 'u3'];
  const groups = ['g1', 'g2', 'g3'];
  const ids = ['m1', 'm2', 'm3', 'm4', 'starter'];
  const input = fc.record({
    scope: fc.constantFrom<ScopeRef>(organisationScope(org), unitScope(org, 'u1'), unitScope(org, 'u2')),
    members: fc.uniqueArray(
      fc.record({
        memberId: fc.constantFrom(...ids),
        status: fc.constantFrom(...MEMBER_STATUS_VALUES),
        unitIds: fc.uniqueArray(fc.constantFrom(...units)),
        groupIds: fc.uniqueArray(fc.constantFrom(...groups)),
        directServiceRoleIds: fc.uniqueArray(fc.constantFrom('r1', 'r2')),
      }),
      { selector: (member) => member.memberId },
    ),
    adminRoles: fc.array(
      fc.record({
        memberId: fc.constantFrom(...ids),
        kind: fc.constantFrom(...ADMIN_ROLE_KIND_VALUES),
        unitId: fc.option(fc.constantFrom(...units)),
        groupId: fc.option(fc.constantFrom(...groups)),
      }),
      { maxLength: 6 },
    ),
  });

  it('keeps every item inside the scope, unique, with reviewers, never self-reviewed but by the starter', () => {
    fc.assert(
      fc.property(input, (generated) => {
        const items = buildReviewItems(base(generated.scope, generated));
        const keys = items.map((item) => `${item.memberId}|${item.kind}|${item.subjectId}`);
        expect(new Set(keys).size).toBe(keys.length);
        for (const item of items) {
          const member = generated.members.find((m) => m.memberId === item.memberId);
          expect(member?.status).not.toBe('ARCHIVED');
          expect(item.reviewerIds.length).toBeGreaterThan(0);
          if (item.reviewerIds.includes(item.memberId)) expect(item.reviewerIds).toEqual(['starter']);
          if (item.kind === 'ATTACHMENT') {
            expect(member?.unitIds).toContain(item.subjectId);
            expect(unitInCampaignScope(item.subjectId, generated.scope, topology)).toBe(true);
          }
          if (item.kind === 'GROUP_MEMBERSHIP') {
            expect(member?.groupIds).toContain(item.subjectId);
            expect(groupInCampaignScope(item.subjectId, generated.scope, topology)).toBe(true);
          }
        }
        // a unit campaign holds exactly the members attached inside it; each has an attachment item
        for (const member of generated.members) {
          const inScope =
            member.status !== 'ARCHIVED' &&
            (generated.scope.kind === 'ORGANISATION' ||
              member.unitIds.some((unit) => unitInCampaignScope(unit, generated.scope, topology)));
          const own = items.filter((item) => item.memberId === member.memberId);
          if (!inScope) expect(own).toEqual([]);
          else
            expect(own.length).toBe(
              member.unitIds.filter((u) => unitInCampaignScope(u, generated.scope, topology)).length +
                member.groupIds.filter((g) => groupInCampaignScope(g, generated.scope, topology)).length +
                member.directServiceRoleIds.length,
            );
        }
      }),
    );
  });

  it('gives attachments only to referents of the unit or an ancestor inside the scope, or to the starter (its own to a principal admin)', () => {
    fc.assert(
      fc.property(input, (generated) => {
        const items = buildReviewItems(base(generated.scope, generated));
        for (const item of items.filter((i) => i.kind === 'ATTACHMENT')) {
          for (const reviewer of item.reviewerIds) {
            if (reviewer === 'starter') continue;
            const principal = generated.adminRoles.some(
              (role) => role.memberId === reviewer && role.kind === 'PRINCIPAL_ADMIN',
            );
            if (item.memberId === 'starter' && principal) continue;
            const referent = generated.adminRoles.some(
              (role) =>
                role.memberId === reviewer &&
                (role.kind === 'REFERENT' || role.kind === 'SUBSTITUTE_REFERENT') &&
                !role.groupId &&
                (role.unitId == null
                  ? generated.scope.kind === 'ORGANISATION'
                  : unitInCampaignScope(role.unitId, generated.scope, topology) &&
                    (role.unitId === item.subjectId ||
                      topology.unitParent.get(item.subjectId) === role.unitId)),
            );
            expect(referent).toBe(true);
          }
        }
      }),
    );
  });
});

describe('reviewersFor: nobody certifies its own rights', () => {
  it('sends the starter’s own rights to the other principal admins, and only then to the starter', () => {
    expect(reviewersFor([], 'starter', 'starter', ['principal', 'starter'])).toEqual(['principal']);
    expect(reviewersFor([], 'starter', 'starter', ['starter'])).toEqual(['starter']);
    expect(reviewersFor([], 'member', 'starter', ['principal'])).toEqual(['starter']);
    expect(reviewersFor(['member', 'referent'], 'member', 'starter', ['principal'])).toEqual(['referent']);
  });

  it('never names the subject while anyone else could review', () => {
    const id = fc.constantFrom('a', 'b', 'c', 'd');
    fc.assert(
      fc.property(fc.array(id), id, id, fc.array(id), (reviewers, member, starter, escalation) => {
        const result = reviewersFor(reviewers, member, starter, escalation);
        expect(result.length).toBeGreaterThan(0);
        const someoneElse =
          reviewers.some((r) => r !== member) || starter !== member || escalation.some((e) => e !== member);
        if (someoneElse) expect(result).not.toContain(member);
      }),
    );
  });
});
