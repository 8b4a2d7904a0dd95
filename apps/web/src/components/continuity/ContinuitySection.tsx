import { BarChart } from '@mantine/charts';
import { Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconCircleCheck } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { graphql } from '../../graphql';
import { AnchorLink } from '../admin/AnchorLink';

const DashboardContinuityQuery = graphql(`
  query DashboardContinuity($organisationId: ID!) {
    organisation: node(id: $organisationId) {
      __typename
      ... on Organisation {
        id
        continuity {
          inactiveAfterDays
          total
          counts { kind count }
          membersByStatus { status count }
        }
      }
    }
  }
`);

/**
 * The dashboard's continuity section (guide 003): counts of each finding, each linking to its list, and the members
 * by status as a chart with the same numbers in a table (the chart is a picture; the table is what a keyboard or a
 * screen reader uses). Shown only to administrators the API lets read members.
 */
export function ContinuitySection({ organisationId }: { organisationId: string }) {
  const { t } = useTranslation();
  const [result] = useQuery({ query: DashboardContinuityQuery, variables: { organisationId } });
  const organisation = result.data?.organisation;
  const continuity = organisation?.__typename === 'Organisation' ? organisation.continuity : null;
  if (!continuity) return null;
  const flagged = continuity.counts.filter((count) => count.count > 0);
  const chartData = continuity.membersByStatus.map((entry) => ({
    status: t(`access.memberStatus.${entry.status}`),
    count: entry.count,
  }));
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
      <Card component="section" aria-labelledby="continuity-title" data-testid="continuity-section">
        <Title order={2} fz="h4" id="continuity-title">
          {t('continuity.title')}
        </Title>
        <Text fz="sm" c="dimmed" mt={4}>
          {t('continuity.subtitle')}
        </Text>
        {flagged.length === 0 ? (
          <Group gap="xs" mt="md">
            <IconCircleCheck size={18} color="var(--mantine-color-teal-6)" aria-hidden="true" />
            <Text>{t('continuity.none')}</Text>
          </Group>
        ) : (
          <Stack component="ul" gap={6} mt="md" p={0} m={0} style={{ listStyle: 'none' }}>
            {flagged.map((count) => (
              <li key={count.kind}>
                <AnchorLink to="/continuity" search={{ kind: count.kind }} fw={500}>
                  {t('continuity.countLink', {
                    kind: t(`continuity.kind.${count.kind}`),
                    count: count.count,
                  })}
                </AnchorLink>
              </li>
            ))}
          </Stack>
        )}
        <Text fz="xs" c="dimmed" mt="md">
          {t('continuity.threshold', { days: continuity.inactiveAfterDays })}
        </Text>
        {flagged.length > 0 && (
          <AnchorLink to="/continuity" fz="sm" mt="xs">
            {t('continuity.seeAll')}
          </AnchorLink>
        )}
      </Card>
      <Card component="section" aria-labelledby="members-chart-title">
        <Title order={2} fz="h4" id="members-chart-title">
          {t('continuity.chart.title')}
        </Title>
        <Text fz="sm" c="dimmed" mt={4} id="members-chart-description">
          {t('continuity.chart.description')}
        </Text>
        {/* A picture for the eye; the table below carries the same numbers for everyone else. */}
        <div aria-hidden="true">
          <BarChart
            h={180}
            mt="md"
            data={chartData}
            dataKey="status"
            series={[{ name: 'count', color: 'indigo.6', label: t('continuity.chart.series') }]}
            withTooltip={false}
            // The picture is hidden from assistive technology (the table says the same): nothing in it takes focus.
            barChartProps={{ accessibilityLayer: false }}
            tickLine="y"
          />
        </div>
        <Table mt="sm" aria-describedby="members-chart-description" data-testid="members-by-status">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('continuity.chart.status')}</Table.Th>
              <Table.Th scope="col" ta="right">
                {t('continuity.chart.count')}
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {continuity.membersByStatus.map((entry) => (
              <Table.Tr key={entry.status}>
                <Table.Th scope="row" fw={400}>
                  <AnchorLink
                    to="/members"
                    search={{ status: entry.status }}
                    aria-label={t('continuity.chart.seeMembers', {
                      status: t(`access.memberStatus.${entry.status}`),
                    })}
                  >
                    {t(`access.memberStatus.${entry.status}`)}
                  </AnchorLink>
                </Table.Th>
                <Table.Td ta="right">{entry.count}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Card>
    </SimpleGrid>
  );
}
