import type { TFunction } from 'i18next';

/** What the web reads of a finding to say it in a sentence. */
export interface FindingView {
  kind:
    | 'NO_PRINCIPAL_ADMIN'
    | 'FEWER_THAN_TWO_REFERENTS'
    | 'INACTIVE_ACCOUNT'
    | 'ATTACHED_NOWHERE'
    | 'ROLE_HELD_BY_INACTIVE_MEMBER'
    | 'DELEGATION_EXPIRED'
    | 'GRANT_SUSPENDED';
  referentCount?: number | null;
  organisationWide?: boolean;
  unit?: { name: string } | null;
  member?: {
    status: 'ACTIVE' | 'BLOCKED' | 'ARCHIVED';
    person: { firstName: string; lastName: string };
  } | null;
  adminRole?: { kind: string } | null;
  group?: { name: string } | null;
}

/** One finding as a sentence, in the viewer's language. */
export function describeFinding(t: TFunction, finding: FindingView, inactiveAfterDays: number): string {
  const name = finding.member
    ? `${finding.member.person.firstName} ${finding.member.person.lastName}`
    : t('continuity.finding.someone');
  const role = finding.adminRole
    ? t(`adminRoleKind.${finding.adminRole.kind}` as 'adminRoleKind.REFERENT')
    : '';
  switch (finding.kind) {
    case 'NO_PRINCIPAL_ADMIN':
      return t('continuity.finding.NO_PRINCIPAL_ADMIN');
    case 'FEWER_THAN_TWO_REFERENTS':
      return finding.unit
        ? t('continuity.finding.referentsUnit', {
            name: finding.unit.name,
            count: finding.referentCount ?? 0,
          })
        : t('continuity.finding.referentsOrganisation', { count: finding.referentCount ?? 0 });
    case 'INACTIVE_ACCOUNT':
      return t('continuity.finding.INACTIVE_ACCOUNT', { name, days: inactiveAfterDays });
    case 'ATTACHED_NOWHERE':
      return t('continuity.finding.ATTACHED_NOWHERE', { name });
    case 'ROLE_HELD_BY_INACTIVE_MEMBER':
      return t('continuity.finding.ROLE_HELD_BY_INACTIVE_MEMBER', {
        name,
        role,
        status: finding.member ? t(`access.memberStatus.${finding.member.status}`) : '',
      });
    case 'DELEGATION_EXPIRED':
      return t('continuity.finding.DELEGATION_EXPIRED', { name, role });
    case 'GRANT_SUSPENDED':
      return finding.group
        ? t('continuity.finding.grantSuspendedGroup', { name: finding.group.name })
        : t('continuity.finding.grantSuspendedMember', { name });
  }
}

/** The warning sentence for a finding a removal would create. */
export function describeRemovalFinding(t: TFunction, finding: FindingView): string {
  if (finding.kind === 'NO_PRINCIPAL_ADMIN') return t('continuity.removal.warningPrincipal');
  return finding.unit
    ? t('continuity.removal.warningUnit', { name: finding.unit.name, count: finding.referentCount ?? 0 })
    : t('continuity.removal.warningOrganisation', { count: finding.referentCount ?? 0 });
}
