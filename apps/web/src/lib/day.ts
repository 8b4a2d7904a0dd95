import dayjs from 'dayjs';
import customParseFormat from 'dayjs/plugin/customParseFormat';
import type { Language } from '../i18n/language';

dayjs.extend(customParseFormat);

/** How a day is written and typed in each language (fr-CH and en-GB, as src/lib/format.ts writes dates). */
export const DAY_FORMAT: Record<Language, string> = { fr: 'DD.MM.YYYY', en: 'DD/MM/YYYY' };
/** The dayjs locale of the calendar's month and day names. */
export const DAYJS_LOCALE: Record<Language, string> = { fr: 'fr', en: 'en-gb' };

/**
 * Parses what a person typed, strictly: the language's format (04.12.2026 / 04/12/2026) or ISO (2026-12-04), so
 * a half-typed or impossible day is never taken for another one. Answers YYYY-MM-DD, or null.
 */
export function parseDay(text: string, language: Language): string | null {
  const value = text.trim();
  for (const format of [DAY_FORMAT[language], 'YYYY-MM-DD']) {
    const day = dayjs(value, format, true);
    if (day.isValid()) return day.format('YYYY-MM-DD');
  }
  return null;
}
