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
          ? `Un compte Tessera a été préparé pour vous au sein de ${where}.`
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
        `Vous êtes désormais membre de l’espace sécurisé de ${input.organisationName}.`,
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
