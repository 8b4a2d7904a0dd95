/** A date and time in the interface language, e.g. "12 mars 2026, 14:05" / "12 Mar 2026, 14:05". */
export function formatDateTime(value: string, language: string): string {
  return new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'fr-CH', {
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(new Date(value));
}

/** "Service — role" for a requested service role, or null. */
export function serviceLabel(
  role: { name: string; service: { name: string } } | null | undefined,
): string | null {
  return role ? `${role.service.name} — ${role.name}` : null;
}
