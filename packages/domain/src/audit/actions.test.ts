import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, AUDIT_FAMILIES, auditFamily, isAuditFamily } from './actions';

describe('audit action codes', () => {
  it('are unique and each has a family', () => {
    expect(new Set(AUDIT_ACTIONS).size).toBe(AUDIT_ACTIONS.length);
    for (const action of AUDIT_ACTIONS) expect(action).toMatch(/^[a-z-]+\.[a-z_-]+$/);
  });

  it('group into families by the word before the dot', () => {
    expect(auditFamily('member.removed-from-group')).toBe('member');
    expect(auditFamily('agreement-item.added')).toBe('agreement-item');
    expect(AUDIT_FAMILIES).toContain('admin-role');
    expect(isAuditFamily('unit')).toBe(true);
    expect(isAuditFamily('unit.created')).toBe(false);
    expect(isAuditFamily('')).toBe(false);
  });
});
