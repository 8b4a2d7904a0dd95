import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSRF_HEADER } from '../src/http/web-surface.js';
import { startTestApp, type TestApp, type TestClient } from './app.js';
import { ERROR_FIELDS, idOf, memberIdOf, sql } from './tenants.js';

/**
 * Independent attacker review of issues 9 and 10 (branch review). Each test replays one attack end to end
 * through the public API and fails where the attack still works. They are meant to fail on the code they were
 * written against: each failing test is a finding of the review report.
 */

let t: TestApp;
let operator: TestClient;
let paul: TestClient; // principal (partner) admin of Lumière: the attacker of another organisation
let sophie: TestClient; // group manager of Lumière's Accueil: the lowest admin there is
let claire: TestClient; // principal admin of Morges
let nadia: TestClient; // unit admin of Morges' Service de la population
let morgesId: string;
let population: string;
let accueil: string;

beforeAll(async () => {
  t = await startTestApp({ BACKGROUND_SCHEDULE: 'off' });
  [operator, paul, sophie, claire, nadia] = await Promise.all([
    t.as('operateur@tessera.demo'),
    t.as('paul.girard@lumiere.demo'),
    t.as('sophie.martin@lumiere.demo'),
    t.as('claire.morel@morges.demo'),
    t.as('nadia.keller@morges.demo'),
  ]);
  morgesId = await idOf(t, 'Organisation', `select id from organisation where name = 'Commune de Morges'`);
  population = await idOf(t, 'Unit', `select id from unit where name = 'Service de la population'`);
  accueil = await idOf(t, 'Group', `select id from member_group where name = 'Accueil'`);
});
afterAll(async () => t?.stop());

const ATTACKER = 'pirate@evil.example';
const PASSWORD = 'Quartz-Lagune-2026!';
const ATTACKER_PASSWORD = 'Corsaire-Brigantin-77!';

/** The typed errors of the account mutations (their unions hold no ConflictError). */
const ACCOUNT_ERRORS = '__typename ... on Error { code message } ... on InvalidInputError { field }';
const CREATE = `mutation($input: CreateMemberInput!) {
  createMember(input: $input) { ${ERROR_FIELDS} ... on MutationCreateMemberSuccess { data { temporaryPassword member { id } } } }
}`;
const BACKUP = `mutation($input: SetMemberBackupEmailInput!) { setMemberBackupEmail(input: $input) { ${ERROR_FIELDS} } }`;
const CONFIRM_BACKUP = `mutation($token: String!) { confirmBackupEmail(input: { token: $token }) { ${ACCOUNT_ERRORS} } }`;
const REQUEST_RESET = `mutation($email: String!) { requestPasswordReset(input: { email: $email }) { ${ACCOUNT_ERRORS} } }`;
const RESET = `mutation($input: ResetPasswordInput!) { resetPassword(input: $input) { ${ACCOUNT_ERRORS} } }`;
const CHANGE_PASSWORD = `mutation($input: ChangePasswordInput!) { changePassword(input: $input) { ${ACCOUNT_ERRORS} } }`;
const ATTACH = `mutation($input: AttachMemberInput!) { attachMember(input: $input) { ${ERROR_FIELDS} } }`;
const INVITE = `mutation($input: InviteMemberInput!) {
  inviteMember(input: $input) { ${ERROR_FIELDS} ... on MutationInviteMemberSuccess { data { invitationId } } }
}`;
const ACCEPT = `mutation($id: ID!) { acceptInvitation(input: { invitationId: $id }) { ${ERROR_FIELDS} } }`;
const CHOOSE = `mutation($org: ID!) { chooseActingContext(input: { organisationId: $org }) { __typename ... on Error { code } } }`;

function tokenIn(text: string, path: string): string | null {
  const match = new RegExp(`${path}\\?token=([A-Za-z0-9_-]+)`).exec(text);
  return match ? match[1]! : null;
}

