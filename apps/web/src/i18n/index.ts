import i18n from 'i18next';
import ICU from 'i18next-icu';
import { initReactI18next } from 'react-i18next';
import { en } from './en';
import { fr } from './fr';
import {
  defaultLanguage,
  detectLanguage,
  intlLocale,
  type Language,
  languageStorageKey,
  languages,
} from './language';

export const resources = { fr: { translation: fr }, en: { translation: en } } as const;

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof fr };
  }
}

function readStoredLanguage(): string | null {
  try {
    return window.localStorage.getItem(languageStorageKey);
  } catch {
    return null;
  }
}

function rememberLanguage(language: string) {
  document.documentElement.lang = language;
  try {
    window.localStorage.setItem(languageStorageKey, language);
  } catch {
    // Private browsing may forbid storage; the choice then lasts for the page only.
  }
}

export function setupI18n() {
  const lng = detectLanguage(readStoredLanguage(), navigator.languages ?? [navigator.language]);
  i18n.on('languageChanged', rememberLanguage);
  // ICU messages: plurals (`{count, plural, …}`), selects and `{name}` arguments, formatted in the same
  // regional locale as lib/format (fr-CH, en-GB) so numbers read alike in messages and in tables.
  const icu = new ICU({ parseLngForICU: (language) => intlLocale(detectLanguage(language, [])) });
  void i18n
    .use(icu)
    .use(initReactI18next)
    .init({
      resources,
      lng,
      fallbackLng: defaultLanguage,
      supportedLngs: languages,
      interpolation: { escapeValue: false },
      initAsync: false,
      showSupportNotice: false,
    });
  document.documentElement.lang = lng;
  return i18n;
}

export function currentLanguage(): Language {
  return detectLanguage(i18n.resolvedLanguage, []);
}

export type { Language };
export { i18n };
