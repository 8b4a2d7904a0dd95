import { z } from 'zod';

/** An e-mail address, trimmed and lower-cased before validation; ASCII only (zod's default, what SMTP relays accept). */
export const emailSchema = z.string().trim().toLowerCase().max(254).pipe(z.email());

/** Normalises then validates an e-mail address; returns null when it is not one. */
export function parseEmail(value: string): string | null {
  const result = emailSchema.safeParse(value);
  return result.success ? result.data : null;
}

/**
 * Local parts of shared mailboxes. The Caf guide requires a nominative address for each user, so an
 * address made only of these words (and digits), such as contact@, info2@ or secretariat.direction@, is refused.
 */
export const GENERIC_MAILBOXES: ReadonlySet<string> = new Set([
  'accueil',
  'admin',
  'administratif',
  'administration',
  'agence',
  'assistance',
  'bureau',
  'cabinet',
  'comptabilite',
  'compta',
  'commercial',
  'communication',
  'contact',
  'contacts',
  'courrier',
  'direction',
  'drh',
  'equipe',
  'facturation',
  'gestion',
  'hello',
  'helpdesk',
  'info',
  'infos',
  'information',
  'informations',
  'informatique',
  'mail',
  'mairie',
  'no-reply',
  'noreply',
  'office',
  'paie',
  'personnel',
  'postmaster',
  'reception',
  'rh',
  'sales',
  'secretariat',
  'service',
  'services',
  'standard',
  'support',
  'team',
  'webmaster',
]);

/**
 * Tells whether an address is valid and nominative: its local part (without a +tag) is not made only of
 * generic mailbox words and digits (Caf guide: 'Adresse mail obligatoirement nominative').
 */
export function isNominativeEmail(email: string): boolean {
  const parsed = parseEmail(email);
  if (parsed === null) return false;
  const local = parsed.slice(0, parsed.lastIndexOf('@')).split('+')[0] ?? '';
  if (GENERIC_MAILBOXES.has(local)) return false;
  const words = local
    .split(/[._-]+/)
    .map((word) => word.replace(/\d+$/, ''))
    .filter((word) => word.length > 0);
  return !words.every((word) => GENERIC_MAILBOXES.has(word));
}