/** The first mail to an address, after the `after` first ones, that carries a link to this path. */
async function nextLink(address: string, path: string, after: number): Promise<string> {
  const mail = await t.smtp.waitFor(
    (candidate) => mailsTo(address).indexOf(candidate) >= after && tokenIn(candidate.text, path) !== null,
  );
  return tokenIn(mail.text, path)!;
}

/** The mails received by an address so far. */
function mailsTo(address: string) {
  return t.smtp.inbox.filter((mail) => mail.to.includes(address));
}

/** A person Lumière creates (so Lumière owns its identity), who then signs in and chooses its own password. */
async function lumiereCreates(email: string): Promise<{ memberId: string; client: TestClient }> {
  const created = await paul.ok(CREATE, {
    input: { lastName: 'Cible', firstName: 'Camille', email, emailConfirmation: email, mobility: 'DESK' },
  });
  expect(created.createMember.__typename).toBe('MutationCreateMemberSuccess');
  const client = t.client();
  await client.signIn(email, created.createMember.data.temporaryPassword);
  const changed = await client.ok(CHANGE_PASSWORD, { input: { newPassword: PASSWORD } });
  expect(changed.changePassword.__typename).toBe('MutationChangePasswordSuccess');
  await client.ok('mutation { acceptTerms { __typename } }');
  return { memberId: created.createMember.data.member.id, client };
}

/** The person joins Morges with its consent: it hands its personal identifier to Morges' principal admin. */
async function joinsMorges(person: TestClient) {
  const code = (await person.ok('{ viewer { personalIdentifier { code } } }')).viewer.personalIdentifier.code;
  const attached = await claire.ok(ATTACH, { input: { personalIdentifier: code } });
  expect(attached.attachMember.__typename).toBe('MutationAttachMemberSuccess');
}

async function personRow(email: string) {
  const [row] = await sql<{ id: string; backup_email: string | null; pending_backup_email: string | null }>(
    t,
    'select id, backup_email, pending_backup_email from person where email = $1',
    [email],
  );
  return row!;
}

/** The anonymous attacker follows a public "forgot password" for the victim and resets it from its own mailbox. */
async function resetThroughAttackerMailbox(victim: string): Promise<boolean> {
  const seen = mailsTo(ATTACKER).length;
  const anonymous = t.client();
  const asked = await anonymous.ok(REQUEST_RESET, { email: victim });
  expect(asked.requestPasswordReset.__typename).toBe('MutationRequestPasswordResetSuccess');
  // Wait for the outbox to deliver the reset mail to the victim's main address (it always gets one).
  await t.smtp.waitFor(
    (mail) =>
      mail.to.includes(victim) &&
      tokenIn(mail.text, '/reset-password') !== null &&
      !mail.text.includes('welcome=1'),
  );
  const stolen = mailsTo(ATTACKER)
    .slice(seen)
    .map((mail) => tokenIn(mail.text, '/reset-password'))
    .find((token) => token !== null);
  if (!stolen) return false;
  const reset = await anonymous.ok(RESET, { input: { token: stolen, newPassword: ATTACKER_PASSWORD } });
  return reset.resetPassword.__typename === 'MutationResetPasswordSuccess';
}

