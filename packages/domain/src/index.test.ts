import { describe, expect, it } from 'vitest';
import * as domain from './index';

describe('@tessera/domain entry point', () => {
  it('exports the names the API and the web client code against', () => {
    const names = [
      'DomainError',
      'ACTIONS',
      'ROLE_RANK',
      'roleRank',
      'ROLE_PERMISSIONS',
      'scopeCovers',
      'activeHoldings',
      'can',
      'assertCan',
      'canName',
      'canRemoveAdminRole',
      'assertNotLastPrincipal',
      'agreementAllows',
      'checkGrant',
      'grantableRoleIds',
      'effectiveAccess',
      'nextState',
      'isFinished',
      'requestDecisionAction',
      'retentionCutoff',
      'isDueForDestruction',
      'checkPassword',
      'isValidNationalNumber',
      'normaliseNationalNumber',
      'isNominativeEmail',
      'emailSchema',
      'generatePersonalIdentifier',
      'normalisePersonalIdentifier',
      'isValidRegistryNumber',
      'normaliseRegistryNumber',
      'continuityFindings',
      'findingsCreatedByRemoving',
      'visibleFindings',
      'ORGANISATION_STATUS_VALUES',
      'MEMBER_STATUS_VALUES',
      'ACCESS_LEVEL_VALUES',
      'REGISTRY_KIND_VALUES',
      'ADMIN_ROLE_KIND_VALUES',
      'MOBILITY_VALUES',
      'REQUEST_TYPE_VALUES',
      'REQUEST_STATE_VALUES',
    ];
    const missing = names.filter((name) => !(name in domain));
    expect(missing).toEqual([]);
  });

  it('works end to end: a referent may attach in its unit, and the new member sees free services only', () => {
    const topology = domain.buildTopology({ units: [{ id: 'u1', parentId: null }], groups: [] });
    const actor: domain.Actor = {
      kind: 'member',
      personId: 'p1',
      memberId: 'm1',
      organisationId: 'o1',
      holdings: [{ kind: 'REFERENT', scope: domain.unitScope('o1', 'u1') }],
    };
    const at = new Date('2025-06-15Z');
    expect(domain.can(actor, 'member:attach', domain.unitScope('o1', 'u1'), topology, at)).toBe(true);
    const access = domain.effectiveAccess({
      at,
      organisationStatus: 'ACTIVE',
      memberStatus: 'ACTIVE',
      catalogue: [
        { serviceId: 'free', accessLevel: 'FREE', roleIds: [] },
        { serviceId: 'protected', accessLevel: 'PROTECTED', roleIds: ['p.use'] },
      ],
      agreement: [{ serviceRoleId: 'p.use', validFrom: null, validUntil: null }],
      groups: [],
      directRoleIds: [],
    });
    expect(access.services.map((s) => s.serviceId)).toEqual(['free']);
  });
});
