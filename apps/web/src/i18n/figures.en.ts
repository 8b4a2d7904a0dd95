import type { figuresFr } from './figures.fr';

/** The dashboard's charts (issue 14); spread into en.ts. ICU messages. */
export const figuresEn: typeof figuresFr = {
  figures: {
    members: {
      title: 'Members by status',
      description: 'How many members within your reach, by status.',
      status: 'Status',
      count: 'Count',
      seeMembers: 'See the members: {status}',
      series: 'Members',
      summary:
        'Members by status: {active, plural, other {# active}}, {blocked, plural, other {# blocked}}, {archived, plural, other {# archived}}.',
    },
    requests: {
      title: 'Requests by week',
      description:
        'The requests submitted in each of the last {weeks} weeks within your reach, by what became of them.',
      week: 'Week of',
      submitted: 'Submitted',
      outcome: {
        ACCEPTED: 'Accepted',
        REFUSED: 'Refused',
        PENDING: 'Pending',
        CANCELLED: 'Cancelled',
      },
      summary:
        '{submitted, plural, =0 {No request submitted} one {# request submitted} other {# requests submitted}} in {weeks} weeks: {accepted, plural, other {# accepted}}, {refused, plural, other {# refused}}, {pending} pending, {cancelled, plural, other {# cancelled}}.',
      legend: '{outcome}: {count}',
      seePending: 'See the pending requests',
      tableCaption: 'Requests submitted by week, by what became of them',
    },
  },
};
