export const ORGANISATION_STATUS_VALUES = ['PENDING_ACTIVATION', 'ACTIVE', 'SUSPENDED'] as const;
export type OrganisationStatus = (typeof ORGANISATION_STATUS_VALUES)[number];

export const MEMBER_STATUS_VALUES = ['ACTIVE', 'BLOCKED', 'ARCHIVED'] as const;
export type MemberStatus = (typeof MEMBER_STATUS_VALUES)[number];

export const ACCESS_LEVEL_VALUES = ['FREE', 'PROTECTED'] as const;
export type AccessLevel = (typeof ACCESS_LEVEL_VALUES)[number];

export const REGISTRY_KIND_VALUES = ['SIREN', 'ENTERPRISE_NUMBER', 'IDE', 'FINESS'] as const;
export type RegistryKind = (typeof REGISTRY_KIND_VALUES)[number];

/** Highest first: the order is the naming order (see ROLE_RANK). */
export const ADMIN_ROLE_KIND_VALUES = [
  'PRINCIPAL_ADMIN',
  'CO_ADMIN',
  'REFERENT',
  'SUBSTITUTE_REFERENT',
  'UNIT_ADMIN',
  'GROUP_MANAGER',
] as const;
export type AdminRoleKind = (typeof ADMIN_ROLE_KIND_VALUES)[number];

export const MOBILITY_VALUES = ['MOBILE', 'DESK'] as const;
export type Mobility = (typeof MOBILITY_VALUES)[number];

export const REQUEST_TYPE_VALUES = [
  'ATTACHMENT',
  'ACCOUNT_CREATION',
  'SERVICE_ACCESS',
  'ROLE_CHANGE',
] as const;
export type RequestType = (typeof REQUEST_TYPE_VALUES)[number];

export const REQUEST_STATE_VALUES = ['SUBMITTED', 'APPROVED', 'REFUSED', 'CANCELLED', 'CLOSED'] as const;
export type RequestState = (typeof REQUEST_STATE_VALUES)[number];

export const SCOPE_KIND_VALUES = ['ORGANISATION', 'UNIT', 'GROUP'] as const;
export type ScopeKind = (typeof SCOPE_KIND_VALUES)[number];

/** Where an admin role applies, or what an action is aimed at: a whole organisation, a unit subtree, a group subtree. */
export type ScopeRef =
  | { kind: 'ORGANISATION'; organisationId: string }
  | { kind: 'UNIT'; organisationId: string; unitId: string }
  | { kind: 'GROUP'; organisationId: string; groupId: string };

/** One admin role held by a member; `validUntil` set means a time-limited delegation. */
export type AdminRoleHolding = { kind: AdminRoleKind; scope: ScopeRef; validUntil?: Date | null };

/**
 * The shape of one organisation: unit id -> parent unit id, group id -> parent group id,
 * group id -> the unit the group sits in (null when it sits at the organisation level).
 */
export type OrgTopology = {
  unitParent: ReadonlyMap<string, string | null>;
  groupParent: ReadonlyMap<string, string | null>;
  groupUnit: ReadonlyMap<string, string | null>;
};

/** Who is acting: an operator administrator, or a member acting for an organisation with its admin roles. */
export type Actor =
  | { kind: 'operator'; personId: string }
  | {
      kind: 'member';
      personId: string;
      memberId: string;
      organisationId: string;
      holdings: readonly AdminRoleHolding[];
    };

/** Builds the scope of a whole organisation. */
export function organisationScope(organisationId: string): ScopeRef {
  return { kind: 'ORGANISATION', organisationId };
}

/** Builds the scope of a unit subtree. */
export function unitScope(organisationId: string, unitId: string): ScopeRef {
  return { kind: 'UNIT', organisationId, unitId };
}

/** Builds the scope of a group subtree. */
export function groupScope(organisationId: string, groupId: string): ScopeRef {
  return { kind: 'GROUP', organisationId, groupId };
}

/** A stable string for a scope, for map keys, cache keys and unique constraints. */
export function scopeKey(scope: ScopeRef): string {
  switch (scope.kind) {
    case 'ORGANISATION':
      return `ORGANISATION:${scope.organisationId}`;
    case 'UNIT':
      return `UNIT:${scope.organisationId}:${scope.unitId}`;
    case 'GROUP':
      return `GROUP:${scope.organisationId}:${scope.groupId}`;
  }
}

/** Tells whether two scopes designate the same organisation, unit or group. */
export function sameScope(a: ScopeRef, b: ScopeRef): boolean {
  return scopeKey(a) === scopeKey(b);
}

/** Builds an OrgTopology from plain rows, as the API loads them. */
export function buildTopology(input: {
  units: readonly { id: string; parentId: string | null }[];
  groups: readonly { id: string; parentId: string | null; unitId: string | null }[];
}): OrgTopology {
  return {
    unitParent: new Map(input.units.map((unit) => [unit.id, unit.parentId])),
    groupParent: new Map(input.groups.map((group) => [group.id, group.parentId])),
    groupUnit: new Map(input.groups.map((group) => [group.id, group.unitId])),
  };
}

/** A topology with no units and no groups. */
export const EMPTY_TOPOLOGY: OrgTopology = {
  unitParent: new Map(),
  groupParent: new Map(),
  groupUnit: new Map(),
};
