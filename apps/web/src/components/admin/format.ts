import { currentLanguage } from '../../i18n';

/** A calendar day (YYYY-MM-DD) in the reader's language. */
export function formatDay(day: string | null | undefined): string {
  if (!day) return '';
  const date = new Date(`${day.slice(0, 10)}T12:00:00Z`);
  return new Intl.DateTimeFormat(currentLanguage(), { dateStyle: 'long', timeZone: 'UTC' }).format(date);
}

/** An instant in the reader's language and time zone. */
export function formatInstant(instant: string | null | undefined): string {
  if (!instant) return '';
  return new Intl.DateTimeFormat(currentLanguage(), { dateStyle: 'medium', timeStyle: 'short' }).format(
    new Date(instant),
  );
}

/** Today as YYYY-MM-DD in the reader's time zone (the default of date fields). */
export function today(): string {
  const now = new Date();
  return new Date(now.getTime() - now.getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
}
