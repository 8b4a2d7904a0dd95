import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestClient } from './app.js';
import { ref, testData } from './builders.js';
import { actingOrganisationId, memberIdOf, sql } from './tenants.js';

/** The typed errors of the account mutations (their unions hold no ConflictError). */
const ERROR_FIELDS = '__typename ... on Error { code message } ... on InvalidInputError { field }';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.stop());

const NEW_PASSWORD = 'Quartz-Lagune-2026!';

const CHANGE_PASSWORD = `mutation($input: ChangePasswordInput!) {
  changePassword(input: $input) {
    ${ERROR_FIELDS}
    ... on PasswordPolicyError { field violations }
    ... on MutationChangePasswordSuccess { data { mustChangePassword mustAcceptTerms } }
  }
}`;
const REQUEST_RESET = `mutation($email: String!) {
  requestPasswordReset(input: { email: $email }) { ${ERROR_FIELDS} ... on RateLimitedError { retryAfterSeconds } ... on MutationRequestPasswordResetSuccess { data } }
}`;
const RESET = `mutation($input: ResetPasswordInput!) {
  resetPassword(input: $input) { ${ERROR_FIELDS} ... on PasswordPolicyError { violations } ... on MutationResetPasswordSuccess { data { email } } }
}`;
const MEMBERS = `query($org: ID!) { members(organisationId: $org, first: 5) { edges { node { id } } } }`;
const CREATE = `mutation($input: CreateMemberInput!) {
  createMember(input: $input) { ${ERROR_FIELDS} ... on MutationCreateMemberSuccess { data { personCreated temporaryPassword member { id } } } }
}`;

/** The secret of the link in a mail, e.g. /reset-password?token=… */
function tokenIn(text: string): string {
  const match = /reset-password\?token=([A-Za-z0-9_-]+)/.exec(text);
  if (!match) throw new Error(`no link in: ${text}`);
  return match[1]!;
}

async function signInWith(email: string, password: string): Promise<TestClient> {
  const client = t.client();
  await client.signIn(email, password);
  return client;
}

