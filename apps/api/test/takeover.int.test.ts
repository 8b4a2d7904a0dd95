import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestClient } from './app.js';
import { ERROR_FIELDS, gid, sql } from './tenants.js';

/**
 * Issue 9's takeover, replayed: the partner administrator of Lumière tried to become principal admin of Morges,
 * then operator, in four calls (attach the victim by e-mail, set its backup e-mail, mail it a reset link, reset).
 * Every step must fail, including when the victim really is a member of both organisations (with its consent).
 */

let t: TestApp;
let paul: TestClient;
beforeAll(async () => {
  t = await startTestApp();
  paul = await t.as('paul.girard@lumiere.demo');
});
afterAll(async () => t?.stop());

const ATTACKER_ADDRESS = 'pirate@evil.example';
const CREATE = `mutation($input: CreateMemberInput!) {
  createMember(input: $input) { ${ERROR_FIELDS} ... on MutationCreateMemberSuccess { data { member { id } } } }
}`;
const BACKUP = `mutation($input: SetMemberBackupEmailInput!) { setMemberBackupEmail(input: $input) { ${ERROR_FIELDS} } }`;
const HELP = (name: string) => `mutation($id: ID!) { ${name}(input: { memberId: $id }) { ${ERROR_FIELDS} } }`;

async function identityOf(email: string) {
  const [row] = await sql<Record<string, unknown>>(
    t,
    `select p.email, p.backup_email, p.pending_backup_email, p.password_hash, p.must_change_password,
            (select count(*)::int from one_time_token o where o.person_id = p.id) as tokens,
            (select count(*)::int from outbox_message m where m.payload::text like '%' || $2 || '%') as mails_to_attacker
       from person p where p.email = $1`,
    [email, ATTACKER_ADDRESS],
  );
  return row!;
}

async function memberIn(organisation: string, email: string): Promise<string | null> {
  const [row] = await sql<{ id: string }>(
    t,
    `select m.id from member m join person p on p.id = m.person_id join organisation o on o.id = m.organisation_id
      where p.email = $1 and o.name = $2`,
    [email, organisation],
  );
  return row ? gid('Member', row.id) : null;
}

/** The victim joins Lumière with its consent: the worst case for the attacker's later steps. */
async function joinLumiereWithConsent(victim: string) {
  const invited = await paul.ok(
    `mutation($email: String!) { inviteMember(input: { email: $email }) { ${ERROR_FIELDS} ... on MutationInviteMemberSuccess { data { invitationId } } } }`,
    { email: victim },
  );
  const client = await t.as(victim);
  const accepted = await client.ok(
    `mutation($id: ID!) { acceptInvitation(input: { invitationId: $id }) { ${ERROR_FIELDS} } }`,
    { id: invited.inviteMember.data.invitationId },
  );
  expect(accepted.acceptInvitation.__typename).toBe('MutationAcceptInvitationSuccess');
}

describe.each([
  ['the principal admin of Morges', 'claire.morel@morges.demo'],
  ['the operator', 'operateur@tessera.demo'],
])('the four-call takeover against %s', (_who, victim) => {
  it('fails at every step, and the identity is untouched', async () => {
    const before = await identityOf(victim);
    // (1) createMember with the victim's e-mail: never attaches an existing person.
    const created = await paul.ok(CREATE, {
      input: {
        lastName: 'X',
        firstName: 'Y',
        email: victim,
        emailConfirmation: victim,
        mobility: 'DESK',
      },
    });
    expect(created.createMember).toMatchObject({ __typename: 'RuleViolationError', code: 'PERSON_EXISTS' });
    expect(await memberIn('Centre social Lumière', victim)).toBeNull();

    // The victim now joins Lumière with its own consent: the attacker holds a real membership id.
    await joinLumiereWithConsent(victim);
    const foothold = (await memberIn('Centre social Lumière', victim))!;
    expect(foothold).not.toBeNull();

    // (2) the backup e-mail, (3) the reset link, and the welcome link and forced change beside them.
    const backup = await paul.ok(BACKUP, { input: { memberId: foothold, backupEmail: ATTACKER_ADDRESS } });
    expect(backup.setMemberBackupEmail).toMatchObject({
      __typename: 'RuleViolationError',
      code: 'IDENTITY_NOT_OWNED',
    });
    for (const name of ['sendPasswordResetEmail', 'sendWelcomeEmail']) {
      const answer = await paul.ok(HELP(name), { id: foothold });
      expect(answer[name], name).toMatchObject({
        __typename: 'RuleViolationError',
        code: 'IDENTITY_NOT_OWNED',
      });
    }
    const forced = await paul.ok(HELP('forcePasswordChange'), { id: foothold });
    expect(forced.forcePasswordChange.__typename).toBe('NotAuthorisedError');
    // The Morges membership stays out of reach altogether.
    const morgesMember = await memberIn('Commune de Morges', victim);
    if (morgesMember) {
      const answer = await paul.ok(BACKUP, {
        input: { memberId: morgesMember, backupEmail: ATTACKER_ADDRESS },
      });
      expect(answer.setMemberBackupEmail.__typename).toBe('NotFoundError');
    }
    // The screen tells the attacker the same: no help offered.
    const viewerCan = await paul.ok(
      `query($id: ID!) { node(id: $id) { ... on Member { viewerCan { help } } } }`,
      {
        id: foothold,
      },
    );
    expect(viewerCan.node.viewerCan.help).toBe(false);

    // (4) nothing to reset with: no link was issued and nothing was queued for the attacker's address.
    expect(await identityOf(victim)).toEqual(before);
    expect(t.smtp.inbox.filter((mail) => mail.to.includes(ATTACKER_ADDRESS))).toEqual([]);
  });
});
