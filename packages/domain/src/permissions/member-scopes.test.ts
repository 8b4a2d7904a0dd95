import { describe, expect, it } from 'vitest';
import { type Actor, buildTopology } from '../model.js';
import { scopesHoldingMember } from './member-scopes.js';
import { canOnAny } from './policy.js';

const at = new Date('2026-06-01T00:00:00Z');
const topology = buildTopology({
  units: [
    { id: 'u-root', parentId: null },
    { id: 'u-pop', parentId: 'u-root' },
    { id: 'u-fin', parentId: 'u-root' },
  ],
  groups: [{ id: 'g-acc', parentId: null, unitId: 'u-fin' }],
});
const unitAdmin: Actor = {
  kind: 'member',
  personId: 'p',
  memberId: 'm',
  organisationId: 'org',
  holdings: [{ kind: 'UNIT_ADMIN', scope: { kind: 'UNIT', organisationId: 'org', unitId: 'u-pop' } }],
};

describe('scopesHoldingMember', () => {
  it('lists the organisation, then each unit and group once', () => {
    expect(
      scopesHoldingMember({ organisationId: 'org', unitIds: ['u-pop', 'u-pop'], groupIds: ['g-acc'] }),
    ).toEqual([
      { kind: 'ORGANISATION', organisationId: 'org' },
      { kind: 'UNIT', organisationId: 'org', unitId: 'u-pop' },
      { kind: 'GROUP', organisationId: 'org', groupId: 'g-acc' },
    ]);
  });
});

describe('canOnAny', () => {
  it('allows a unit admin on a member attached to its unit, whatever else holds the member', () => {
    const scopes = scopesHoldingMember({ organisationId: 'org', unitIds: ['u-fin', 'u-pop'], groupIds: [] });
    expect(canOnAny(unitAdmin, 'member:block', scopes, topology, at)).toBe(true);
  });

  it('refuses a unit admin on a member held only outside its unit', () => {
    const scopes = scopesHoldingMember({ organisationId: 'org', unitIds: ['u-fin'], groupIds: ['g-acc'] });
    expect(canOnAny(unitAdmin, 'member:read', scopes, topology, at)).toBe(false);
  });

  it('refuses on no scope at all', () => {
    expect(canOnAny({ kind: 'operator', personId: 'op' }, 'member:read', [], topology, at)).toBe(false);
  });
});