describe('rule 7: the identity of a person who now belongs to two organisations', () => {
  it('a backup address Lumière asked for while it owned the person is confirmed after the person joined Morges', async () => {
    const victim = 'camille.pending@lumiere.demo';
    const { memberId, client } = await lumiereCreates(victim);
    // While Lumière owns the identity, its admin asks for a backup address: its own mailbox.
    const seen = mailsTo(ATTACKER).length;
    const asked = await paul.ok(BACKUP, { input: { memberId, backupEmail: ATTACKER } });
    expect(asked.setMemberBackupEmail.__typename).toBe('MutationSetMemberBackupEmailSuccess');
    const token = await nextLink(ATTACKER, '/confirm-backup-email', seen);
    // The person joins Morges with its consent: Lumière no longer owns the identity, and says so itself.
    await joinsMorges(client);
    const refused = await paul.ok(BACKUP, { input: { memberId, backupEmail: ATTACKER } });
    expect(refused.setMemberBackupEmail.code).toBe('IDENTITY_NOT_OWNED');

    // Attack: the link issued while Lumière owned the person still works now that it does not.
    const confirmed = await t.client().ok(CONFIRM_BACKUP, { token });
    const backupEmail = (await personRow(victim)).backup_email;
    // And then a public reset of this Morges member reaches Lumière's admin.
    const tookOver = await resetThroughAttackerMailbox(victim);
    expect({ confirmed: confirmed.confirmBackupEmail.__typename, backupEmail, tookOver }).toEqual({
      confirmed: 'InvalidInputError',
      backupEmail: null,
      tookOver: false,
    });
  });

  it('a backup address Lumière set and confirmed itself survives the person joining Morges: a public reset then hands the Morges member to Lumière', async () => {
    const victim = 'camille.backup@lumiere.demo';
    const { memberId, client } = await lumiereCreates(victim);
    const seen = mailsTo(ATTACKER).length;
    const asked = await paul.ok(BACKUP, { input: { memberId, backupEmail: ATTACKER } });
    expect(asked.setMemberBackupEmail.__typename).toBe('MutationSetMemberBackupEmailSuccess');
    // The "confirmation by the person" is a link sent to the new address, i.e. to the attacker, who follows it.
    const token = await nextLink(ATTACKER, '/confirm-backup-email', seen);
    const confirmed = await t.client().ok(CONFIRM_BACKUP, { token });
    expect(confirmed.confirmBackupEmail.__typename).toBe('MutationConfirmBackupEmailSuccess');

    // Later the person joins Morges with its consent (it could as well be named an admin there).
    await joinsMorges(client);

    // Attack: an anonymous "forgot password" sends the reset link to the backup address Lumière controls.
    const tookOver = await resetThroughAttackerMailbox(victim);
    let actingFor: string | null = null;
    if (tookOver) {
      const attacker = t.client();
      await attacker.signIn(victim, ATTACKER_PASSWORD);
      const chosen = await attacker.ok(CHOOSE, { org: morgesId });
      if (chosen.chooseActingContext.__typename === 'MutationChooseActingContextSuccess')
        actingFor = (await attacker.ok('{ viewer { acting { organisation { name } } } }')).viewer.acting
          .organisation.name;
    }
    expect({ tookOver, actingFor }).toEqual({ tookOver: false, actingFor: null });
  });
});

describe('rule 7: invitations are bound to an e-mail address that nobody verified', () => {
  it('a group manager of Lumière creates the account of an invited address and becomes principal admin of Morges', async () => {
    const invited = 'nouvelle.gap@morges.demo';
    // The operator invites the future principal admin of Morges, who has no account yet.
    const invitation = await operator.ok(INVITE, {
      input: { organisationId: morgesId, email: invited, asPrincipalAdmin: true },
    });
    expect(invitation.inviteMember.__typename).toBe('MutationInviteMemberSuccess');

    // Attack: Sophie, group manager in Lumière, creates an account with that address in her own group: she is
    // handed its temporary password.
    const created = await sophie.ok(CREATE, {
      input: {
        lastName: 'Gap',
        firstName: 'Nouvelle',
        email: invited,
        emailConfirmation: invited,
        mobility: 'DESK',
        groupIds: [accueil],
      },
    });
    expect(created.createMember.__typename).toBe('MutationCreateMemberSuccess');
    const attacker = t.client();
    await attacker.signIn(invited, created.createMember.data.temporaryPassword);
    await attacker.ok(CHANGE_PASSWORD, { input: { newPassword: ATTACKER_PASSWORD } });
    await attacker.ok('mutation { acceptTerms { __typename } }');
    const mine = await attacker.ok('{ myInvitations { id organisationName asPrincipalAdmin } }');
    const accepted = await attacker.ok(ACCEPT, { id: invitation.inviteMember.data.invitationId });
    const [principal] = await sql<{ n: number }>(
      t,
      `select count(*)::int as n from admin_role r join member m on m.id = r.member_id join person p on p.id = m.person_id
        where p.email = $1 and r.kind = 'PRINCIPAL_ADMIN'`,
      [invited],
    );
    expect({
      seen: mine.myInvitations.length,
      accepted: accepted.acceptInvitation.__typename,
      principalRoles: principal!.n,
    }).toEqual({ seen: 0, accepted: expect.not.stringMatching(/Success$/), principalRoles: 0 });
  });
});