describe('first sign-in with a temporary password (Caf)', () => {
  let temporary: string;
  let client: TestClient;

  it('creates the person with a temporary password and e-mails a single-use link to choose one', async () => {
    const paul = await t.as('paul.girard@lumiere.demo');
    const result = await paul.ok(CREATE, {
      input: {
        lastName: 'Bernard',
        firstName: 'Inès',
        email: 'ines.bernard@lumiere.demo',
        emailConfirmation: 'Ines.Bernard@lumiere.demo ',
        mobility: 'MOBILE',
      },
    });
    expect(result.createMember.__typename).toBe('MutationCreateMemberSuccess');
    expect(result.createMember.data.personCreated).toBe(true);
    temporary = result.createMember.data.temporaryPassword;
    expect(temporary).toMatch(/^\w{4}-\w{4}-\w{4}-\w{4}$/);
    const mail = await t.smtp.waitFor(
      (m) => m.to.includes('ines.bernard@lumiere.demo') && /Bienvenue/.test(m.subject),
    );
    expect(mail.subject).toContain('Welcome to Tessera');
    expect(mail.text).toContain('Hello Inès');
    expect(mail.text).toContain(`${t.url}/reset-password?token=`);
    expect(mail.text).not.toContain(temporary);
  });

  it('lets the person sign in but refuses everything else until terms and password are done', async () => {
    client = await signInWith('ines.bernard@lumiere.demo', temporary);
    const viewer = await client.ok('{ viewer { mustChangePassword mustAcceptTerms acting { kind } } }');
    expect(viewer.viewer).toMatchObject({ mustChangePassword: true, mustAcceptTerms: true });
    const org = await sql<{ id: string }>(
      t,
      `select id from organisation where name = 'Centre social Lumière'`,
    );
    const refused = await client.gql(MEMBERS, {
      org: Buffer.from(`Organisation:${org[0]!.id}`).toString('base64'),
    });
    expect(refused.errors?.[0]?.extensions?.code).toBe('NOT_AUTHORISED');
    const created = await client.ok(CREATE, {
      input: {
        lastName: 'X',
        firstName: 'Y',
        email: 'x.y@lumiere.demo',
        emailConfirmation: 'x.y@lumiere.demo',
        mobility: 'DESK',
      },
    });
    expect(created.createMember.__typename).toBe('NotAuthorisedError');
    const rotate = await client.ok('mutation { rotatePersonalIdentifier { __typename } }');
    expect(rotate.rotatePersonalIdentifier.__typename).toBe('NotAuthorisedError');
    const requests = await client.gql('{ myRequests(first: 1) { edges { cursor } } }');
    expect(requests.errors?.[0]?.extensions?.code).toBe('NOT_AUTHORISED');
  });

  it('refuses a new password that breaks the policy, naming every violation', async () => {
    const weak = await client.ok(CHANGE_PASSWORD, { input: { newPassword: 'bernard2026' } });
    expect(weak.changePassword).toMatchObject({
      __typename: 'PasswordPolicyError',
      code: 'PASSWORD_POLICY',
      field: 'newPassword',
    });
    expect(weak.changePassword.violations).toEqual(
      expect.arrayContaining(['TOO_SHORT', 'TOO_FEW_CHARACTER_CLASSES', 'CONTAINS_PERSONAL_DATA']),
    );
  });

  it('refuses the temporary password as the new one, naming the field', async () => {
    const same = await client.ok(CHANGE_PASSWORD, { input: { newPassword: temporary } });
    expect(same.changePassword).toMatchObject({
      __typename: 'InvalidInputError',
      code: 'INVALID_INPUT',
      field: 'newPassword',
    });
    const viewer = await client.ok('{ viewer { mustChangePassword } }');
    expect(viewer.viewer.mustChangePassword).toBe(true);
  });

  it('replaces the temporary password without asking for it again, then the terms are accepted', async () => {
    const changed = await client.ok(CHANGE_PASSWORD, { input: { newPassword: NEW_PASSWORD } });
    expect(changed.changePassword.data).toEqual({ mustChangePassword: false, mustAcceptTerms: true });
    const accepted = await client.ok(
      'mutation { acceptTerms { __typename ... on MutationAcceptTermsSuccess { data { mustAcceptTerms } } } }',
    );
    expect(accepted.acceptTerms.data.mustAcceptTerms).toBe(false);
    await expect(signInWith('ines.bernard@lumiere.demo', temporary)).rejects.toThrow(/sign-in failed/);
    await signInWith('ines.bernard@lumiere.demo', NEW_PASSWORD);
    const events = await sql<{ action: string }>(
      t,
      `select action from audit_event where actor_person = (select id from person where email = $1) order by id`,
      ['ines.bernard@lumiere.demo'],
    );
    expect(events.map((e) => e.action)).toEqual(
      expect.arrayContaining(['person.password-changed', 'person.terms-accepted']),
    );
  });

  it('keeps an administrator whose password change is forced by the operator out of admin fields until done', async () => {
    const operator = await t.as('operateur@tessera.demo');
    const marcMember = await memberIdOf(t, 'marc.favre@morges.demo');
    const marcBefore = await t.as('marc.favre@morges.demo');
    const morges = await actingOrganisationId(marcBefore);
    const forced = await operator.ok(
      `mutation($id: ID!) { forcePasswordChange(input: { memberId: $id }) { ${ERROR_FIELDS} } }`,
      { id: marcMember },
    );
    expect(forced.forcePasswordChange.__typename).toBe('MutationForcePasswordChangeSuccess');
    // The sessions opened before end at once.
    expect((await marcBefore.ok('{ viewer { person { email } } }')).viewer).toBeNull();

    const marc = await t.as('marc.favre@morges.demo');
    const blocked = await marc.gql(MEMBERS, { org: morges });
    expect(blocked.errors?.[0]?.extensions?.code).toBe('NOT_AUTHORISED');
    // Without the temporary-password exemption the current password is not needed only while forced.
    const changed = await marc.ok(CHANGE_PASSWORD, { input: { newPassword: NEW_PASSWORD } });
    expect(changed.changePassword.data.mustChangePassword).toBe(false);
    const allowed = await marc.ok(MEMBERS, { org: morges });
    expect(allowed.members.edges.length).toBeGreaterThan(0);
  });

  it('refuses forcing a password change to anyone but the operator', async () => {
    const claire = await t.as('claire.morel@morges.demo');
    const result = await claire.ok(
      `mutation($id: ID!) { forcePasswordChange(input: { memberId: $id }) { ${ERROR_FIELDS} } }`,
      { id: await memberIdOf(t, 'lucie.blanc@morges.demo') },
    );
    expect(result.forcePasswordChange).toMatchObject({
      __typename: 'NotAuthorisedError',
      code: 'NOT_AUTHORISED',
    });
    const [row] = await sql<{ must_change_password: boolean }>(
      t,
      `select must_change_password from person where email = 'lucie.blanc@morges.demo'`,
    );
    expect(row!.must_change_password).toBe(false);
  });
});

