import type { ScopeRef } from '../model.js';

/**
 * The scopes that hold a member, any of which may cover it for an admin: its organisation, each unit it is
 * attached to, each group it belongs to.
 */
export function scopesHoldingMember(member: {
  organisationId: string;
  unitIds: readonly string[];
  groupIds: readonly string[];
}): ScopeRef[] {
  const { organisationId } = member;
  return [
    { kind: 'ORGANISATION', organisationId },
    ...[...new Set(member.unitIds)].map((unitId): ScopeRef => ({ kind: 'UNIT', organisationId, unitId })),
    ...[...new Set(member.groupIds)].map((groupId): ScopeRef => ({ kind: 'GROUP', organisationId, groupId })),
  ];
}
