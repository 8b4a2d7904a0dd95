import type { EntityManager } from '@mikro-orm/postgresql';
import { emailSchema } from '@tessera/domain';
import { z } from 'zod';
import { verifyPassword } from '../../auth/passwords.js';
import {
  InvalidCredentialsError,
  InvalidInputError,
  NotAuthorisedError,
  NotFoundError,
} from '../../errors.js';
import { signInFailures } from '../../observability/metrics.js';
import { audit } from '../audit/audit.service.js';
import { Member } from '../members/member.entity.js';
import { Organisation } from '../organisations/organisation.entity.js';
import { Person, Session } from './person.entity.js';
import { assertNotLimited, clearFailures, recordFailure, signInLimits } from './rate-limit.service.js';
import { openSession, type SessionInfo } from './session.service.js';

const signInSchema = z.object({
  email: emailSchema,
  password: z.string().min(1, 'Enter your password.').max(1024),
});

/**
 * Checks credentials, throttled per (account, address), per account and per address (rate-limit.service.ts)
 * without revealing whether the account exists, and opens a session. A person with a single organisation acts for it at once (Vaud: it may choose later).
 */
export async function signIn(
  em: EntityManager,
  input: { email: string; password: string },
  ip: string,
  ttlHours: number,
): Promise<{ token: string; session: SessionInfo }> {
  const parsed = signInSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InvalidInputError(String(issue.path[0] ?? 'email'), issue.message);
  }
  const { email, password } = parsed.data;
  const limits = signInLimits(email, ip);
  await assertNotLimited(
    em,
    limits.map(([key]) => key),
  );
  const person = await em.findOne(Person, { email });
  const ok = await verifyPassword(person?.passwordHash ?? null, password);
  if (!person || !ok) {
    signInFailures.inc();
    await recordFailure(em, limits);
    throw new InvalidCredentialsError();
  }
  // Only this address's count on the account starts again: a success elsewhere does not undo a slow-down.
  await clearFailures(em, [limits[0]![0]]);
  const { token, session } = await openSession(em, person.id, ttlHours);

  // Only an active membership is chosen by itself; a blocked member acts for no one there.
  const members = await em.find(Member, { person: person.id, status: 'ACTIVE' });
  if (members.length === 1 && !person.isOperatorAdmin) session.actingOrganisation = members[0]!.organisation;
  else if (members.length === 0 && person.isOperatorAdmin) session.actingAsOperator = true;
  person.lastSignInAt = new Date();
  audit(
    em,
    { kind: 'self', personId: person.id },
    {
      organisation: session.actingOrganisation ?? null,
      action: 'person.signed-in',
      targetType: 'Person',
      targetId: person.id,
    },
  );
  await em.flush();
  return {
    token,
    session: {
      id: session.id,
      personId: person.id,
      actingOrganisationId: session.actingOrganisation ?? null,
      actingAsOperator: session.actingAsOperator,
    },
  };
}

/** Switches whom the session acts for: the operator, or one organisation the person belongs to. */
export async function chooseActingContext(
  em: EntityManager,
  session: SessionInfo,
  input: { organisationId: string | null; asOperator: boolean },
): Promise<SessionInfo> {
  const row = await em.findOneOrFail(Session, { id: session.id });
  if (input.asOperator) {
    const person = await em.findOneOrFail(Person, { id: session.personId });
    if (!person.isOperatorAdmin)
      throw new NotAuthorisedError('Only operator administrators may act as operator.');
    row.actingAsOperator = true;
    row.actingOrganisation = null;
  } else {
    if (!input.organisationId) throw new InvalidInputError('organisationId', 'Choose an organisation.');
    const member = await em.findOne(Member, {
      person: session.personId,
      organisation: input.organisationId,
      status: { $ne: 'ARCHIVED' },
    });
    // Not a member and no such organisation look the same: the organisation stays sealed (rule 2).
    if (!member) throw new NotFoundError('No organisation you belong to has this id.');
    const organisation = await em.findOneOrFail(Organisation, { id: input.organisationId });
    if (organisation.status === 'SUSPENDED')
      throw new NotAuthorisedError('This organisation is suspended by the operator.');
    if (member.status !== 'ACTIVE')
      throw new NotAuthorisedError('You are blocked in this organisation: ask one of its administrators.');
    row.actingAsOperator = false;
    row.actingOrganisation = organisation.id;
  }
  await em.flush();
  return {
    ...session,
    actingAsOperator: row.actingAsOperator,
    actingOrganisationId: row.actingOrganisation ?? null,
  };
}
