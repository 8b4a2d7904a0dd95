import { describe, expect, it } from 'vitest';
import { assertPassword, checkPassword, PASSWORD_VIOLATION_VALUES } from './password';

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