describe('rule 7: createMember tells whether an e-mail address has an account, silently', () => {
  it('a unit admin of Morges probes e-mail addresses without creating anyone, without limit and without trace', async () => {
    // One member of her own unit, with a national number: the key of the oracle.
    const nationalNumber = '85.07.30-033.28';
    const first = await nadia.ok(CREATE, {
      input: {
        lastName: 'Clef',
        firstName: 'Oracle',
        email: 'oracle.clef@morges.demo',
        emailConfirmation: 'oracle.clef@morges.demo',
        nationalNumber,
        mobility: 'DESK',
        unitIds: [population],
      },
    });
    expect(first.createMember.__typename, JSON.stringify(first)).toBe('MutationCreateMemberSuccess');
    const probe = async (email: string) =>
      (
        await nadia.ok(CREATE, {
          input: {
            lastName: 'Sonde',
            firstName: 'Sonde',
            email,
            emailConfirmation: email,
            nationalNumber,
            mobility: 'DESK',
            unitIds: [population],
          },
        })
      ).createMember;
    const [peopleBefore] = await sql<{ n: number }>(t, 'select count(*)::int as n from person');
    const [auditBefore] = await sql<{ n: number }>(t, 'select count(*)::int as n from audit_event');
    const answers = [];
    // Sixty probes, more than the fifty invitations an admin may send in an hour.
    for (let i = 0; i < 59; i++) answers.push(await probe(`inconnu.${i}@exemple.demo`));
    answers.push(await probe('lea.dubois@exemple.demo'));
    const [peopleAfter] = await sql<{ n: number }>(t, 'select count(*)::int as n from person');
    const [auditAfter] = await sql<{ n: number }>(t, 'select count(*)::int as n from audit_event');
    // Nothing is created either way, and the answer says which address has an account:
    const unknown = answers[0];
    const known = answers[59];
    expect(peopleAfter!.n).toBe(peopleBefore!.n);
    const limited = answers.some((answer) => answer.code === 'RATE_LIMITED');
    const traced = auditAfter!.n > auditBefore!.n;
    const distinguishable =
      JSON.stringify([unknown.code, unknown.field]) !== JSON.stringify([known.code, known.field]);
    // A silent oracle is one that tells addresses apart, with neither a limit nor an audit trail.
    expect(
      !distinguishable || limited || traced,
      `silent oracle: unknown address → ${JSON.stringify(unknown)}, known address → ${JSON.stringify(known)}, rate limited: ${limited}, audited: ${traced}`,
    ).toBe(true);
  });
});

