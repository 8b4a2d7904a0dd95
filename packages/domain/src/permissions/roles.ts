import { DomainError } from '../errors';
import type { AdminRoleKind, ScopeKind, ScopeRef } from '../model';
import { ACTIONS, type Action } from './actions';

/**
 * Rank of each admin role, higher names lower. Follows the CSAM chain (Gestionnaire d'Accès Principal >
 * co-GAP > Gestionnaire d'Accès per domain > Gestionnaire de Groupe) and the Vaud chain (référent >
 * référent suppléant > administrateur d'unité organisationnelle).
 */
export const ROLE_RANK: Readonly<Record<AdminRoleKind, number>> = {
  PRINCIPAL_ADMIN: 6,
  CO_ADMIN: 5,
  REFERENT: 4,
  SUBSTITUTE_REFERENT: 3,
  UNIT_ADMIN: 2,
  GROUP_MANAGER: 1,
};

/** The rank of an admin role: PRINCIPAL_ADMIN highest, GROUP_MANAGER lowest. */
export function roleRank(kind: AdminRoleKind): number {
  return ROLE_RANK[kind];
}

const MEMBER_ACTIONS = [
  'member:read',
  'member:create',
  'member:attach',
  'member:block',
  'member:archive',
  'member:remove',
  'member:export',
  'member:help',
] as const satisfies readonly Action[];
const GROUP_ACTIONS = ['group:read', 'group:manage'] as const satisfies readonly Action[];
const REQUEST_ACTIONS = ['request:read', 'request:decide'] as const satisfies readonly Action[];

/**
 * What each admin role may do inside its scope (the scope itself is checked by scopeCovers).
 *
 * - PRINCIPAL_ADMIN: everything; only it activates the organisation (CSAM: the GAP activates the
 *   company account at first login).
 * - CO_ADMIN: everything but activation (CSAM co-GAP helps manage all domains and groups).
 * - REFERENT, SUBSTITUTE_REFERENT: members, groups, grants, requests, audit, reviews, and naming below
 *   their rank (Vaud: attachment under the référent or suppléant; health portal: referents run the
 *   account review and help locked-out professionals). They read the organisation and its units to
 *   place members, but do not reshape units.
 * - UNIT_ADMIN: members, groups, grants, requests and audit of its unit subtree, and naming below
 *   (Vaud: the administrateur d'unité organisationnelle attaches people; CSAM: a GA per domain manages
 *   users). No review campaigns: those belong to referents.
 * - GROUP_MANAGER: its group subtree only: read members, create members into its group, manage
 *   sub-groups and group membership (add, remove, block in group), grants within its group, and name
 *   managers of sub-groups (Caf: the responsable habilitations manages users and their habilitations
 *   within its group and names sub-group managers; CSAM: user management may be entrusted to a
 *   Gestionnaire de Groupe, users are created from the group page).
 */
export const ROLE_PERMISSIONS: Readonly<Record<AdminRoleKind, readonly Action[]>> = {
  PRINCIPAL_ADMIN: ACTIONS,
  CO_ADMIN: ACTIONS.filter((action) => action !== 'organisation:activate'),
  REFERENT: [
    'organisation:read',
    'unit:read',
    ...MEMBER_ACTIONS,
    ...GROUP_ACTIONS,
    'grant:manage',
    'admin:read',
    'admin:name',
    'audit:read',
    ...REQUEST_ACTIONS,
    'review:read',
  ],
  SUBSTITUTE_REFERENT: [
    'organisation:read',
    'unit:read',
    ...MEMBER_ACTIONS,
    ...GROUP_ACTIONS,
    'grant:manage',
    'admin:read',
    'admin:name',
    'audit:read',
    ...REQUEST_ACTIONS,
    'review:read',
  ],
  UNIT_ADMIN: [
    'unit:read',
    ...MEMBER_ACTIONS,
    ...GROUP_ACTIONS,
    'grant:manage',
    'admin:read',
    'admin:name',
    'audit:read',
    ...REQUEST_ACTIONS,
  ],
  GROUP_MANAGER: [
    'member:read',
    'member:create',
    'group:read',
    'group:manage',
    'grant:manage',
    'admin:read',
    'admin:name',
    'request:read',
  ],
};

/** Tells whether an admin role, in its own scope, may perform an action. */
export function rolePermits(kind: AdminRoleKind, action: Action): boolean {
  return ROLE_PERMISSIONS[kind].includes(action);
}

/**
 * Which kinds of scope each role may be held on: principal and co-admin on the whole organisation,
 * referents on the organisation or a unit (an établissement), unit admin on a unit, group manager on a group.
 */
export const ROLE_SCOPE_KINDS: Readonly<Record<AdminRoleKind, readonly ScopeKind[]>> = {
  PRINCIPAL_ADMIN: ['ORGANISATION'],
  CO_ADMIN: ['ORGANISATION'],
  REFERENT: ['ORGANISATION', 'UNIT'],
  SUBSTITUTE_REFERENT: ['ORGANISATION', 'UNIT'],
  UNIT_ADMIN: ['UNIT'],
  GROUP_MANAGER: ['GROUP'],
};

/** Tells whether an admin role can be held on that kind of scope. */
export function isValidRoleScope(kind: AdminRoleKind, scope: ScopeRef): boolean {
  return ROLE_SCOPE_KINDS[kind].includes(scope.kind);
}

/** Throws INVALID_INPUT (field 'scope') when an admin role cannot be held on that kind of scope. */
export function assertValidRoleScope(kind: AdminRoleKind, scope: ScopeRef): void {
  if (!isValidRoleScope(kind, scope)) {
    throw new DomainError(
      'INVALID_INPUT',
      `A ${kind} role is held on ${ROLE_SCOPE_KINDS[kind].join(' or ')}, not on ${scope.kind}.`,
      'scope',
    );
  }
}
