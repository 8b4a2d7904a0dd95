import {
  type AdminRoleHolding,
  type AdminRoleRecord,
  holdingOfRole,
  holdingsAt,
  type ScopeRef,
  scopeOfRole,
} from '@tessera/domain';
import type { IAdminRole } from '../admins/admin-role.entity.js';

/**
 * Stored admin roles as the domain reads them. The mapping to a scope (`scopeOfRole`) and the expiry rule
 * (`isHeldAt`: a role whose validUntil equals now is still held) live in packages/domain, once; this file only
 * renames the entity's columns. No SQL in the API filters roles by date: rows are read, the domain decides.
 */
export type StoredRole = Pick<IAdminRole, 'kind' | 'organisation' | 'unit' | 'group' | 'validUntil'>;

export function roleRecord(role: StoredRole): AdminRoleRecord {
  return {
    kind: role.kind,
    organisationId: role.organisation,
    unitId: role.unit ?? null,
    groupId: role.group ?? null,
    validUntil: role.validUntil ?? null,
  };
}

/** Where a stored admin role applies. */
export function roleScope(role: Pick<IAdminRole, 'organisation' | 'unit' | 'group'>): ScopeRef {
  return scopeOfRole({
    organisationId: role.organisation,
    unitId: role.unit ?? null,
    groupId: role.group ?? null,
  });
}

/** A stored admin role as the policy reads it, held or not. */
export function roleHolding(role: StoredRole): AdminRoleHolding {
  return holdingOfRole(roleRecord(role));
}

/** The stored roles held at `at`, as the policy reads them. */
export function heldHoldings(roles: readonly StoredRole[], at: Date): AdminRoleHolding[] {
  return holdingsAt(roles.map(roleRecord), at);
}