describe('changing one’s password', () => {
  it('asks for the current password, refuses a wrong one, and ends the other sessions', async () => {
    const first = await t.as('julie.rochat@morges.demo');
    const second = await t.as('julie.rochat@morges.demo');
    const missing = await first.ok(CHANGE_PASSWORD, { input: { newPassword: NEW_PASSWORD } });
    expect(missing.changePassword).toMatchObject({
      __typename: 'InvalidInputError',
      field: 'currentPassword',
    });
    const wrong = await first.ok(CHANGE_PASSWORD, {
      input: { currentPassword: 'not-my-password', newPassword: NEW_PASSWORD },
    });
    expect(wrong.changePassword).toMatchObject({ __typename: 'InvalidInputError', field: 'currentPassword' });
    const ok = await first.ok(CHANGE_PASSWORD, {
      input: { currentPassword: 'Tessera-Demo-2026', newPassword: NEW_PASSWORD },
    });
    expect(ok.changePassword.__typename).toBe('MutationChangePasswordSuccess');
    expect((await first.ok('{ viewer { person { email } } }')).viewer.person.email).toBe(
      'julie.rochat@morges.demo',
    );
    expect((await second.ok('{ viewer { person { email } } }')).viewer).toBeNull();
    await t.smtp.waitFor(
      (m) => m.to.includes('julie.rochat@morges.demo') && /mot de passe a été modifié/.test(m.subject),
    );
  });
});

