import type { consentFr } from './consent.fr';

/** Identities and consent (issue 9); spread into en.ts. */
export const consentEn: typeof consentFr = {
  personExists: {
    emailTitle: 'This e-mail address already belongs to an account',
    nationalNumberTitle: 'This national register number already belongs to an account',
    body: 'The person already has their own account: nobody is attached without consent. Attach them with the personal identifier they give you, or send them an invitation that they accept or decline in their account.',
    field: 'Already used by an existing account: see the choices below.',
    attach: 'Attach with the personal identifier',
    invite: 'Send an invitation',
    inviteHelp:
      'The invitation goes to {email}, the address typed. It lasts 14 days; the person answers it under “My account”.',
    inviteNeedsEmail: 'To invite this person, type their e-mail address above, then come back here.',
    invited: 'Invitation sent to {email}. It expires on {date}.',
    alreadyPending: 'An invitation to this address is already waiting for an answer.',
    rateLimited: 'You sent too many invitations. Try again in {delay}.',
    inviteInvalidEmail: 'This e-mail address is not valid.',
    backToForm: 'Edit the form',
  },
  principalInvite: {
    title: 'This person already has an account',
    body: 'They are not a member of this organisation: nobody is attached without consent. Invite them as principal administrator; they become one by accepting, from their account.',
    invite: 'Invite as principal administrator',
    invited:
      'Invitation sent to {email}. The person becomes principal administrator by accepting it, by {date} at the latest.',
  },
  invitations: {
    title: 'Invitations',
    help: 'An organisation invites you to join it. Nothing changes without your consent.',
    none: 'No pending invitation.',
    listLabel: 'Pending invitations',
    asPrincipalAdmin: 'as principal administrator',
    expires: 'Answer by {date}',
    sentOn: 'Received on {date}',
    accept: 'Accept',
    acceptNamed: 'Accept the invitation from {name}',
    decline: 'Decline',
    declineNamed: 'Decline the invitation from {name}',
    declineTitle: 'Decline the invitation from {name}?',
    declineText: 'The organisation is not told why. It may invite you again.',
    accepted: 'You are a member of {name}.',
    actFor: 'Act for {name}',
    declined: 'Invitation declined.',
    closed: 'This invitation is no longer open: it expired or was already answered.',
    archived: 'Your membership of this organisation is archived: ask its administrators to restore it.',
    pendingBanner:
      '{count, plural, one {You have # pending invitation.} other {You have # pending invitations.}}',
    seeInvitations: 'See my invitations',
  },
  backupEmail: {
    awaiting: 'Awaiting confirmation',
    pending: 'Awaiting confirmation: {email}',
    pendingHelp: 'A confirmation link was sent to this address. It is used only once confirmed.',
    current: 'Confirmed backup address: {email}',
    none: 'No backup address.',
    requested: 'A confirmation link is sent to {email}.',
    request: 'Ask for this change',
    newLabel: 'New backup address',
  },
  verifyEmail: {
    intro: 'Confirm that this e-mail address is yours: invitations sent to it can then be accepted.',
    confirm: 'Confirm my address',
    pageTitle: 'E-mail address',
    title: 'Confirm your e-mail address',
    confirming: 'Confirming…',
    done: 'Your e-mail address is confirmed.',
    invalid:
      'This link no longer works: it was already used or it expired. Ask for a new link from “My account”.',
    signIn: 'Sign in',
    account: 'Go to my account',
    verified: 'Your e-mail address is confirmed.',
    unverified: 'Your e-mail address is not confirmed yet: confirm it to accept invitations.',
    send: 'Send me a confirmation link',
    sent: 'A confirmation link was sent to {email}.',
  },
  confirmBackupEmail: {
    intro:
      'Confirm that this backup address is yours: your account’s e-mails (welcome, reset) will also be sent there.',
    confirm: 'Confirm the address',
    pageTitle: 'Backup address',
    title: 'Confirm the backup address',
    confirming: 'Confirming…',
    done: 'Your backup address is confirmed. Your account’s e-mails will also be sent there.',
    invalid:
      'This link no longer works: it was already used or it expired. Ask for a new link from “My account”.',
    signIn: 'Sign in',
    account: 'Go to my account',
  },
  identity: {
    notOwned:
      'Only the person can change their e-mail address, backup address or password, from their own account: your organisation does not manage their identity alone, or they stand at or above your level.',
    notOwnedTitle: 'Identity managed by the person',
  },
};
