/** Continuity checks and the dashboard's pictures (issue 14, guide 003); spread into fr.ts. ICU messages. */
export const continuityFr = {
  continuity: {
    title: 'Contrôles de continuité',
    subtitle: 'Ce qui mérite votre attention pour que la gestion des comptes continue en votre absence.',
    none: 'Aucun constat : tout est en ordre dans votre périmètre.',
    total: '{count, plural, =0 {Aucun constat} one {# constat} other {# constats}}',
    threshold:
      'Un compte compte comme inutilisé après {days, plural, one {# jour} other {# jours}} sans connexion.',
    thresholdForm: {
      label: 'Compte inutilisé après (jours sans connexion)',
      help: 'Entre 7 et 3650 jours ; 180 par défaut.',
      submit: 'Enregistrer',
      saved: 'Le seuil d’inactivité est enregistré.',
      invalid: 'Choisissez un nombre entier de jours entre 7 et 3650.',
    },
    seeAll: 'Voir tous les constats',
    kind: {
      NO_PRINCIPAL_ADMIN: 'Sans administrateur principal',
      FEWER_THAN_TWO_REFERENTS: 'Moins de deux référents',
      INACTIVE_ACCOUNT: 'Comptes inutilisés',
      ATTACHED_NOWHERE: 'Rattachés à aucune unité',
      ROLE_HELD_BY_INACTIVE_MEMBER: 'Rôles détenus par des membres archivés ou bloqués',
      DELEGATION_EXPIRED: 'Délégations échues',
      GRANT_SUSPENDED: 'Droits suspendus par la convention',
    },
    countLink: '{kind} : {count, plural, =0 {aucun} one {# constat} other {# constats}}',
    badge: {
      ONE: 'Un seul référent',
      NONE: 'Sans référent',
    },
    finding: {
      NO_PRINCIPAL_ADMIN: 'L’organisation n’a plus d’administrateur principal actif.',
      referentsOrganisation:
        'L’organisation {count, plural, =0 {n’a aucun référent} one {n’a qu’un seul référent} other {a # référents}} à son niveau.',
      referentsUnit:
        'L’établissement « {name} » {count, plural, =0 {n’a aucun référent} one {n’a qu’un seul référent} other {a # référents}}.',
      INACTIVE_ACCOUNT:
        '{name} ne s’est pas connecté depuis plus de {days, plural, one {# jour} other {# jours}}.',
      ATTACHED_NOWHERE: '{name} n’est rattaché à aucune unité.',
      ROLE_HELD_BY_INACTIVE_MEMBER: '{name} ({status}) détient encore le rôle {role}.',
      DELEGATION_EXPIRED: '{name} : la délégation {role} a pris fin et reste enregistrée.',
      grantSuspendedGroup: 'Le groupe « {name} » détient un rôle que la convention ne permet plus.',
      grantSuspendedMember: '{name} détient directement un rôle que la convention ne permet plus.',
      someone: 'Un membre',
    },
    list: {
      title: 'Constats de continuité',
      filter: 'Type de constat',
      all: 'Tous les types',
      back: 'Retour au tableau de bord',
      openMember: 'Ouvrir la fiche : {name}',
    },
    removal: {
      warningTitle: 'Ce retrait crée un constat de continuité',
      warningOrganisation:
        'L’organisation n’aura plus {count, plural, =0 {aucun référent} one {qu’un seul référent} other {que # référents}} à son niveau.',
      warningUnit:
        'L’établissement « {name} » n’aura plus {count, plural, =0 {aucun référent} one {qu’un seul référent} other {que # référents}}.',
      warningPrincipal: 'L’organisation n’aura plus d’administrateur principal actif.',
      advice: 'Nommez un autre référent pour assurer la gestion des comptes en cas d’absence.',
    },
  },
};