describe('rule 1: the rank check on every action on a member', () => {
  it('a unit admin restores an archived referent by approving its account-creation request', async () => {
    const marcMember = await memberIdOf(t, 'marc.favre@morges.demo');
    // Claire archives Marc, referent of Morges; his roles stay on the archived membership.
    const archived = await claire.ok(
      `mutation($id: ID!) { archiveMember(input: { memberId: $id }) { ${ERROR_FIELDS} } }`,
      { id: marcMember },
    );
    expect(archived.archiveMember.__typename).toBe('MutationArchiveMemberSuccess');
    // Nadia (unit admin, below a referent) may not restore him directly.
    const direct = await nadia.ok(
      `mutation($id: ID!) { restoreMember(input: { memberId: $id }) { ${ERROR_FIELDS} } }`,
      { id: marcMember },
    );
    expect(direct.restoreMember.__typename).not.toBe('MutationRestoreMemberSuccess');

    // Marc asks to join Morges again, in Nadia's unit; Nadia approves.
    const marc = await t.as('marc.favre@morges.demo');
    const asked = await marc.ok(
      `mutation($input: SubmitAccountCreationRequestInput!) { submitAccountCreationRequest(input: $input) { ${ERROR_FIELDS} ... on MutationSubmitAccountCreationRequestSuccess { data { id } } } }`,
      { input: { registryKind: 'IDE', registryNumber: 'CHE-109.624.383', unitId: population } },
    );
    expect(asked.submitAccountCreationRequest.__typename, JSON.stringify(asked)).toBe(
      'MutationSubmitAccountCreationRequestSuccess',
    );
    const decided = await nadia.ok(
      `mutation($input: DecideRequestInput!) { decideRequest(input: $input) { ${ERROR_FIELDS} } }`,
      { input: { requestId: asked.submitAccountCreationRequest.data.id, decision: 'APPROVE' } },
    );
    const [state] = await sql<{ status: string; roles: string[] }>(
      t,
      `select m.status, array(select kind from admin_role r where r.member_id = m.id)::text[] as roles
         from member m where m.id = $1`,
      [Buffer.from(marcMember, 'base64').toString().split(':')[1]],
    );
    // The referent is back, with his referent role, by the hand of an admin below him.
    const restoredByLowerAdmin =
      decided.decideRequest.__typename === 'MutationDecideRequestSuccess' &&
      state!.status === 'ACTIVE' &&
      state!.roles.includes('REFERENT');
    expect(
      restoredByLowerAdmin,
      `decideRequest → ${decided.decideRequest.__typename}; Marc is now ${state!.status} with roles ${state!.roles}`,
    ).toBe(false);
  });
});

describe('rule 1: detaching from a unit skips the rank check', () => {
  it('a unit admin detaches a referent of the organisation from her unit', async () => {
    const lucie = await memberIdOf(t, 'lucie.blanc@morges.demo');
    const named = await claire.ok(
      `mutation($input: NameAdministratorInput!) { nameAdministrator(input: $input) { ${ERROR_FIELDS} } }`,
      { input: { memberId: lucie, kind: 'REFERENT' } },
    );
    expect(named.nameAdministrator.__typename).toMatch(/Success$/);
    // Nadia may not block her (a referent is above a unit admin)...
    const block = await nadia.ok(
      `mutation($id: ID!) { blockMember(input: { memberId: $id }) { ${ERROR_FIELDS} } }`,
      { id: lucie },
    );
    expect(block.blockMember.__typename).not.toMatch(/Success$/);
    // ...but she takes her out of the unit.
    const detached = await nadia.ok(
      `mutation($input: MemberUnitInput!) { detachMemberFromUnit(input: $input) { ${ERROR_FIELDS} } }`,
      { input: { memberId: lucie, unitId: population } },
    );
    expect(detached.detachMemberFromUnit.__typename).not.toMatch(/Success$/);
  });
});

