import type { EmailPayload } from '../outbox/outbox-message.entity.js';

/** Who receives a person's account mail: its address, and its backup address when it has one (health portal). */
export function recipientsOf(person: { email: string; backupEmail?: string | null }): string {
  return [person.email, person.backupEmail]
    .filter((address): address is string => Boolean(address))
    .join(', ');
}

interface Bilingual {
  fr: { subject: string; body: string[] };
  en: { subject: string; body: string[] };
}

/** One message in French, with the same text in English below it. */
export function bilingualEmail(to: string, text: Bilingual): EmailPayload {
  return {
    to,
    subject: `${text.fr.subject} / ${text.en.subject}`,
    text: [...text.fr.body, '', '—', '(English below)', '', ...text.en.body, '', '—', 'Tessera'].join('\n'),
  };
}

export function welcomeEmail(input: {
  to: string;
  firstName: string;
  email: string;
  link: string;
  validDays: number;
  organisationName?: string | null;
}): EmailPayload {
  const where = input.organisationName;
  return bilingualEmail(input.to, {
    fr: {
      subject: 'Bienvenue sur Tessera',
      body: [
        `Bonjour ${input.firstName},`,
        '',
        where
          ? `Un compte Tessera a été préparé pour vous au sein de l’organisation ${where}.`
          : 'Un compte Tessera a été préparé pour vous.',
        `Votre identifiant de connexion est votre adresse e-mail : ${input.email}`,
        '',
        `Choisissez votre mot de passe en suivant ce lien (valable ${input.validDays} jours, utilisable une seule fois) :`,
        input.link,
        '',
        'À votre première connexion, vous accepterez les conditions d’utilisation.',
      ],
    },
    en: {
      subject: 'Welcome to Tessera',
      body: [
        `Hello ${input.firstName},`,
        '',
        where
          ? `A Tessera account was prepared for you at ${where}.`
          : 'A Tessera account was prepared for you.',
        `You sign in with your e-mail address: ${input.email}`,
        '',
        `Choose your password with this link (valid for ${input.validDays} days, usable once):`,
        input.link,
        '',
        'At your first sign-in you will accept the terms of use.',
      ],
    },
  });
}

export function passwordResetEmail(input: {
  to: string;
  firstName: string;
  link: string;
  validMinutes: number;
  byAdministrator: boolean;
}): EmailPayload {
  const hours = input.validMinutes >= 120 ? input.validMinutes / 60 : null;
  const validityFr = hours ? `${hours} heures` : `${input.validMinutes} minutes`;
  const validityEn = hours ? `${hours} hours` : `${input.validMinutes} minutes`;
  return bilingualEmail(input.to, {
    fr: {
      subject: 'Réinitialisation de votre mot de passe',
      body: [
        `Bonjour ${input.firstName},`,
        '',
        input.byAdministrator
          ? 'Un administrateur de votre organisation vous envoie ce lien pour choisir un nouveau mot de passe.'
          : 'Une réinitialisation du mot de passe de votre compte Tessera a été demandée.',
        `Choisissez un nouveau mot de passe en suivant ce lien (valable ${validityFr}, utilisable une seule fois) :`,
        input.link,
        '',
        'Si vous n’êtes pas à l’origine de cette demande, ignorez ce message : votre mot de passe reste inchangé.',
      ],
    },
    en: {
      subject: 'Reset your password',
      body: [
        `Hello ${input.firstName},`,
        '',
        input.byAdministrator
          ? 'An administrator of your organisation sends you this link to choose a new password.'
          : 'Someone asked to reset the password of your Tessera account.',
        `Choose a new password with this link (valid for ${validityEn}, usable once):`,
        input.link,
        '',
        'If you did not ask for this, ignore this message: your password stays the same.',
      ],
    },
  });
}

export function passwordChangedEmail(input: { to: string; firstName: string }): EmailPayload {
  return bilingualEmail(input.to, {
    fr: {
      subject: 'Votre mot de passe a été modifié',
      body: [
        `Bonjour ${input.firstName},`,
        '',
        'Le mot de passe de votre compte Tessera vient d’être modifié. Vos autres sessions ont été fermées.',
        'Si vous n’êtes pas à l’origine de ce changement, contactez sans attendre l’administrateur de votre organisation.',
      ],
    },
    en: {
      subject: 'Your password was changed',
      body: [
        `Hello ${input.firstName},`,
        '',
        'The password of your Tessera account was just changed. Your other sessions were closed.',
        'If you did not do this, contact your organisation’s administrator at once.',
      ],
    },
  });
}

