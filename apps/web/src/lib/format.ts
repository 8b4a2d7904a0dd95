import { currentLanguage } from '../i18n';
import { intlLocale, type Language } from '../i18n/language';

/**
 * The one place the web app turns dates and numbers into text, in the reader's language
 * (fr → fr-CH, en → en-GB: one style per language, the same one ICU messages use for their numbers).
 */

const formatters = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();

function cached<T extends Intl.DateTimeFormat | Intl.NumberFormat>(key: string, make: () => T): T {
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = make();
    formatters.set(key, formatter);
  }
  return formatter as T;
}

function dateFormat(
  style: 'date' | 'day' | 'shortDay' | 'dateTime',
  language: Language,
): Intl.DateTimeFormat {
  const locale = intlLocale(language);
  return cached(
    `${style}:${locale}`,
    () =>
      new Intl.DateTimeFormat(
        locale,
        style === 'dateTime'
          ? { dateStyle: 'medium', timeStyle: 'short' }
          : style === 'day'
            ? { dateStyle: 'long', timeZone: 'UTC' }
            : style === 'shortDay'
              ? { day: 'numeric', month: 'short', timeZone: 'UTC' }
              : { dateStyle: 'long' },
      ),
  );
}

/** The calendar date of an instant, e.g. "12 mars 2026" / "12 March 2026". */
export function formatDate(instant: string | Date | null | undefined, language = currentLanguage()): string {
  if (!instant) return '';
  return dateFormat('date', language).format(new Date(instant));
}

/** A calendar day given as YYYY-MM-DD (no time zone shift), e.g. "12 mars 2026" / "12 March 2026". */
export function formatDay(day: string | null | undefined, language = currentLanguage()): string {
  if (!day) return '';
  return dateFormat('day', language).format(new Date(`${day.slice(0, 10)}T12:00:00Z`));
}

/** A calendar day as YYYY-MM-DD, short and without its year (a chart's axis), e.g. "30 nov." / "30 Nov". */
export function formatShortDay(day: string | null | undefined, language = currentLanguage()): string {
  if (!day) return '';
  return dateFormat('shortDay', language).format(new Date(`${day.slice(0, 10)}T12:00:00Z`));
}

/** An instant with its time, e.g. "12 mars 2026, 14:05" / "12 Mar 2026, 14:05". */
export function formatDateTime(
  instant: string | Date | null | undefined,
  language = currentLanguage(),
): string {
  if (!instant) return '';
  return dateFormat('dateTime', language).format(new Date(instant));
}

/** A number with the language's grouping and decimal signs, e.g. "1 234,5" / "1,234.5". */
export function formatNumber(value: number, language = currentLanguage()): string {
  return cached(`number:${intlLocale(language)}`, () => new Intl.NumberFormat(intlLocale(language))).format(
    value,
  );
}

/** Today as YYYY-MM-DD in the reader's time zone (the default of date fields). */
export function today(): string {
  const now = new Date();
  return new Date(now.getTime() - now.getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
}
