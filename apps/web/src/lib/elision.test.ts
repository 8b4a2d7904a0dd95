import { describe, expect, it } from 'vitest';
import { elides, englishPossessive, frenchDe, frenchLe } from './elision';

describe('French élision', () => {
  it('elides before a vowel, accented or not, whatever its case', () => {
    expect(frenchDe('Élodie Roux')).toBe('d’Élodie Roux');
    expect(frenchDe('Anne Dupuis')).toBe('d’Anne Dupuis');
    expect(frenchDe('œuvre')).toBe('d’œuvre');
    expect(frenchLe('Urbanisme')).toBe('l’Urbanisme');
  });

  it('keeps de and le whole before a consonant', () => {
    expect(frenchDe('Léa Dubois')).toBe('de Léa Dubois');
    expect(frenchDe('Claire Morel')).toBe('de Claire Morel');
    expect(frenchLe('Service financier')).toBe('le Service financier');
  });

  it('elides before a mute h, not before an aspirated one', () => {
    expect(frenchDe('Hélène Favre')).toBe('d’Hélène Favre');
    expect(frenchLe('hôpital')).toBe('l’hôpital');
    expect(frenchLe('hall')).toBe('le hall');
    expect(frenchDe('Haute-Savoie')).toBe('de Haute-Savoie');
  });

  it('treats y as a vowel before a consonant and as a consonant before a vowel', () => {
    expect(frenchDe('Yves Perret')).toBe('d’Yves Perret');
    expect(frenchDe('Yann Roche')).toBe('de Yann Roche');
  });

  it('does not elide before a digit, a sign or nothing', () => {
    expect(elides('2026')).toBe(false);
    expect(elides('(inconnu)')).toBe(false);
    expect(elides('')).toBe(false);
  });

  it('English takes the possessive instead', () => {
    expect(englishPossessive('Élodie Roux')).toBe('Élodie Roux’s');
  });
});
