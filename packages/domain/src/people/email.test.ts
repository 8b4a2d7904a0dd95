import { describe, expect, it } from 'vitest';
import { emailSchema, isNominativeEmail, parseEmail } from './email';

describe('emailSchema and parseEmail', () => {
  it('trims and lower-cases a valid address', () => {
    expect(emailSchema.parse('  Marie.Dupont@Example.FR ')).toBe('marie.dupont@example.fr');
    expect(parseEmail('Jean@caf.fr')).toBe('jean@caf.fr');
  });

  it('rejects what is not an address', () => {
    for (const value of [
      '',
      'élise@example.fr',
      'marie',
      'marie@',
      '@example.fr',
      'marie dupont@example.fr',
      `${'a'.repeat(250)}@x.fr`,
    ]) {
      expect(emailSchema.safeParse(value).success).toBe(false);
      expect(parseEmail(value)).toBeNull();
    }
  });
});

describe('isNominativeEmail', () => {
  it('accepts personal addresses', () => {
    for (const email of [
      'marie.dupont@example.fr',
      'j.martin+caf@example.fr',
      'info.dupont@example.fr',
      'rhodes@x.ch',
    ]) {
      expect(isNominativeEmail(email)).toBe(true);
    }
  });

  it('refuses shared mailboxes, whatever the case, digits, separators or +tag', () => {
    for (const email of [
      'contact@example.fr',
      'INFO@example.fr',
      'Secretariat@mairie.fr',
      'noreply@example.fr',
      'no-reply@example.fr',
      'rh@example.fr',
      'compta2@example.fr',
      'secretariat.direction@example.fr',
      'support+tickets@example.fr',
      'accueil@commune.ch',
    ]) {
      expect(isNominativeEmail(email)).toBe(false);
    }
  });

  it('refuses invalid addresses', () => {
    expect(isNominativeEmail('marie.dupont')).toBe(false);
  });
});
