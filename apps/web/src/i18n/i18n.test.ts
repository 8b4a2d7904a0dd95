import { describe, expect, it } from 'vitest';
import { en } from './en';
import { fr } from './fr';
import { detectLanguage } from './language';

function keyPaths(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => keyPaths(child, prefix ? `${prefix}.${key}` : key));
}

function interpolations(value: unknown): Record<string, string[]> {
  const paths = keyPaths(value);
  return Object.fromEntries(
    paths.map((path) => {
      const text = path
        .split('.')
        .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], value);
      return [path, [...String(text).matchAll(/{{\s*(\w+)\s*}}/g)].map((match) => match[1] ?? '').sort()];
    }),
  );
}

describe('translations', () => {
  it('English has exactly the same keys as French', () => {
    expect(keyPaths(en).sort()).toEqual(keyPaths(fr).sort());
  });

  it('every translation is a non-empty string', () => {
    for (const resource of [fr, en]) {
      for (const path of keyPaths(resource)) {
        const text = path
          .split('.')
          .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], resource);
        expect(typeof text === 'string' && text.trim().length > 0, path).toBe(true);
      }
    }
  });

  it('English uses the same interpolation variables as French', () => {
    expect(interpolations(en)).toEqual(interpolations(fr));
  });
});

describe('detectLanguage', () => {
  it('prefers the language stored from an earlier choice', () => {
    expect(detectLanguage('en', ['fr-FR'])).toBe('en');
  });

  it('falls back to the first supported browser language', () => {
    expect(detectLanguage(null, ['de-CH', 'en-GB', 'fr'])).toBe('en');
  });

  it('ignores an unsupported stored value', () => {
    expect(detectLanguage('it', ['fr-CH'])).toBe('fr');
  });

  it('defaults to French', () => {
    expect(detectLanguage(null, ['de-DE'])).toBe('fr');
  });
});