describe('forgotten password', () => {
  it('answers the same for a known and an unknown address, and mails only the known one', async () => {
    const known = await t.client().ok(REQUEST_RESET, { email: 'lucie.blanc@morges.demo' });
    const unknown = await t.client().ok(REQUEST_RESET, { email: 'personne@nulle-part.demo' });
    expect(known.requestPasswordReset).toEqual({
      __typename: 'MutationRequestPasswordResetSuccess',
      data: true,
    });
    expect(unknown.requestPasswordReset).toEqual(known.requestPasswordReset);
    await t.smtp.waitFor(
      (m) => m.to.includes('lucie.blanc@morges.demo') && /Réinitialisation/.test(m.subject),
    );
    await t.drainOutbox();
    expect(t.smtp.inbox.some((m) => m.to.includes('personne@nulle-part.demo'))).toBe(false);
    expect(
      await sql(t, `select id from outbox_message where payload->>'to' = $1`, ['personne@nulle-part.demo']),
    ).toEqual([]);
    // The same query finds the known address's message: the absence above is not a query that finds nothing.
    expect(
      await sql(t, `select id from outbox_message where payload->>'to' = $1`, ['lucie.blanc@morges.demo']),
    ).not.toEqual([]);
  });

  it('resets with the link once, revokes every session, and refuses the link a second time', async () => {
    const before = await t.as('lucie.blanc@morges.demo');
    const mail = await t.smtp.waitFor(
      (m) => m.to.includes('lucie.blanc@morges.demo') && /Réinitialisation/.test(m.subject),
    );
    const token = tokenIn(mail.text);
    const weak = await t.client().ok(RESET, { input: { token, newPassword: 'short' } });
    expect(weak.resetPassword).toMatchObject({ __typename: 'PasswordPolicyError', code: 'PASSWORD_POLICY' });
    const done = await t.client().ok(RESET, { input: { token, newPassword: NEW_PASSWORD } });
    expect(done.resetPassword.data).toEqual({ email: 'lucie.blanc@morges.demo' });
    expect((await before.ok('{ viewer { person { email } } }')).viewer).toBeNull();
    await signInWith('lucie.blanc@morges.demo', NEW_PASSWORD);
    const again = await t.client().ok(RESET, { input: { token, newPassword: 'Another-Password-2027' } });
    expect(again.resetPassword).toMatchObject({ __typename: 'InvalidInputError', field: 'token' });
    const stored = await sql<{ id: string }>(t, `select id from one_time_token where id = $1`, [token]);
    expect(stored).toHaveLength(0); // only the hash is kept
  });

  it('refuses an expired link', async () => {
    await t.client().ok(REQUEST_RESET, { email: 'yves.perret@morges.demo' });
    const mail = await t.smtp.waitFor(
      (m) => m.to.includes('yves.perret@morges.demo') && /Réinitialisation/.test(m.subject),
    );
    await sql(
      t,
      `update one_time_token set expires_at = now() - interval '1 second' where person_id = (select id from person where email = 'yves.perret@morges.demo')`,
    );
    const expired = await t
      .client()
      .ok(RESET, { input: { token: tokenIn(mail.text), newPassword: NEW_PASSWORD } });
    expect(expired.resetPassword).toMatchObject({ __typename: 'InvalidInputError', field: 'token' });
  });

  it('limits requests per address, known or not', async () => {
    for (const email of ['hugo.lefevre@lumiere.demo', 'fantome@nulle-part.demo']) {
      const client = t.client();
      for (let i = 0; i < 3; i++)
        expect((await client.ok(REQUEST_RESET, { email })).requestPasswordReset.__typename).toBe(
          'MutationRequestPasswordResetSuccess',
        );
      const limited = await client.ok(REQUEST_RESET, { email });
      expect(limited.requestPasswordReset.__typename).toBe('RateLimitedError');
      expect(limited.requestPasswordReset.retryAfterSeconds).toBeGreaterThan(0);
    }
  });

  it('names the field of a malformed address', async () => {
    const result = await t.client().ok(REQUEST_RESET, { email: 'not an address' });
    expect(result.requestPasswordReset).toMatchObject({ __typename: 'InvalidInputError', field: 'email' });
  });
});

