/**
 * Every action code the API writes into the audit log. The API's `audit()` only accepts these, so a new code
 * must be listed here, and the web client's test then asks for its sentence in every language.
 * Some older codes use an underscore (group.grant_added): stored events keep their code, so it is not renamed.
 */
export const AUDIT_ACTIONS = [
  'admin-role.named',
  'admin-role.removed',
  'agreement.created',
  'agreement.updated',
  'agreement-item.added',
  'agreement-item.removed',
  'delegation.created',
  'delegation.revoked',
  'delegation.started',
  'delegation.ended',
  'group.created',
  'group.updated',
  'group.deleted',
  'group.manager_changed',
  'group.grant_added',
  'group.grant_revoked',
  'group.grants_set',
  'group.members_added',
  'invitation.accepted',
  'invitation.declined',
  'job.retried',
  'member.created',
  'member.create-refused-existing-person',
  'member.attached',
  'member.invited',
  'member.exported',
  'member.blocked',
  'member.unblocked',
  'member.archived',
  'member.restored',
  'member.blocked-in-group',
  'member.unblocked-in-group',
  'member.removed-from-group',
  'member.attached-to-units',
  'member.detached-from-unit',
  'member.removed',
  'member.welcome-email-sent',
  'member.reset-email-sent',
  'member.backup-email-requested',
  'member.backup-email-removed',
  'member.password-change-forced',
  'member.grant_added',
  'member.grant_revoked',
  'organisation.created',
  'organisation.activated',
  'organisation.suspended',
  'organisation.reactivated',
  'organisation.inactivity-threshold-set',
  'person.created',
  'person.signed-in',
  'person.password-changed',
  'person.password-set',
  'person.password-reset',
  'person.password-reset-requested',
  'person.terms-accepted',
  'person.backup-email-requested',
  'person.backup-email-removed',
  'person.backup-email-confirmed',
  'person.sessions-revoked',
  'person.email-verified',
  'person.identifier-issued',
  'person.identity-sealed',
  'request.submitted',
  'request.approved',
  'request.refused',
  'request.cancelled',
  'request.destroyed',
  'review-campaign.started',
  'review-campaign.closed',
  'review-campaign.exported',
  'review-item.decided',
  'service.created',
  'service.updated',
  'service-role.created',
  'unit.created',
  'unit.renamed',
  'unit.moved',
  'unit.deleted',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** The family of an action code: what it acts on (`member.removed-from-group` → `member`). */
export function auditFamily(action: string): string {
  const dot = action.indexOf('.');
  return dot < 0 ? action : action.slice(0, dot);
}

/** The families of the audit log, in the order a filter offers them. */
export const AUDIT_FAMILIES: readonly string[] = [...new Set(AUDIT_ACTIONS.map(auditFamily))];

export function isAuditFamily(value: string): boolean {
  return AUDIT_FAMILIES.includes(value);
}
