export const languages = ['fr', 'en'] as const;
export type Language = (typeof languages)[number];
export const defaultLanguage: Language = 'fr';
export const languageStorageKey = 'tessera.language';

function asLanguage(value: string | null | undefined): Language | undefined {
  const base = value?.toLowerCase().split('-')[0];
  return languages.find((language) => language === base);
}

/** The language to start with: the one chosen earlier, else the browser's first supported one, else French. */
export function detectLanguage(stored: string | null | undefined, preferred: readonly string[]): Language {
  return asLanguage(stored) ?? preferred.map(asLanguage).find((language) => language) ?? defaultLanguage;
}

/** The regional locale behind each language for Intl formatting (dates, numbers, ICU plurals). */
const intlLocales: Record<Language, string> = { fr: 'fr-CH', en: 'en-GB' };

export function intlLocale(language: Language): string {
  return intlLocales[language];
}