describe('helping a locked-out person (health portal)', () => {
  const HELP = (name: string) =>
    `mutation($id: ID!) { ${name}(input: { memberId: $id }) { ${ERROR_FIELDS} } }`;
  const BACKUP = `mutation($input: SetMemberBackupEmailInput!) {
    setMemberBackupEmail(input: $input) { ${ERROR_FIELDS} ... on MutationSetMemberBackupEmailSuccess { data { backupEmail } } }
  }`;

  it('sends a welcome e-mail whose link sets a first password', async () => {
    const claire = await t.as('claire.morel@morges.demo');
    // A member of Morges whose account has no password yet (built, so no demo person is changed).
    const newcomer = await testData(t).member(ref(await actingOrganisationId(claire)), { password: null });
    const result = await claire.ok(HELP('sendWelcomeEmail'), { id: newcomer.gid });
    expect(result.sendWelcomeEmail.__typename).toBe('MutationSendWelcomeEmailSuccess');
    const mail = await t.smtp.waitFor((m) => m.to.includes(newcomer.email) && /Bienvenue/.test(m.subject));
    expect(mail.text).toContain('&welcome=1');
    const done = await t
      .client()
      .ok(RESET, { input: { token: tokenIn(mail.text), newPassword: NEW_PASSWORD } });
    expect(done.resetPassword.__typename).toBe('MutationResetPasswordSuccess');
    await signInWith(newcomer.email, NEW_PASSWORD);
  });

  /** The secret of a backup-address confirmation link in a mail. */
  function backupTokenIn(text: string): string {
    const match = /confirm-backup-email\?token=([A-Za-z0-9_-]+)/.exec(text);
    if (!match) throw new Error(`no confirmation link in: ${text}`);
    return match[1]!;
  }
  const CONFIRM_BACKUP = `mutation($token: String!) {
    confirmBackupEmail(input: { token: $token }) { ${ERROR_FIELDS} ... on MutationConfirmBackupEmailSuccess { data } }
  }`;
  const outboxCount = async () =>
    Number((await sql<{ n: string }>(t, 'select count(*) as n from outbox_message'))[0]!.n);

  it('asks for a backup address, uses it only once confirmed from its link, tells the main address, and sends reset mails to both', async () => {
    const claire = await t.as('claire.morel@morges.demo');
    const id = await memberIdOf(t, 'yves.perret@morges.demo');
    const same = await claire.ok(BACKUP, { input: { memberId: id, backupEmail: 'Yves.Perret@morges.demo' } });
    expect(same.setMemberBackupEmail).toMatchObject({
      __typename: 'InvalidInputError',
      field: 'backupEmail',
    });
    const bad = await claire.ok(BACKUP, { input: { memberId: id, backupEmail: 'yves@' } });
    expect(bad.setMemberBackupEmail).toMatchObject({ __typename: 'InvalidInputError', field: 'backupEmail' });
    const set = await claire.ok(BACKUP, { input: { memberId: id, backupEmail: 'y.perret@secours.demo' } });
    expect(set.setMemberBackupEmail.data.backupEmail).toBeNull();
    const [pending] = await sql<{ backup_email: string | null; pending_backup_email: string }>(
      t,
      `select backup_email, pending_backup_email from person where email = 'yves.perret@morges.demo'`,
    );
    expect(pending).toEqual({ backup_email: null, pending_backup_email: 'y.perret@secours.demo' });
    const notice = await t.smtp.waitFor(
      (m) => m.to.includes('yves.perret@morges.demo') && /y\.perret@secours\.demo/.test(m.text),
    );
    expect(notice.to).not.toContain('y.perret@secours.demo');
    const confirmation = await t.smtp.waitFor(
      (m) => m.to.includes('y.perret@secours.demo') && /confirm-backup-email/.test(m.text),
    );
    // Until confirmed, a reset goes to the main address only.
    await claire.ok(HELP('sendPasswordResetEmail'), { id });
    const before = await t.smtp.waitFor(
      (m) => m.to.includes('yves.perret@morges.demo') && /administrateur/.test(m.text),
    );
    expect(before.to).not.toContain('y.perret@secours.demo');
    const anonymous = t.client();
    const wrong = await anonymous.ok(CONFIRM_BACKUP, { token: 'not-a-token' });
    expect(wrong.confirmBackupEmail).toMatchObject({ __typename: 'InvalidInputError', field: 'token' });
    // A confirmation link is no reset link.
    const misuse = await anonymous.ok(RESET, {
      input: { token: backupTokenIn(confirmation.text), newPassword: NEW_PASSWORD },
    });
    expect(misuse.resetPassword).toMatchObject({ __typename: 'InvalidInputError', field: 'token' });
    const confirmed = await anonymous.ok(CONFIRM_BACKUP, { token: backupTokenIn(confirmation.text) });
    expect(confirmed.confirmBackupEmail).toEqual({
      __typename: 'MutationConfirmBackupEmailSuccess',
      data: true,
    });
    const again = await anonymous.ok(CONFIRM_BACKUP, { token: backupTokenIn(confirmation.text) });
    expect(again.confirmBackupEmail).toMatchObject({ __typename: 'InvalidInputError', field: 'token' });
    const sent = await claire.ok(HELP('sendPasswordResetEmail'), { id });
    expect(sent.sendPasswordResetEmail.__typename).toBe('MutationSendPasswordResetEmailSuccess');
    const mail = await t.smtp.waitFor(
      (m) => m.to.includes('y.perret@secours.demo') && /administrateur/.test(m.text),
    );
    expect(mail.to).toContain('yves.perret@morges.demo');
    expect(mail.text).toContain('24 heures');
  });

  it('lets a person ask for its own backup address, used once confirmed', async () => {
    const lea = await t.as('lea.dubois@exemple.demo');
    const result = await lea.ok(
      `mutation { setOwnBackupEmail(input: { backupEmail: "lea@secours.demo" }) { ${ERROR_FIELDS} ... on MutationSetOwnBackupEmailSuccess { data { backupEmail pendingBackupEmail } } } }`,
    );
    expect(result.setOwnBackupEmail.data).toEqual({
      backupEmail: null,
      pendingBackupEmail: 'lea@secours.demo',
    });
    const confirmation = await t.smtp.waitFor(
      (m) => m.to.includes('lea@secours.demo') && /confirm-backup-email/.test(m.text),
    );
    await t.client().ok(CONFIRM_BACKUP, { token: backupTokenIn(confirmation.text) });
    const viewer = await lea.ok('{ viewer { person { backupEmail pendingBackupEmail } } }');
    expect(viewer.viewer.person).toEqual({ backupEmail: 'lea@secours.demo', pendingBackupEmail: null });
  });

  it('keeps a unit admin to its units and another organisation out entirely, queueing nothing', async () => {
    const nadia = await t.as('nadia.keller@morges.demo');
    const yves = await memberIdOf(t, 'yves.perret@morges.demo');
    const queuedBefore = await outboxCount();
    const outside = await nadia.ok(HELP('sendPasswordResetEmail'), { id: yves });
    expect(outside.sendPasswordResetEmail).toMatchObject({ __typename: 'NotFoundError' });
    expect(await outboxCount()).toBe(queuedBefore);
    const lucie = await memberIdOf(t, 'lucie.blanc@morges.demo');
    const inside = await nadia.ok(HELP('sendWelcomeEmail'), { id: lucie });
    expect(inside.sendWelcomeEmail.__typename).toBe('MutationSendWelcomeEmailSuccess');
    await t.smtp.waitFor((m) => m.to.includes('lucie.blanc@morges.demo') && /Bienvenue/.test(m.subject));
    const queuedAfterInside = await outboxCount();
    expect(queuedAfterInside).toBe(queuedBefore + 1);
    const paul = await t.as('paul.girard@lumiere.demo');
    const foreign = await paul.ok(HELP('sendWelcomeEmail'), { id: yves });
    expect(foreign.sendWelcomeEmail).toMatchObject({ __typename: 'NotFoundError' });
    const backup = await paul.ok(BACKUP, { input: { memberId: yves, backupEmail: 'pirate@evil.demo' } });
    expect(backup.setMemberBackupEmail).toMatchObject({ __typename: 'NotFoundError' });
    const [row] = await sql<{ backup_email: string; pending_backup_email: string | null }>(
      t,
      `select backup_email, pending_backup_email from person where email = 'yves.perret@morges.demo'`,
    );
    expect(row).toEqual({ backup_email: 'y.perret@secours.demo', pending_backup_email: null });
    expect(await outboxCount()).toBe(queuedAfterInside);
  });
});

