import type { MemberStatus, ScopeRef } from '../model';

export const FINDING_KIND_VALUES = [
  'NO_PRINCIPAL_ADMIN',
  'FEWER_THAN_TWO_REFERENTS',
  'INACTIVE_ACCOUNT',
  'ATTACHED_NOWHERE',
] as const;
export type FindingKind = (typeof FINDING_KIND_VALUES)[number];

/** One standing problem a review flags: about the organisation, one referent scope, or one member. */
export type Finding = { kind: FindingKind; scope?: ScopeRef; memberId?: string };

/** What the standing checks look at, for one organisation at one instant. */
export type ContinuityInput = {
  at: Date;
  principalAdminCount: number;
  /** Each organisation or unit (établissement) that needs referents; count referents and substitute referents. */
  referentsByScope: { scope: ScopeRef; referentCount: number }[];
  members: {
    memberId: string;
    status: MemberStatus;
    lastSignInAt: Date | null;
    unitCount: number;
    /** When the member was created; lets a newcomer who has not signed in yet count from then. */
    createdAt?: Date | null;
  }[];
  inactiveAfterDays: number;
};

const DAY_MS = 86_400_000;

/**
 * The standing checks of rule 6 and the health-portal review: no principal admin; fewer than two referents
 * in a scope; a member (not archived) who has not signed in for `inactiveAfterDays` days (counted from its
 * creation when it never signed in, and flagged when neither date is known); a member (not archived)
 * attached to no unit. Archived members are never flagged. Findings come in that order, members in input order.
 */
export function continuityFindings(input: ContinuityInput): Finding[] {
  const findings: Finding[] = [];
  if (input.principalAdminCount < 1) findings.push({ kind: 'NO_PRINCIPAL_ADMIN' });
  for (const { scope, referentCount } of input.referentsByScope) {
    if (referentCount < 2) findings.push({ kind: 'FEWER_THAN_TWO_REFERENTS', scope });
  }
  const inactiveBefore = input.at.getTime() - input.inactiveAfterDays * DAY_MS;
  const members = input.members.filter((member) => member.status !== 'ARCHIVED');
  for (const member of members) {
    const lastSeen = member.lastSignInAt ?? member.createdAt ?? null;
    if (lastSeen === null || lastSeen.getTime() < inactiveBefore) {
      findings.push({ kind: 'INACTIVE_ACCOUNT', memberId: member.memberId });
    }
  }
  for (const member of members) {
    if (member.unitCount < 1) findings.push({ kind: 'ATTACHED_NOWHERE', memberId: member.memberId });
  }
  return findings;
}
