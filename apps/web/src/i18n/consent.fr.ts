/** Identities and consent (issue 9): invitations, backup e-mail confirmation, identities owned elsewhere. */
export const consentFr = {
  personExists: {
    emailTitle: 'Cette adresse e-mail appartient déjà à un compte',
    nationalNumberTitle: 'Ce numéro de registre national appartient déjà à un compte',
    body: 'La personne a déjà son propre compte : personne n’est rattaché sans son accord. Rattachez-la avec l’identifiant personnel qu’elle vous donne, ou envoyez-lui une invitation qu’elle acceptera ou refusera dans son compte.',
    field: 'Déjà utilisé par un compte existant : voir les choix ci-dessous.',
    attach: 'Rattacher avec l’identifiant personnel',
    invite: 'Envoyer une invitation',
    inviteHelp:
      'L’invitation part à {email}, l’adresse saisie. Elle vaut 14 jours ; la personne y répond dans « Mon compte ».',
    inviteNeedsEmail:
      'Pour inviter cette personne, saisissez son adresse e-mail ci-dessus, puis revenez ici.',
    invited: 'Invitation envoyée à {email}. Elle expire le {date}.',
    alreadyPending: 'Une invitation à cette adresse attend déjà une réponse.',
    rateLimited: 'Vous avez envoyé trop d’invitations. Réessayez dans {delay}.',
    inviteInvalidEmail: 'Cette adresse e-mail n’est pas valide.',
    backToForm: 'Modifier le formulaire',
  },
  principalInvite: {
    title: 'Cette personne a déjà un compte',
    body: 'Elle n’est pas membre de cette organisation : personne n’est rattaché sans son accord. Invitez-la comme administrateur principal ; elle le deviendra en acceptant, depuis son compte.',
    invite: 'Inviter comme administrateur principal',
    invited:
      'Invitation envoyée à {email}. La personne deviendra administrateur principal en l’acceptant, au plus tard le {date}.',
  },
  invitations: {
    title: 'Invitations',
    help: 'Une organisation vous invite à la rejoindre. Rien ne change sans votre accord.',
    none: 'Aucune invitation en attente.',
    listLabel: 'Invitations en attente',
    asPrincipalAdmin: 'comme administrateur principal',
    expires: 'Répondez avant le {date}',
    sentOn: 'Reçue le {date}',
    accept: 'Accepter',
    acceptNamed: 'Accepter l’invitation de l’organisation {name}',
    decline: 'Refuser',
    declineNamed: 'Refuser l’invitation de l’organisation {name}',
    declineTitle: 'Refuser l’invitation de l’organisation {name} ?',
    declineText: 'L’organisation ne sera pas informée de la raison. Elle pourra vous inviter à nouveau.',
    accepted: 'Vous êtes membre de l’organisation {name}.',
    actFor: 'Agir pour {name}',
    declined: 'Invitation refusée.',
    closed: 'Cette invitation n’est plus ouverte : elle a expiré ou une réponse a déjà été donnée.',
    archived:
      'Votre adhésion à cette organisation est archivée : demandez à ses administrateurs de la restaurer.',
    pendingBanner:
      '{count, plural, one {Vous avez # invitation en attente.} other {Vous avez # invitations en attente.}}',
    seeInvitations: 'Voir mes invitations',
  },
  backupEmail: {
    awaiting: 'En attente de confirmation',
    pending: 'En attente de confirmation : {email}',
    pendingHelp: 'Un lien de confirmation a été envoyé à cette adresse. Elle ne sert qu’une fois confirmée.',
    current: 'Adresse de secours confirmée : {email}',
    none: 'Aucune adresse de secours.',
    requested: 'Un lien de confirmation est envoyé à {email}.',
    request: 'Demander ce changement',
    newLabel: 'Nouvelle adresse de secours',
  },
  verifyEmail: {
    intro:
      'Confirmez que cette adresse e-mail est bien la vôtre : les invitations qui lui sont envoyées pourront alors être acceptées.',
    confirm: 'Confirmer mon adresse',
    pageTitle: 'Adresse e-mail',
    title: 'Confirmez votre adresse e-mail',
    confirming: 'Confirmation…',
    done: 'Votre adresse e-mail est confirmée.',
    invalid:
      'Ce lien ne fonctionne plus : il a déjà servi ou il a expiré. Demandez un nouveau lien depuis « Mon compte ».',
    signIn: 'Se connecter',
    account: 'Aller à mon compte',
    verified: 'Votre adresse e-mail est confirmée.',
    unverified:
      'Votre adresse e-mail n’est pas encore confirmée : confirmez-la pour accepter des invitations.',
    send: 'M’envoyer un lien de confirmation',
    sent: 'Un lien de confirmation a été envoyé à {email}.',
  },
  confirmBackupEmail: {
    intro:
      'Confirmez que cette adresse de secours est bien la vôtre : les e-mails de votre compte (bienvenue, réinitialisation) y seront aussi envoyés.',
    confirm: 'Confirmer l’adresse',
    pageTitle: 'Adresse de secours',
    title: 'Confirmer l’adresse de secours',
    confirming: 'Confirmation en cours…',
    done: 'Votre adresse de secours est confirmée. Les e-mails de votre compte y seront aussi envoyés.',
    invalid:
      'Ce lien ne fonctionne plus : il a déjà servi ou il a expiré. Demandez un nouveau lien depuis « Mon compte ».',
    signIn: 'Se connecter',
    account: 'Aller à mon compte',
  },
  identity: {
    notOwned:
      'Seule la personne peut changer son adresse e-mail, son adresse de secours ou son mot de passe, depuis son propre compte : votre organisation ne gère pas seule son identité, ou la personne est à votre niveau ou au-dessus.',
    notOwnedTitle: 'Identité gérée par la personne',
  },
};
