/** "Service — role" for a requested service role, or null. */
export function serviceLabel(
  role: { name: string; service: { name: string } } | null | undefined,
): string | null {
  return role ? `${role.service.name} — ${role.name}` : null;
}