describe('rules 1 and 8: the acting administrator is read before the organisation lock', () => {
  it('an administrator whose roles were removed meanwhile still blocks a member once the lock is free', async () => {
    const julie = await t.as('julie.rochat@morges.demo');
    const yves = await memberIdOf(t, 'yves.perret@morges.demo');
    const julieMember = Buffer.from(await memberIdOf(t, 'julie.rochat@morges.demo'), 'base64')
      .toString()
      .split(':')[1]!;
    const morges = Buffer.from(morgesId, 'base64').toString().split(':')[1]!;
    // Another writer (here: SQL standing for Claire removing Julie's role) holds Morges' lock.
    const holder = new pg.Client({ connectionString: t.databaseUrl });
    await holder.connect();
    try {
      await holder.query('begin');
      await holder.query('select id from organisation where id = $1 for update', [morges]);
      // Julie blocks Yves: her request reads her roles, then waits for the lock.
      const blocking = julie.ok(
        `mutation($id: ID!) { blockMember(input: { memberId: $id }) { ${ERROR_FIELDS} } }`,
        { id: yves },
      );
      for (;;) {
        const [waiting] = await sql<{ n: number }>(
          t,
          `select count(*)::int as n from pg_stat_activity
            where datname = current_database() and wait_event_type = 'Lock' and query ilike '%organisation%for update%'`,
        );
        if (waiting!.n > 0) break;
        await new Promise((resolve) => setImmediate(resolve));
      }
      // The other writer takes Julie's admin role away and commits.
      await holder.query('delete from admin_role where member_id = $1', [julieMember]);
      await holder.query('commit');
      const answer = (await blocking).blockMember;
      const [yvesNow] = await sql<{ status: string }>(t, 'select status from member where id = $1', [
        Buffer.from(yves, 'base64').toString().split(':')[1],
      ]);
      expect({ answer: answer.__typename, yves: yvesNow!.status }).toEqual({
        answer: expect.not.stringMatching(/Success$/),
        yves: 'ACTIVE',
      });
    } finally {
      await holder.end();
    }
  });
});

describe('a blocked administrator', () => {
  it('signs in again after being blocked and keeps administering with its admin roles', async () => {
    const nadiaMember = await memberIdOf(t, 'nadia.keller@morges.demo');
    const blocked = await claire.ok(
      `mutation($id: ID!) { blockMember(input: { memberId: $id }) { ${ERROR_FIELDS} } }`,
      { id: nadiaMember },
    );
    expect(blocked.blockMember.__typename).toBe('MutationBlockMemberSuccess');
    // Her open sessions for Morges ended; she simply signs in again (sign-in picks Morges, her only organisation).
    const again = await t.as('nadia.keller@morges.demo');
    const acting = await again.ok('{ viewer { acting { organisation { name } } } }');
    const created = await again.ok(CREATE, {
      input: {
        lastName: 'Bloquée',
        firstName: 'Encore',
        email: 'cree.par.bloquee@morges.demo',
        emailConfirmation: 'cree.par.bloquee@morges.demo',
        mobility: 'DESK',
        unitIds: [population],
      },
    });
    // A plain member of her unit (created by her in the oracle test above).
    const lucie = await memberIdOf(t, 'oracle.clef@morges.demo');
    const blockedLucie = await again.ok(
      `mutation($id: ID!) { blockMember(input: { memberId: $id }) { ${ERROR_FIELDS} } }`,
      { id: lucie },
    );
    expect({
      actingFor: acting.viewer?.acting?.organisation?.name,
      createMember: created.createMember.__typename,
      blockMember: blockedLucie.blockMember.__typename,
    }).toEqual({
      // Fixed: sign-in no longer acts for an organisation where the member is blocked.
      actingFor: undefined,
      createMember: expect.not.stringMatching(/Success$/),
      blockMember: expect.not.stringMatching(/Success$/),
    });
  });
});

