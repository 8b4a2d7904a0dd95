import { createHmac } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  generatePersonalIdentifier,
  isPersonalIdentifier,
  normalisePersonalIdentifier,
} from '@tessera/domain';
import { audit } from '../audit/audit.service.js';
import { type IPerson, Person } from './person.entity.js';

/** A personal identifier stays valid this long, or until an administrator uses it, whichever comes first. */
export const PERSONAL_IDENTIFIER_DAYS = 30;

export interface PersonalIdentifier {
  code: string;
  issuedAt: Date;
  expiresAt: Date;
}

/**
 * The code is derived from the person, the instant it was issued and the server secret, so the person sees the
 * same code on every visit while the database keeps only a keyed hash of it: a copy of the database alone
 * neither shows nor lets anyone guess a code.
 */
function deriveCode(secret: string, personId: string, issuedAt: Date): string {
  const mac = createHmac('sha256', secret)
    .update(`personal-identifier:${personId}:${issuedAt.getTime()}`)
    .digest();
  return generatePersonalIdentifier(mac.subarray(0, 10));
}

function codeHash(secret: string, code: string): string {
  return createHmac('sha256', secret).update(`personal-identifier-hash:${code}`).digest('hex');
}

function expiresAt(issuedAt: Date): Date {
  return new Date(issuedAt.getTime() + PERSONAL_IDENTIFIER_DAYS * 86_400_000);
}

function isLive(
  person: Pick<IPerson, 'personalIdentifierHash' | 'personalIdentifierIssuedAt'>,
  now: Date,
): boolean {
  return Boolean(
    person.personalIdentifierHash &&
      person.personalIdentifierIssuedAt &&
      expiresAt(person.personalIdentifierIssuedAt).getTime() > now.getTime(),
  );
}

async function issue(
  em: EntityManager,
  person: IPerson,
  secret: string,
  now: Date,
  previousIssuedAt: Date | null,
): Promise<void> {
  const issuedAt = new Date(now.getTime());
  // Only the first of two concurrent issuers wins; the other reads the winner's code afterwards.
  const changed = await em.nativeUpdate(
    Person,
    { id: person.id, personalIdentifierIssuedAt: previousIssuedAt },
    {
      personalIdentifierIssuedAt: issuedAt,
      personalIdentifierHash: codeHash(secret, deriveCode(secret, person.id, issuedAt)),
    },
  );
  if (changed > 0) {
    audit(
      em,
      { kind: 'self', personId: person.id },
      { organisation: null, action: 'person.identifier-issued', targetType: 'Person', targetId: person.id },
    );
    await em.flush();
  }
}

async function read(em: EntityManager, personId: string, secret: string): Promise<PersonalIdentifier> {
  const row = await em.findOneOrFail(
    Person,
    { id: personId },
    { fields: ['id', 'personalIdentifierIssuedAt'], disableIdentityMap: true },
  );
  const issuedAt = row.personalIdentifierIssuedAt!;
  return { code: deriveCode(secret, personId, issuedAt), issuedAt, expiresAt: expiresAt(issuedAt) };
}

/** The person's current personal identifier, issued on demand when it has none or the last one expired or was used. */
export async function currentPersonalIdentifier(
  em: EntityManager,
  personId: string,
  secret: string,
  now: Date,
): Promise<PersonalIdentifier> {
  const person = await em.findOneOrFail(Person, { id: personId }, { disableIdentityMap: true });
  if (!isLive(person, now)) await issue(em, person, secret, now, person.personalIdentifierIssuedAt ?? null);
  return read(em, personId, secret);
}

/** Replaces the person's identifier with a new one: the old code stops working at once. */
export async function rotatePersonalIdentifier(
  em: EntityManager,
  personId: string,
  secret: string,
  now: Date,
): Promise<PersonalIdentifier> {
  const person = await em.findOneOrFail(Person, { id: personId }, { disableIdentityMap: true });
  await issue(em, person, secret, now, person.personalIdentifierIssuedAt ?? null);
  return read(em, personId, secret);
}

/** The person a typed identifier designates, if it is live; null for anything else (wrong, used or expired). */
export async function findByPersonalIdentifier(
  em: EntityManager,
  typed: string,
  secret: string,
  now: Date,
): Promise<IPerson | null> {
  if (!isPersonalIdentifier(typed)) return null;
  const person = await em.findOne(Person, {
    personalIdentifierHash: codeHash(secret, normalisePersonalIdentifier(typed)),
  });
  return person && isLive(person, now) ? person : null;
}

/** Uses the identifier up: an administrator attached the person with it (Vaud: it must not be kept). */
export function consumePersonalIdentifier(person: IPerson): void {
  (person as { personalIdentifierHash: string | null }).personalIdentifierHash = null;
  person.personalIdentifierIssuedAt = null;
}
