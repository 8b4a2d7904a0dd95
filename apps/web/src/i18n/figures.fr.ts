/** The dashboard's charts (issue 14): members by status, requests by week. ICU messages; figures.en.ts mirrors. */
export const figuresFr = {
  figures: {
    members: {
      title: 'Membres par statut',
      description: 'Le nombre de membres de votre périmètre, par statut.',
      status: 'Statut',
      count: 'Nombre',
      seeMembers: 'Voir les membres : {status}',
      series: 'Membres',
      summary:
        'Membres par statut : {active, plural, one {# actif} other {# actifs}}, {blocked, plural, one {# bloqué} other {# bloqués}}, {archived, plural, one {# archivé} other {# archivés}}.',
    },
    requests: {
      title: 'Demandes par semaine',
      description:
        'Les demandes déposées chaque semaine des {weeks} dernières semaines dans votre périmètre, selon leur suite.',
      week: 'Semaine du',
      submitted: 'Déposées',
      outcome: {
        ACCEPTED: 'Acceptées',
        REFUSED: 'Refusées',
        PENDING: 'En attente',
        CANCELLED: 'Annulées',
      },
      summary:
        '{submitted, plural, =0 {Aucune demande déposée} one {# demande déposée} other {# demandes déposées}} en {weeks} semaines : {accepted, plural, one {# acceptée} other {# acceptées}}, {refused, plural, one {# refusée} other {# refusées}}, {pending} en attente, {cancelled, plural, one {# annulée} other {# annulées}}.',
      legend: '{outcome} : {count}',
      seePending: 'Voir les demandes en attente',
      tableCaption: 'Demandes déposées par semaine, selon leur suite',
    },
  },
};
