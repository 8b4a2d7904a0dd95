import { describe, expect, it } from 'vitest';
import { isDomainError } from '../errors';
import { MEMBER_STATUS_VALUES } from '../model';
import { availableMemberStatusEvents, MEMBER_STATUS_EVENT_VALUES, nextMemberStatus } from './member-status';

describe('nextMemberStatus', () => {
  it('blocks and unblocks an active member for all groups', () => {
    expect(nextMemberStatus('ACTIVE', 'BLOCK')).toBe('BLOCKED');
    expect(nextMemberStatus('BLOCKED', 'UNBLOCK')).toBe('ACTIVE');
  });

  it('archives an active or blocked member and restores it as active', () => {
    expect(nextMemberStatus('ACTIVE', 'ARCHIVE')).toBe('ARCHIVED');
    expect(nextMemberStatus('BLOCKED', 'ARCHIVE')).toBe('ARCHIVED');
    expect(nextMemberStatus('ARCHIVED', 'RESTORE')).toBe('ACTIVE');
  });

  it('refuses every other move with INVALID_TRANSITION on the status field', () => {
    const legal = new Set([
      'ACTIVE:BLOCK',
      'ACTIVE:ARCHIVE',
      'BLOCKED:UNBLOCK',
      'BLOCKED:ARCHIVE',
      'ARCHIVED:RESTORE',
    ]);
    for (const status of MEMBER_STATUS_VALUES) {
      for (const event of MEMBER_STATUS_EVENT_VALUES) {
        if (legal.has(`${status}:${event}`)) continue;
        try {
          nextMemberStatus(status, event);
          expect.unreachable(`${status} accepted ${event}`);
        } catch (error) {
          expect(isDomainError(error, 'INVALID_TRANSITION')).toBe(true);
          expect((error as { field?: string }).field).toBe('status');
        }
      }
    }
  });
});

describe('availableMemberStatusEvents', () => {
  it('lists the events each status accepts', () => {
    expect(availableMemberStatusEvents('ACTIVE')).toEqual(['BLOCK', 'ARCHIVE']);
    expect(availableMemberStatusEvents('BLOCKED')).toEqual(['UNBLOCK', 'ARCHIVE']);
    expect(availableMemberStatusEvents('ARCHIVED')).toEqual(['RESTORE']);
  });
});
