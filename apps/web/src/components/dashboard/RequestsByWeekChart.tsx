import { BarChart } from '@mantine/charts';
import { Card, Group, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { formatDay, formatNumber, formatShortDay } from '../../lib/format';
import { AnchorLink } from '../admin/AnchorLink';

interface Week {
  weekStart: string;
  submitted: number;
  accepted: number;
  refused: number;
  pending: number;
  cancelled: number;
}
const OUTCOMES = [
  { key: 'accepted', outcome: 'ACCEPTED', color: 'teal.7' },
  { key: 'refused', outcome: 'REFUSED', color: 'red.7' },
  { key: 'pending', outcome: 'PENDING', color: 'yellow.6' },
  { key: 'cancelled', outcome: 'CANCELLED', color: 'gray.5' },
] as const;

/**
 * Requests submitted per week, stacked by what became of them. The chart is a picture (role img, its label the
 * totals); the legend below says each total in words, the pending one linking to the requests waiting for a
 * decision (the only outcome a list filter matches exactly: an accepted request may since be closed); a visually
 * hidden table gives screen readers every week's numbers.
 */
export function RequestsByWeekChart({ weeks }: { weeks: readonly Week[] }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const total = (key: keyof Week) => weeks.reduce((sum, week) => sum + (week[key] as number), 0);
  const totals = {
    weeks: weeks.length,
    submitted: total('submitted'),
    accepted: total('accepted'),
    refused: total('refused'),
    pending: total('pending'),
    cancelled: total('cancelled'),
  };
  const data = weeks.map((week) => ({ ...week, label: formatShortDay(week.weekStart) }));
  return (
    <Card component="section" aria-labelledby="requests-chart-title" data-testid="requests-chart">
      <Title order={2} fz="h4" id="requests-chart-title">
        {t('figures.requests.title')}
      </Title>
      <Text fz="sm" c="dimmed" mt={4}>
        {t('figures.requests.description', { weeks: weeks.length })}
      </Text>
      <div role="img" aria-label={t('figures.requests.summary', totals)} data-testid="requests-chart-picture">
        <BarChart
          h={200}
          mt="md"
          data={data}
          dataKey="label"
          type="stacked"
          series={OUTCOMES.map(({ key, outcome, color }) => ({
            name: key,
            color,
            label: t(`figures.requests.outcome.${outcome}`),
          }))}
          withTooltip={false}
          barChartProps={{ accessibilityLayer: false }}
          barProps={(series) =>
            series.name === 'pending'
              ? { cursor: 'pointer', onClick: () => void navigate({ to: '/requests' }) }
              : {}
          }
          xAxisProps={{ interval: 'preserveStartEnd', minTickGap: 8 }}
          yAxisProps={{ allowDecimals: false, width: 32 }}
          tickLine="y"
        />
      </div>
      <Stack
        component="ul"
        gap={4}
        mt="sm"
        p={0}
        m={0}
        style={{ listStyle: 'none' }}
        data-testid="requests-legend"
      >
        {OUTCOMES.map(({ key, outcome, color }) => (
          <Group component="li" key={key} gap={8}>
            <span
              aria-hidden="true"
              style={{
                width: 12,
                height: 12,
                borderRadius: 2,
                flex: 'none',
                background: `var(--mantine-color-${color.replace('.', '-')})`,
              }}
            />
            <Text fz="sm" style={{ whiteSpace: 'nowrap' }}>
              {t('figures.requests.legend', {
                outcome: t(`figures.requests.outcome.${outcome}`),
                count: formatNumber(totals[key]),
              })}
            </Text>
            {key === 'pending' && totals.pending > 0 && (
              <AnchorLink to="/requests" fz="sm">
                {t('figures.requests.seePending')}
              </AnchorLink>
            )}
          </Group>
        ))}
      </Stack>
      <VisuallyHidden>
        <Table data-testid="requests-by-week">
          <caption>{t('figures.requests.tableCaption')}</caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('figures.requests.week')}</Table.Th>
              <Table.Th scope="col">{t('figures.requests.submitted')}</Table.Th>
              {OUTCOMES.map(({ key, outcome }) => (
                <Table.Th scope="col" key={key}>
                  {t(`figures.requests.outcome.${outcome}`)}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {weeks.map((week) => (
              <Table.Tr key={week.weekStart}>
                <Table.Th scope="row">{formatDay(week.weekStart)}</Table.Th>
                <Table.Td>{week.submitted}</Table.Td>
                {OUTCOMES.map(({ key }) => (
                  <Table.Td key={key}>{week[key]}</Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </VisuallyHidden>
    </Card>
  );
}
