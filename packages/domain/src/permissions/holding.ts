import type { AdminRoleHolding, AdminRoleKind, ScopeRef } from '../model';

/**
 * The one expiry rule of admin roles (time-limited delegations): a role is held at `at` while it has no end or
 * its end is not before `at`. A delegation ending at 17:00 still counts at 17:00 exactly, and no longer a
 * millisecond later. Every place that keeps or drops roles by date (the actor of a request, the actor re-read
 * under the organisation lock, the remaining principals of rule 6, the browser) uses this.
 */
export function isHeldAt(validUntil: Date | null | undefined, at: Date): boolean {
  return validUntil == null || validUntil.getTime() >= at.getTime();
}

/** An admin role as it is stored: its kind, its organisation, at most one unit or group, an optional end. */
export type AdminRoleRecord = {
  kind: AdminRoleKind;
  organisationId: string;
  unitId?: string | null;
  groupId?: string | null;
  validUntil?: Date | null;
};

/**
 * The one mapping from a stored admin role to the scope it applies to: a group when it names one, else a unit
 * when it names one, else the whole organisation.
 */
export function scopeOfRole(
  role: Pick<AdminRoleRecord, 'organisationId' | 'unitId' | 'groupId'> & Partial<AdminRoleRecord>,
): ScopeRef {
  if (role.groupId) return { kind: 'GROUP', organisationId: role.organisationId, groupId: role.groupId };
  if (role.unitId) return { kind: 'UNIT', organisationId: role.organisationId, unitId: role.unitId };
  return { kind: 'ORGANISATION', organisationId: role.organisationId };
}

/** A stored admin role as the policy reads it. */
export function holdingOfRole(role: AdminRoleRecord): AdminRoleHolding {
  return { kind: role.kind, scope: scopeOfRole(role), validUntil: role.validUntil ?? null };
}

/** The roles held at `at`, as the policy reads them. */
export function holdingsAt(roles: readonly AdminRoleRecord[], at: Date): AdminRoleHolding[] {
  return roles.filter((role) => isHeldAt(role.validUntil, at)).map(holdingOfRole);
}