export function attachedEmail(input: {
  to: string;
  firstName: string;
  organisationName: string;
  link: string;
}): EmailPayload {
  return bilingualEmail(input.to, {
    fr: {
      subject: `Vous êtes rattaché à ${input.organisationName}`,
      body: [
        `Bonjour ${input.firstName},`,
        '',
        `Vous êtes désormais membre de l’espace sécurisé de l’organisation ${input.organisationName}.`,
        'À votre prochaine connexion, vous pourrez choisir d’agir pour le compte de cette organisation.',
        'Vous avez accès aux prestations en libre accès ; un responsable de l’organisation peut vous ouvrir les prestations protégées.',
        '',
        input.link,
      ],
    },
    en: {
      subject: `You are attached to ${input.organisationName}`,
      body: [
        `Hello ${input.firstName},`,
        '',
        `You are now a member of ${input.organisationName}.`,
        'At your next sign-in you can choose to act for this organisation.',
        'You may use the free services; a responsible person of the organisation can open protected services to you.',
        '',
        input.link,
      ],
    },
  });
}

/** Sent to a new backup address: it is used only once the person follows the link. */
export function confirmBackupEmail(input: {
  to: string;
  firstName: string;
  link: string;
  validHours: number;
}): EmailPayload {
  return bilingualEmail(input.to, {
    fr: {
      subject: 'Confirmez votre adresse de secours',
      body: [
        `Bonjour ${input.firstName},`,
        '',
        'Cette adresse a été indiquée comme adresse de secours de votre compte Tessera.',
        `Pour la confirmer, suivez ce lien (valable ${input.validHours} heures, utilisable une seule fois) :`,
        input.link,
        '',
        'Si vous n’êtes pas à l’origine de cette demande, ignorez ce message : rien ne change sans confirmation.',
      ],
    },
    en: {
      subject: 'Confirm your backup address',
      body: [
        `Hello ${input.firstName},`,
        '',
        'This address was given as the backup address of your Tessera account.',
        `To confirm it, follow this link (valid for ${input.validHours} hours, usable once):`,
        input.link,
        '',
        'If you did not ask for this, ignore this message: nothing changes without confirmation.',
      ],
    },
  });
}

/** Sent to the main address when a backup address is asked for, confirmed or removed. */
export function backupEmailNoticeEmail(input: {
  to: string;
  firstName: string;
  backupEmail: string | null;
  stage: 'REQUESTED' | 'CONFIRMED' | 'REMOVED';
}): EmailPayload {
  const fr = {
    REQUESTED: `Une nouvelle adresse de secours (${input.backupEmail}) a été demandée pour votre compte. Elle ne sera utilisée qu’après confirmation depuis cette adresse.`,
    CONFIRMED: `L’adresse de secours de votre compte est désormais ${input.backupEmail}.`,
    REMOVED: 'L’adresse de secours de votre compte a été retirée.',
  }[input.stage];
  const en = {
    REQUESTED: `A new backup address (${input.backupEmail}) was asked for your account. It is used only once confirmed from that address.`,
    CONFIRMED: `The backup address of your account is now ${input.backupEmail}.`,
    REMOVED: 'The backup address of your account was removed.',
  }[input.stage];
  return bilingualEmail(input.to, {
    fr: {
      subject: 'Adresse de secours de votre compte',
      body: [
        `Bonjour ${input.firstName},`,
        '',
        fr,
        '',
        'Si vous n’êtes pas à l’origine de ce changement, changez votre mot de passe et contactez votre administrateur.',
      ],
    },
    en: {
      subject: 'Backup address of your account',
      body: [
        `Hello ${input.firstName},`,
        '',
        en,
        '',
        'If you did not make this change, change your password and contact your administrator.',
      ],
    },
  });
}

/** Sent to an invited address; says nothing about whether an account exists for it. */
export function invitationEmail(input: {
  to: string;
  organisationName: string;
  link: string;
  expiresOn: string;
  asPrincipalAdmin: boolean;
}): EmailPayload {
  return bilingualEmail(input.to, {
    fr: {
      subject: `Invitation à rejoindre ${input.organisationName}`,
      body: [
        'Bonjour,',
        '',
        input.asPrincipalAdmin
          ? `L’opérateur vous invite à devenir administrateur principal de l’organisation ${input.organisationName}.`
          : `${input.organisationName} vous invite à devenir membre de son espace.`,
        `Connectez-vous à votre compte Tessera pour accepter ou refuser cette invitation avant le ${input.expiresOn} :`,
        input.link,
        '',
        'Sans votre accord, vous ne serez rattaché à aucune organisation. Si vous n’avez pas de compte, demandez à l’administrateur de vous en créer un.',
      ],
    },
    en: {
      subject: `Invitation to join ${input.organisationName}`,
      body: [
        'Hello,',
        '',
        input.asPrincipalAdmin
          ? `The operator invites you to become principal administrator of ${input.organisationName}.`
          : `${input.organisationName} invites you to become a member of its space.`,
        `Sign in to your Tessera account to accept or decline this invitation before ${input.expiresOn}:`,
        input.link,
        '',
        'Without your consent you are attached to no organisation. If you have no account, ask the administrator to create one for you.',
      ],
    },
  });
}
