import i18next from 'i18next';
import ICU from 'i18next-icu';
import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { en } from './en';
import { fr } from './fr';
import { detectLanguage, intlLocale } from './language';

function keyPaths(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => keyPaths(child, prefix ? `${prefix}.${key}` : key));
}

function messageAt(resource: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], resource);
}

function messages(resource: unknown): [string, string][] {
  return keyPaths(resource).map((path) => [path, String(messageAt(resource, path))]);
}

type Element = ReturnType<IntlMessageFormat['getAst']>[number];

/** The ICU argument names a message uses, with their kind (`count:plural`, `name:argument`…). */
function argumentsOf(elements: readonly Element[]): string[] {
  const kinds = ['literal', 'argument', 'number', 'date', 'time', 'select', 'plural', 'pound', 'tag'];
  return elements.flatMap((element): string[] => {
    const kind = kinds[element.type] ?? 'unknown';
    if (kind === 'literal' || kind === 'pound') return [];
    const own = 'value' in element && typeof element.value === 'string' ? [`${element.value}:${kind}`] : [];
    const nested =
      'options' in element
        ? Object.values(element.options).flatMap((option) => argumentsOf(option.value))
        : 'children' in element
          ? argumentsOf(element.children)
          : [];
    return [...own, ...nested];
  });
}

function argumentNames(resource: unknown, locale: string): Record<string, string[]> {
  return Object.fromEntries(
    messages(resource).map(([path, text]) => [
      path,
      [...new Set(argumentsOf(new IntlMessageFormat(text, locale).getAst()))].sort(),
    ]),
  );
}

const resources = { fr, en } as const;

describe('translations', () => {
  it('English has exactly the same keys as French', () => {
    expect(keyPaths(en).sort()).toEqual(keyPaths(fr).sort());
  });

  it('every translation is a non-empty string', () => {
    for (const resource of [fr, en]) {
      for (const path of keyPaths(resource)) {
        const text = messageAt(resource, path);
        expect(typeof text === 'string' && text.trim().length > 0, path).toBe(true);
      }
    }
  });

  it('no message keeps the i18next {{…}} interpolation or an i18next plural suffix', () => {
    for (const resource of [fr, en]) {
      for (const [path, text] of messages(resource)) {
        expect(text, path).not.toContain('{{');
        expect(/_(zero|one|two|few|many|other)$/.test(path), path).toBe(false);
      }
    }
  });

  it('no message has a lone straight apostrophe (ICU would treat it as a quote): use ’ or a doubled one', () => {
    for (const resource of [fr, en]) {
      for (const [path, text] of messages(resource)) {
        expect(text.replaceAll("''", ''), path).not.toContain("'");
      }
    }
  });

  it('every message parses as ICU and formats with sample values', () => {
    for (const [language, resource] of Object.entries(resources)) {
      const locale = intlLocale(language as keyof typeof resources);
      for (const [path, text] of messages(resource)) {
        let format: IntlMessageFormat | undefined;
        expect(() => {
          format = new IntlMessageFormat(text, locale);
        }, `${language} ${path}`).not.toThrow();
        const values = Object.fromEntries(
          argumentsOf(format?.getAst() ?? []).map((argument) => {
            const [name = '', kind] = argument.split(':');
            return [name, kind === 'plural' || kind === 'number' ? 2 : kind === 'date' ? new Date() : 'x'];
          }),
        );
        expect(typeof format?.format(values), `${language} ${path}`).toBe('string');
      }
    }
  });

  it('English uses the same ICU arguments as French, key by key', () => {
    expect(argumentNames(en, 'en-GB')).toEqual(argumentNames(fr, 'fr-CH'));
  });

  it('French puts no elidable word before a name ("de Élodie", "que Anne"): a name is set off instead', () => {
    // Dates and counts start with a digit; any other argument may start with a vowel.
    const elidable =
      /(?:^|[\s(’'])(?:de|que|le|la|ce|je|me|ne|se|te|jusque|lorsque|puisque) \{(?!date\b|at\b|count\b|days\b)/i;
    for (const [path, text] of messages(fr)) expect(text, path).not.toMatch(elidable);
  });

  it('a plural reads the count in each language', () => {
    const fr1 = new IntlMessageFormat(fr.requests.pendingCount, 'fr-CH');
    const en1 = new IntlMessageFormat(en.requests.pendingCount, 'en-GB');
    expect(fr1.format({ count: 1 })).toBe('1 demande en attente');
    expect(fr1.format({ count: 2 })).toBe('2 demandes en attente');
    expect(en1.format({ count: 1 })).toBe('1 pending request');
    expect(en1.format({ count: 3 })).toBe('3 pending requests');
  });
});

describe('i18next with ICU messages', () => {
  async function translator(language: 'fr' | 'en') {
    const instance = i18next
      .createInstance()
      .use(new ICU({ parseLngForICU: (lng) => intlLocale(detectLanguage(lng, [])) }));
    await instance.init({
      lng: language,
      resources: { fr: { translation: fr }, en: { translation: en } },
      interpolation: { escapeValue: false },
      showSupportNotice: false,
    });
    return instance.t;
  }

  it('chooses the plural form from the count and fills the arguments', async () => {
    const tFr = await translator('fr');
    const tEn = await translator('en');
    expect(tFr('requests.pendingCount', { count: 1 })).toBe('1 demande en attente');
    expect(tFr('requests.pendingCount', { count: 2 })).toBe('2 demandes en attente');
    expect(tEn('passwordPolicy.summary', { count: 1, total: 4 })).toBe('1 of 4 rules met');
    expect(tFr('passwordPolicy.summary', { count: 3, total: 4 })).toBe('3 règles respectées sur 4');
    expect(tFr('shell.userMenu', { name: 'Élodie Roux' })).toBe('Compte : Élodie Roux');
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
