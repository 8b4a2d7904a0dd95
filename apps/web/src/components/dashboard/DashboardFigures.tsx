import { SimpleGrid } from '@mantine/core';
import { useQuery } from 'urql';
import { graphql } from '../../graphql';
import { MembersByStatusChart } from './MembersByStatusChart';
import { RequestsByWeekChart } from './RequestsByWeekChart';

/** How many weeks the dashboard's request chart covers (the API allows 1 to 53). */
export const DASHBOARD_WEEKS = 12;

const DashboardFiguresQuery = graphql(`
  query DashboardFigures($organisationId: ID!, $weeks: Int!) {
    organisation: node(id: $organisationId) {
      __typename
      ... on Organisation {
        id
        figures {
          membersByStatus { status count }
          requestsByWeek(weeks: $weeks) { weekStart submitted accepted refused pending cancelled }
        }
      }
    }
  }
`);

/**
 * The dashboard's pictures (issue 14): members by status and requests by week, each a chart for the eye with the
 * same numbers in text for everyone else. A figure the viewer may not read comes back null and is not shown.
 */
export function DashboardFigures({ organisationId }: { organisationId: string }) {
  const [result] = useQuery({
    query: DashboardFiguresQuery,
    variables: { organisationId, weeks: DASHBOARD_WEEKS },
  });
  const organisation = result.data?.organisation;
  const figures = organisation?.__typename === 'Organisation' ? organisation.figures : null;
  if (!figures || (!figures.membersByStatus && !figures.requestsByWeek)) return null;
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
      {figures.membersByStatus && <MembersByStatusChart counts={figures.membersByStatus} />}
      {figures.requestsByWeek && <RequestsByWeekChart weeks={figures.requestsByWeek} />}
    </SimpleGrid>
  );
}