describe('the personal identifier (Vaud)', () => {
  const IDENTIFIER = '{ viewer { personalIdentifier { code expiresAt } } }';

  it('is shown to its owner, the same on every visit, and replaced on request', async () => {
    const lea = await t.as('lea.dubois@exemple.demo');
    const first = (await lea.ok(IDENTIFIER)).viewer.personalIdentifier;
    expect(first.code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(new Date(first.expiresAt).getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    expect((await lea.ok(IDENTIFIER)).viewer.personalIdentifier.code).toBe(first.code);
    const [row] = await sql<{ personal_identifier_hash: string }>(
      t,
      `select personal_identifier_hash from person where email = 'lea.dubois@exemple.demo'`,
    );
    expect(row!.personal_identifier_hash).not.toContain(first.code.replace(/-/g, ''));
    const rotated = await lea.ok(
      'mutation { rotatePersonalIdentifier { __typename ... on MutationRotatePersonalIdentifierSuccess { data { code } } } }',
    );
    expect(rotated.rotatePersonalIdentifier.data.code).not.toBe(first.code);
    expect((await lea.ok(IDENTIFIER)).viewer.personalIdentifier.code).toBe(
      rotated.rotatePersonalIdentifier.data.code,
    );
  });

  it('is never shown to anyone signed out', async () => {
    const anonymous = await t.client().ok(IDENTIFIER);
    expect(anonymous.viewer).toBeNull();
  });
});
