import { DomainError } from '../errors';
import type { Actor, AdminRoleHolding, OrgTopology } from '../model';
import { canActOnAdmin } from '../permissions/admin-level';

/** What rule 7 needs to know of a person: who created its account and every organisation it belongs to. */
export interface IdentityHolder {
  personId: string;
  isOperatorAdmin: boolean;
  /** the organisation whose administrator created the account; null when the person or the operator did */
  createdByOrganisationId: string | null;
  /** every organisation the person is a member of, whatever the membership's status */
  memberOrganisationIds: readonly string[];
}

/**
 * The organisation that alone owns a person's identity (rule 7): the one that created the account, when the
 * person is a member of that organisation and of no other, and holds no operator role. Null otherwise: then only
 * the person changes its e-mail, backup e-mail, password, national number and personal identifier.
 */
export function identityOwner(holder: IdentityHolder): string | null {
  if (holder.isOperatorAdmin || holder.createdByOrganisationId === null) return null;
  const organisations = new Set(holder.memberOrganisationIds);
  if (organisations.size !== 1 || !organisations.has(holder.createdByOrganisationId)) return null;
  return holder.createdByOrganisationId;
}

/**
 * Tells whether an actor may act on a person's identity (set its backup e-mail, send it a welcome or reset link,
 * force a password change). The person itself always may; an operator administrator may for anyone but another
 * operator administrator; an organisation's administrator only for a person its organisation owns
 * (`identityOwner`) and who stands below its level (`canActOnAdmin`, with the person's admin roles there).
 * Whether the actor holds `member:help` over the member is checked with the policy beforehand.
 */
export function canAdministerIdentity(
  actor: Actor,
  holder: IdentityHolder,
  holderAdminRoles: readonly AdminRoleHolding[],
  topology: OrgTopology,
  at: Date,
): boolean {
  if (actor.personId === holder.personId) return true;
  if (holder.isOperatorAdmin) return false;
  if (actor.kind === 'operator') return true;
  if (identityOwner(holder) !== actor.organisationId) return false;
  return canActOnAdmin(actor, holderAdminRoles, topology, at);
}

/** Same as canAdministerIdentity, but throws IDENTITY_NOT_OWNED, saying that the person must do it. */
export function assertCanAdministerIdentity(
  actor: Actor,
  holder: IdentityHolder,
  holderAdminRoles: readonly AdminRoleHolding[],
  topology: OrgTopology,
  at: Date,
): void {
  if (!canAdministerIdentity(actor, holder, holderAdminRoles, topology, at)) {
    throw new DomainError(
      'IDENTITY_NOT_OWNED',
      'This person’s account is not managed by your organisation alone (or the person is above your level): only the person can change it, from its own account.',
    );
  }
}
