import { describe, expect, it } from 'vitest';
import {
  assertPassword,
  checkPassword,
  PASSWORD_VIOLATION_VALUES,
  passwordRuleOf,
  passwordRuleResults,
} from './password';

const owner = {
  email: 'marie.dupont-leroy+portal@example.fr',
  firstName: 'Éloïse',
  lastName: 'Dupont-Leroy',
};

describe('checkPassword', () => {
  it('accepts a long password mixing classes and free of personal data', () => {
    expect(checkPassword('Velo-Rouge-Quai-42', owner)).toEqual([]);
    expect(checkPassword('tram blue harbour 7 kites', owner)).toEqual([]);
  });

  it('requires at least 12 characters, counted as characters not bytes', () => {
    expect(checkPassword('Ab1!efgh', owner)).toEqual(['TOO_SHORT']);
    expect(checkPassword('Ab1!efghijk', owner)).toEqual(['TOO_SHORT']);
    expect(checkPassword('Ab1!efghijkl', owner)).toEqual([]);
    expect(checkPassword('Ab1🔒🔒🔒🔒🔒🔒🔒🔒', owner)).toEqual(['TOO_SHORT']);
  });

  it('refuses more than 128 characters', () => {
    expect(checkPassword(`Ab1-${'x'.repeat(124)}`, owner)).toEqual([]);
    expect(checkPassword(`Ab1-${'x'.repeat(125)}`, owner)).toEqual(['TOO_LONG']);
  });

  it('requires 3 of the 4 character classes', () => {
    expect(checkPassword('violetharbourkite', owner)).toEqual(['TOO_FEW_CHARACTER_CLASSES']);
    expect(checkPassword('violetharbour77', owner)).toEqual(['TOO_FEW_CHARACTER_CLASSES']);
    expect(checkPassword('violetharbour77!', owner)).toEqual([]);
    expect(checkPassword('VioletHarbour77', owner)).toEqual([]);
    expect(checkPassword('VIOLET-HARBOUR-!', owner)).toEqual(['TOO_FEW_CHARACTER_CLASSES']);
  });

  it('refuses the names and the e-mail local part, ignoring case and accents', () => {
    expect(checkPassword('Eloise-2025-sunny', owner)).toEqual(['CONTAINS_PERSONAL_DATA']);
    expect(checkPassword('my-LEROY-2025-x', owner)).toEqual(['CONTAINS_PERSONAL_DATA']);
    expect(checkPassword('xx-DupontLeroy-9', owner)).toEqual(['CONTAINS_PERSONAL_DATA']);
    expect(checkPassword('Marie.Dupont.99', owner)).toEqual(['CONTAINS_PERSONAL_DATA']);
  });

  it('ignores fragments shorter than 3 characters', () => {
    const shortNames = { email: 'al@example.fr', firstName: 'Li', lastName: 'Wu' };
    expect(checkPassword('Li-Wu-al-harbour-9', shortNames)).toEqual([]);
  });

  it('refuses very common passwords, even dressed with digits and symbols', () => {
    expect(checkPassword('Password1234!', owner)).toEqual(['TOO_COMMON']);
    expect(checkPassword('Motdepasse2024', owner)).toEqual(['TOO_COMMON']);
    expect(checkPassword('!!Azertyuiop99', owner)).toEqual(['TOO_COMMON']);
    expect(checkPassword('123456789012', owner)).toEqual(['TOO_FEW_CHARACTER_CLASSES', 'TOO_COMMON']);
  });

  it('reports every violation at once', () => {
    expect(checkPassword('dupont', owner)).toEqual([
      'TOO_SHORT',
      'TOO_FEW_CHARACTER_CLASSES',
      'CONTAINS_PERSONAL_DATA',
    ]);
  });

  it('only ever returns known codes', () => {
    for (const password of ['', 'a', 'Password1234!', 'x'.repeat(200)]) {
      for (const violation of checkPassword(password, owner))
        expect(PASSWORD_VIOLATION_VALUES).toContain(violation);
    }
  });
});

describe('assertPassword', () => {
  it('throws PASSWORD_POLICY on the password field when the policy is broken', () => {
    expect(() => assertPassword('Velo-Rouge-Quai-42', owner)).not.toThrow();
    expect(() => assertPassword('short', owner)).toThrow(
      expect.objectContaining({ code: 'PASSWORD_POLICY', field: 'password' }),
    );
  });
});

describe('passwordRuleResults', () => {
  const states = (results: ReturnType<typeof passwordRuleResults>) =>
    Object.fromEntries(results.map((result) => [result.rule, result.state]));

  it('lists every rule of the policy, each met by an acceptable password', () => {
    expect(states(passwordRuleResults('Velo-Rouge-Quai-42', { owner }))).toEqual({
      LENGTH: 'MET',
      CHARACTER_CLASSES: 'MET',
      NO_PERSONAL_DATA: 'MET',
      NOT_COMMON: 'MET',
    });
  });

  it('agrees with checkPassword rule by rule', () => {
    expect(states(passwordRuleResults('eloise', { owner }))).toEqual({
      LENGTH: 'BROKEN',
      CHARACTER_CLASSES: 'BROKEN',
      NO_PERSONAL_DATA: 'BROKEN',
      NOT_COMMON: 'MET',
    });
    expect(states(passwordRuleResults('Motdepasse2024', { owner })).NOT_COMMON).toBe('BROKEN');
    expect(states(passwordRuleResults(`Ab1-${'x'.repeat(125)}`, { owner })).LENGTH).toBe('BROKEN');
    for (const password of ['Velo-Rouge-Quai-42', 'Dupont-Leroy-2026!', 'short', 'Password123!']) {
      const violations = checkPassword(password, owner);
      const broken = passwordRuleResults(password, { owner }).filter((result) => result.state === 'BROKEN');
      expect(new Set(violations.map(passwordRuleOf))).toEqual(new Set(broken.map((result) => result.rule)));
    }
  });

  it('leaves the personal-data rule UNKNOWN, never met, when the owner is unknown', () => {
    const results = states(passwordRuleResults('Eloise-Dupont-2026', { owner: null }));
    expect(results.NO_PERSONAL_DATA).toBe('UNKNOWN');
    expect(results.LENGTH).toBe('MET');
  });

  it('lists "differs from the temporary password" only when one is replaced, UNKNOWN unless it is known', () => {
    expect(
      states(passwordRuleResults('Velo-Rouge-Quai-42', { owner })).DIFFERS_FROM_TEMPORARY,
    ).toBeUndefined();
    const replacing = { owner, replacesTemporary: true };
    expect(states(passwordRuleResults('Velo-Rouge-Quai-42', replacing)).DIFFERS_FROM_TEMPORARY).toBe(
      'UNKNOWN',
    );
    expect(
      states(
        passwordRuleResults('Velo-Rouge-Quai-42', { ...replacing, temporaryPassword: 'Velo-Rouge-Quai-42' }),
      ).DIFFERS_FROM_TEMPORARY,
    ).toBe('BROKEN');
    expect(
      states(
        passwordRuleResults('Velo-Rouge-Quai-43', { ...replacing, temporaryPassword: 'Velo-Rouge-Quai-42' }),
      ).DIFFERS_FROM_TEMPORARY,
    ).toBe('MET');
  });

  it('names the rule each violation breaks', () => {
    expect(PASSWORD_VIOLATION_VALUES.map(passwordRuleOf)).toEqual([
      'LENGTH',
      'LENGTH',
      'CHARACTER_CLASSES',
      'NO_PERSONAL_DATA',
      'NOT_COMMON',
    ]);
  });
});
