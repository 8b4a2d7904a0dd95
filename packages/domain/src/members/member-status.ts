import { DomainError } from '../errors';
import type { MemberStatus } from '../model';

export const MEMBER_STATUS_EVENT_VALUES = ['BLOCK', 'UNBLOCK', 'ARCHIVE', 'RESTORE'] as const;
export type MemberStatusEvent = (typeof MEMBER_STATUS_EVENT_VALUES)[number];

/**
 * The legal moves of a member's status: an active member is blocked for all groups (CSAM) and unblocked
 * later; an active or blocked member is archived when it no longer uses the services (health portal) and
 * restored as active.
 */
export const MEMBER_STATUS_TRANSITIONS: Readonly<
  Record<MemberStatus, Readonly<Partial<Record<MemberStatusEvent, MemberStatus>>>>
> = {
  ACTIVE: { BLOCK: 'BLOCKED', ARCHIVE: 'ARCHIVED' },
  BLOCKED: { UNBLOCK: 'ACTIVE', ARCHIVE: 'ARCHIVED' },
  ARCHIVED: { RESTORE: 'ACTIVE' },
};

/** The status a member reaches on an event; throws INVALID_TRANSITION (field 'status') for an illegal move. */
export function nextMemberStatus(status: MemberStatus, event: MemberStatusEvent): MemberStatus {
  const next = MEMBER_STATUS_TRANSITIONS[status][event];
  if (next === undefined) {
    throw new DomainError(
      'INVALID_TRANSITION',
      `A member that is ${status.toLowerCase()} cannot receive ${event}.`,
      'status',
    );
  }
  return next;
}

/** The events a member in that status accepts, in MEMBER_STATUS_EVENT_VALUES order. */
export function availableMemberStatusEvents(status: MemberStatus): MemberStatusEvent[] {
  return MEMBER_STATUS_EVENT_VALUES.filter((event) => MEMBER_STATUS_TRANSITIONS[status][event] !== undefined);
}
