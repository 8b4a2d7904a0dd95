/** YYYY-MM-DD of a day that exists (2026-02-30 does not), year 1 to 9999 as PostgreSQL stores it. */
export function isCalendarDay(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  date.setUTCFullYear(year);
  return year >= 1 && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

const DATE_TIME =
  /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/i;

/** An ISO-8601 instant with a time zone on a day that exists (the DateTime scalar's rule), or null. */
export function parseInstant(text: string): Date | null {
  const day = DATE_TIME.exec(text)?.[1];
  const date = new Date(text);
  if (!day || !isCalendarDay(day) || Number.isNaN(date.getTime())) return null;
  // The instant, once its offset applied, stays within years 1 to 9999 (0001-01-01T00:00+23:59 is in year 0,
  // which PostgreSQL refuses).
  const year = date.getUTCFullYear();
  return year < 1 || year > 9999 ? null : date;
}
