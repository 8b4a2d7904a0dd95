import { DomainError } from '../errors';

/** One service role of an agreement, valid from `validFrom` (inclusive) through the day of `validUntil`. */
export type AgreementItem = { serviceRoleId: string; validFrom: Date | null; validUntil: Date | null };

const DAY_MS = 86_400_000;

/** The first instant after an agreement item ends: the UTC midnight following the day of `validUntil`. */
export function agreementItemEnd(validUntil: Date): Date {
  return new Date(Math.floor(validUntil.getTime() / DAY_MS) * DAY_MS + DAY_MS);
}

/**
 * Tells whether an agreement item is in force at `at`. `validFrom` is inclusive; `validUntil` is the last
 * day of validity (conventions are dated by day), so the item holds until the end of that UTC day whatever
 * time of day `validUntil` carries. Null bounds are open.
 */
export function agreementItemInForce(item: AgreementItem, at: Date): boolean {
  if (item.validFrom !== null && at.getTime() < item.validFrom.getTime()) return false;
  if (item.validUntil !== null && at.getTime() >= agreementItemEnd(item.validUntil).getTime()) return false;
  return true;
}

/** Tells whether the agreement lets the organisation hand out a service role at `at`. */
export function agreementAllows(items: readonly AgreementItem[], serviceRoleId: string, at: Date): boolean {
  return items.some((item) => item.serviceRoleId === serviceRoleId && agreementItemInForce(item, at));
}

/** The outcome of checking a grant against rule 1. */
export type GrantCheck = { ok: true } | { ok: false; code: 'OUTSIDE_AGREEMENT' | 'OUTSIDE_PARENT_GROUP' };

/** What a grant is checked against: the agreement and, for a sub-group, its parent group's role ids. */
export type GrantCheckInput = {
  serviceRoleId: string;
  agreement: readonly AgreementItem[];
  /** The parent group's service role ids; null for a top-level group or a direct grant to a member. */
  parentGroupRoleIds: readonly string[] | ReadonlySet<string> | null;
  at: Date;
};

/** Checks rule 1 for a grant: within the current agreement and, for a sub-group, within its parent group's grants. */
export function checkGrant(input: GrantCheckInput): GrantCheck {
  if (!agreementAllows(input.agreement, input.serviceRoleId, input.at))
    return { ok: false, code: 'OUTSIDE_AGREEMENT' };
  if (input.parentGroupRoleIds !== null && !new Set(input.parentGroupRoleIds).has(input.serviceRoleId)) {
    return { ok: false, code: 'OUTSIDE_PARENT_GROUP' };
  }
  return { ok: true };
}

/** Same as checkGrant, but throws OUTSIDE_AGREEMENT or OUTSIDE_PARENT_GROUP (field 'serviceRoleId'). */
export function assertGrantAllowed(input: GrantCheckInput): void {
  const check = checkGrant(input);
  if (check.ok) return;
  throw new DomainError(
    check.code,
    check.code === 'OUTSIDE_AGREEMENT'
      ? 'This service role is not in the organisation’s current agreement.'
      : 'A sub-group can only receive service roles its parent group holds.',
    'serviceRoleId',
  );
}

/** The service role ids that can be granted now: in force in the agreement and, for a sub-group, held by its parent. */
export function grantableRoleIds(input: Omit<GrantCheckInput, 'serviceRoleId'>): Set<string> {
  const parent = input.parentGroupRoleIds === null ? null : new Set(input.parentGroupRoleIds);
  const result = new Set<string>();
  for (const item of input.agreement) {
    if (!agreementItemInForce(item, input.at)) continue;
    if (parent !== null && !parent.has(item.serviceRoleId)) continue;
    result.add(item.serviceRoleId);
  }
  return result;
}
