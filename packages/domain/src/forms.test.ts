import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  backupEmailFormSchema,
  formIssueOf,
  GROUP_NAME_MAX_LENGTH,
  groupNameSchema,
  newBackupEmailFormSchema,
  signInFormSchema,
  UNIT_NAME_MAX_LENGTH,
  unitNameFormSchema,
} from './forms';

function issueAt(
  result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } },
  path: string,
) {
  const issue = result.error?.issues.find((candidate) => candidate.path.join('.') === path);
  return issue ? formIssueOf(issue.message) : null;
}

describe('form schemas', () => {
  it('accepts a unit name of 1 to the maximum characters once trimmed, and names the issue otherwise', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 0, maxLength: UNIT_NAME_MAX_LENGTH + 20 }), (name) => {
        const result = unitNameFormSchema.safeParse({ name });
        const length = name.trim().length;
        if (length === 0) expect(issueAt(result, 'name')).toBe('required');
        else if (length > UNIT_NAME_MAX_LENGTH) expect(issueAt(result, 'name')).toBe('tooLong');
        else expect(result.success).toBe(true);
      }),
    );
  });

  it('bounds a group name the same way at its own maximum', () => {
    expect(groupNameSchema.safeParse('  Équipe A ').data).toBe('Équipe A');
    expect(formIssueOf(groupNameSchema.safeParse('   ').error?.issues[0]?.message ?? '')).toBe('required');
    expect(
      formIssueOf(
        groupNameSchema.safeParse('x'.repeat(GROUP_NAME_MAX_LENGTH + 1)).error?.issues[0]?.message ?? '',
      ),
    ).toBe('tooLong');
    expect(groupNameSchema.safeParse('x'.repeat(GROUP_NAME_MAX_LENGTH)).success).toBe(true);
  });

  it('asks sign-in for an address and a password, and tells a missing address from a malformed one', () => {
    expect(signInFormSchema.safeParse({ email: ' Claire.Morel@Exemple.demo ', password: 'x' }).data).toEqual({
      email: 'claire.morel@exemple.demo',
      password: 'x',
    });
    const empty = signInFormSchema.safeParse({ email: '  ', password: '' });
    expect(issueAt(empty, 'email')).toBe('required');
    expect(issueAt(empty, 'password')).toBe('required');
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }).filter((value) => value.trim() !== '' && !value.includes('@')),
        (email) => {
          expect(issueAt(signInFormSchema.safeParse({ email, password: 'x' }), 'email')).toBe('invalid');
        },
      ),
    );
  });

  it('takes a backup address, or nothing to remove it, and refuses anything else', () => {
    expect(backupEmailFormSchema.safeParse({ backupEmail: '' }).success).toBe(true);
    expect(backupEmailFormSchema.safeParse({ backupEmail: '   ' }).success).toBe(true);
    expect(backupEmailFormSchema.safeParse({ backupEmail: 'lea@exemple.demo' }).success).toBe(true);
    expect(issueAt(backupEmailFormSchema.safeParse({ backupEmail: 'lea@' }), 'backupEmail')).toBe('invalid');
    expect(issueAt(newBackupEmailFormSchema.safeParse({ backupEmail: ' ' }), 'backupEmail')).toBe('required');
    expect(issueAt(newBackupEmailFormSchema.safeParse({ backupEmail: 'lea@' }), 'backupEmail')).toBe(
      'invalid',
    );
  });
});