describe('self-service password reset, behind one trusted proxy (TRUST_PROXY=1)', () => {
  let proxied: TestApp;
  beforeAll(async () => {
    proxied = await startTestApp(
      { TRUST_PROXY: '1', BACKGROUND_SCHEDULE: 'off' },
      { databaseUrl: t.databaseUrl },
    );
  });
  afterAll(async () => proxied?.app.stop());

  async function askResetFrom(address: string, email: string) {
    const response = await fetch(`${proxied.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [CSRF_HEADER]: '1', 'x-forwarded-for': address },
      body: JSON.stringify({ query: REQUEST_RESET, variables: { email } }),
    });
    return ((await response.json()) as { data: { requestPasswordReset: { __typename: string } } }).data
      .requestPasswordReset.__typename;
  }

  it('an anonymous caller at one address keeps a person from resetting its own password, from anywhere', async () => {
    const victim = 'julie.rochat@morges.demo';
    // Three requests an hour from the attacker's one address (which stays far below its own limit of 20).
    for (let i = 0; i < 3; i++) await askResetFrom('203.0.113.66', victim);
    // The person, at home, asks for its reset link.
    expect(await askResetFrom('198.51.100.20', victim)).toBe('MutationRequestPasswordResetSuccess');
  });

  it('the dev mailbox, with every reset link, answers a remote client that comes through the local proxy', async () => {
    // The proxy runs on this machine, so every request reaches the API from loopback.
    const remote = await fetch(`${proxied.url}/dev/mail`, { headers: { 'x-forwarded-for': '203.0.113.66' } });
    expect(remote.status).toBe(404);
  });
});

describe('rule 6 (runs last: Morges loses its principal admin when the hole is there)', () => {
  it('the last active principal admin is removed because a blocked one still counts', async () => {
    const email = 'second.principal@morges.demo';
    const created = await claire.ok(CREATE, {
      input: {
        lastName: 'Second',
        firstName: 'Principal',
        email,
        emailConfirmation: email,
        mobility: 'DESK',
      },
    });
    expect(created.createMember.__typename).toBe('MutationCreateMemberSuccess');
    const named = await operator.ok(
      `mutation($input: NamePrincipalAdministratorInput!) { namePrincipalAdministrator(input: $input) { ${ERROR_FIELDS} } }`,
      { input: { organisationId: morgesId, existingPersonEmail: email } },
    );
    expect(named.namePrincipalAdministrator.__typename).toMatch(/Success$/);
    // The operator blocks the second principal: allowed, Claire remains able to act.
    const blocked = await operator.ok(
      `mutation($id: ID!) { blockMember(input: { memberId: $id }) { ${ERROR_FIELDS} } }`,
      { id: created.createMember.data.member.id },
    );
    expect(blocked.blockMember.__typename).toBe('MutationBlockMemberSuccess');
    // Then Claire's principal role is taken away: the blocked principal counts as the one that remains.
    const claireRole = await idOf(
      t,
      'AdminRole',
      `select r.id from admin_role r join member m on m.id = r.member_id join person p on p.id = m.person_id
        where p.email = 'claire.morel@morges.demo' and r.kind = 'PRINCIPAL_ADMIN'`,
    );
    const removed = await operator.ok(
      `mutation($id: ID!) { removeAdministrator(input: { adminRoleId: $id }) { ${ERROR_FIELDS} } }`,
      { id: claireRole },
    );
    const [active] = await sql<{ n: number }>(
      t,
      `select count(*)::int as n from admin_role r join member m on m.id = r.member_id
        where r.organisation_id = $1 and r.kind = 'PRINCIPAL_ADMIN' and m.status = 'ACTIVE'`,
      [Buffer.from(morgesId, 'base64').toString().split(':')[1]],
    );
    expect({ removed: removed.removeAdministrator.__typename, activePrincipals: active!.n }).toEqual({
      removed: expect.not.stringMatching(/Success$/),
      activePrincipals: 1,
    });
  });
});

describe('introspection off in production', () => {
  it('still spells out the schema through "Did you mean" suggestions', async () => {
    const production = await startTestApp(
      {
        NODE_ENV: 'production',
        BACKGROUND_SCHEDULE: 'off',
        PUBLIC_URL: 'https://tessera.example.org',
        SESSION_SECRET: 'a-production-secret-of-at-least-32-characters',
      },
      { databaseUrl: t.databaseUrl },
    );
    try {
      const response = await fetch(`${production.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [CSRF_HEADER]: '1' },
        body: JSON.stringify({ query: 'mutation { setMemberBackup }' }),
      });
      const body = (await response.json()) as { errors?: { message: string }[] };
      expect(body.errors?.map((error) => error.message).join(' ')).not.toMatch(/Did you mean/);
    } finally {
      await production.app.stop();
    }
  });
});
