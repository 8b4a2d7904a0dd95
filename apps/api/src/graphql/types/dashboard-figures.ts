import { FIGURE_WEEKS, isValidFigureWeeks, type WeekOfRequests } from '@tessera/domain';
import { InvalidInputError } from '../../errors.js';
import { memberStatusFigures, requestWeekFigures } from '../../modules/reviews/figures.repository.js';
import { authzOf } from '../authz.js';
import { builder } from '../builder.js';
import { OrganisationRef } from '../refs.js';
import { MemberStatusCountRef } from './continuity.js';

type FiguresShape = { organisationId: string };
type WeekShape = WeekOfRequests & { organisationId: string };

const RequestWeekRef = builder.objectRef<WeekShape>('RequestWeek');
RequestWeekRef.implement({
  description:
    'The requests submitted in one week (Monday to Sunday, UTC) within the viewer’s reach, by what they became.',
  authScopes: (week) => ({ organisation: week.organisationId }),
  fields: (t) => ({
    weekStart: t.field({
      type: 'Date',
      description: 'The Monday the week starts on.',
      resolve: (week) => week.weekStart.toISOString().slice(0, 10),
    }),
    submitted: t.int({
      description: 'Submitted that week: the sum of the four outcomes.',
      resolve: (w) => w.submitted,
    }),
    accepted: t.int({ description: 'Approved since (closed or not).', resolve: (w) => w.counts.ACCEPTED }),
    refused: t.int({ description: 'Refused since (closed or not).', resolve: (w) => w.counts.REFUSED }),
    pending: t.int({ description: 'Still waiting for a decision.', resolve: (w) => w.counts.PENDING }),
    cancelled: t.int({ description: 'Withdrawn before any decision.', resolve: (w) => w.counts.CANCELLED }),
  }),
});

const FiguresRef = builder.objectRef<FiguresShape>('DashboardFigures');
FiguresRef.implement({
  description:
    'The dashboard’s charts (issue 14): each figure is one grouped SQL statement over what the viewer may read, and null for a viewer who may read none of it.',
  authScopes: (figures) => ({ organisation: figures.organisationId }),
  fields: (t) => ({
    membersByStatus: t.field({
      type: [MemberStatusCountRef],
      nullable: true,
      description: 'How many members of each status (every status, zero included) the viewer may read.',
      authScopes: (figures) => ({
        canSomewhereIn: { action: 'member:read', organisationId: figures.organisationId },
      }),
      unauthorizedResolver: () => null,
      resolve: async (figures, _args, ctx) =>
        (await memberStatusFigures(ctx.em, await authzOf(ctx), figures.organisationId)).map((count) => ({
          ...count,
          organisationId: figures.organisationId,
        })),
    }),
    requestsByWeek: t.field({
      type: [RequestWeekRef],
      nullable: true,
      description: `The requests submitted in each of the last \`weeks\` weeks (${FIGURE_WEEKS.min} to ${FIGURE_WEEKS.max}, the current one last), by outcome.`,
      args: { weeks: t.arg.int({ required: false, defaultValue: FIGURE_WEEKS.default }) },
      authScopes: (figures) => ({
        canSomewhereIn: { action: 'request:read', organisationId: figures.organisationId },
      }),
      unauthorizedResolver: () => null,
      resolve: async (figures, args, ctx) => {
        const weeks = args.weeks ?? FIGURE_WEEKS.default;
        if (!isValidFigureWeeks(weeks))
          throw new InvalidInputError('weeks', `Between ${FIGURE_WEEKS.min} and ${FIGURE_WEEKS.max} weeks.`);
        const result = await requestWeekFigures(ctx.em, await authzOf(ctx), figures.organisationId, weeks);
        return result.map((week) => ({ ...week, organisationId: figures.organisationId }));
      },
    }),
  }),
});

builder.objectField(OrganisationRef, 'figures', (t) =>
  t.field({
    type: FiguresRef,
    description: 'The dashboard’s figures, as far as the viewer may read members and requests.',
    authScopes: (organisation) => ({ organisation: organisation.id }),
    resolve: (organisation) => ({ organisationId: organisation.id }),
  }),
);
