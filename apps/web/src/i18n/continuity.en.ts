import type { continuityFr } from './continuity.fr';

/** Continuity checks and the dashboard's pictures (issue 14, guide 003); spread into en.ts. ICU messages. */
export const continuityEn: typeof continuityFr = {
  continuity: {
    title: 'Continuity checks',
    subtitle: 'What needs your attention so that account management goes on while you are away.',
    none: 'No findings: everything is in order within your reach.',
    total: '{count, plural, =0 {No findings} one {# finding} other {# findings}}',
    threshold:
      'An account counts as unused after {days, plural, one {# day} other {# days}} without signing in.',
    thresholdForm: {
      label: 'Account unused after (days without signing in)',
      help: 'Between 7 and 3650 days; 180 by default.',
      submit: 'Save',
      saved: 'The inactivity threshold is saved.',
      invalid: 'Choose a whole number of days between 7 and 3650.',
    },
    seeAll: 'See all findings',
    kind: {
      NO_PRINCIPAL_ADMIN: 'No principal admin',
      FEWER_THAN_TWO_REFERENTS: 'Fewer than two referents',
      INACTIVE_ACCOUNT: 'Unused accounts',
      ATTACHED_NOWHERE: 'Attached to no unit',
      ROLE_HELD_BY_INACTIVE_MEMBER: 'Roles held by archived or blocked members',
      DELEGATION_EXPIRED: 'Expired delegations',
      GRANT_SUSPENDED: 'Rights suspended by the agreement',
    },
    countLink: '{kind}: {count, plural, =0 {none} one {# finding} other {# findings}}',
    badge: {
      ONE: 'One referent only',
      NONE: 'No referent',
    },
    finding: {
      NO_PRINCIPAL_ADMIN: 'The organisation has no active principal admin any more.',
      referentsOrganisation:
        'The organisation has {count, plural, =0 {no referent} one {one referent only} other {# referents}} at its own level.',
      referentsUnit:
        'The establishment “{name}” has {count, plural, =0 {no referent} one {one referent only} other {# referents}}.',
      INACTIVE_ACCOUNT: '{name} has not signed in for more than {days, plural, one {# day} other {# days}}.',
      ATTACHED_NOWHERE: '{name} is attached to no unit.',
      ROLE_HELD_BY_INACTIVE_MEMBER: '{name} ({status}) still holds the {role} role.',
      DELEGATION_EXPIRED: 'The {role} delegation of {name} has ended and is still recorded.',
      grantSuspendedGroup: 'The group “{name}” holds a role the agreement no longer allows.',
      grantSuspendedMember: '{name} directly holds a role the agreement no longer allows.',
      someone: 'A member',
    },
    list: {
      title: 'Continuity findings',
      filter: 'Kind of finding',
      all: 'All kinds',
      back: 'Back to the dashboard',
      openMember: 'Open the page of {name}',
    },
    removal: {
      warningTitle: 'This removal creates a continuity finding',
      warningOrganisation:
        'The organisation will be left with {count, plural, =0 {no referent} one {one referent only} other {# referents}} at its own level.',
      warningUnit:
        'The establishment “{name}” will be left with {count, plural, =0 {no referent} one {one referent only} other {# referents}}.',
      warningPrincipal: 'The organisation will have no active principal admin.',
      advice: 'Name another referent so that accounts are managed when someone is away.',
    },
  },
};
