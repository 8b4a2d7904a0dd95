import { BarChart } from '@mantine/charts';
import { Card, Table, Text, Title } from '@mantine/core';
import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { AnchorLink } from '../admin/AnchorLink';

type Status = 'ACTIVE' | 'BLOCKED' | 'ARCHIVED';
const COLOURS: Record<Status, string> = { ACTIVE: 'teal.7', BLOCKED: 'red.7', ARCHIVED: 'gray.6' };

/**
 * Members by status: a bar chart (a picture, hidden from assistive technology, each bar opening the members list
 * filtered by its status) and the same numbers in a table whose row headers are those links, for keyboard and
 * screen-reader users.
 */
export function MembersByStatusChart({ counts }: { counts: readonly { status: Status; count: number }[] }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const label = (status: Status) => t(`access.memberStatus.${status}`);
  const data = counts.map((entry) => ({
    status: label(entry.status),
    count: entry.count,
    key: entry.status,
    color: COLOURS[entry.status],
  }));
  const countOf = (status: Status) => counts.find((entry) => entry.status === status)?.count ?? 0;
  return (
    <Card component="section" aria-labelledby="members-chart-title" data-testid="members-chart">
      <Title order={2} fz="h4" id="members-chart-title">
        {t('figures.members.title')}
      </Title>
      <Text fz="sm" c="dimmed" mt={4} id="members-chart-description">
        {t('figures.members.description')}
      </Text>
      <div
        role="img"
        data-testid="members-chart-picture"
        aria-label={t('figures.members.summary', {
          active: countOf('ACTIVE'),
          blocked: countOf('BLOCKED'),
          archived: countOf('ARCHIVED'),
        })}
      >
        <BarChart
          h={180}
          mt="md"
          data={data}
          dataKey="status"
          series={[{ name: 'count', color: 'indigo.6', label: t('figures.members.series') }]}
          withTooltip={false}
          // The picture says nothing to assistive technology (its label and the table do): nothing in it takes focus.
          barChartProps={{ accessibilityLayer: false }}
          barProps={{
            cursor: 'pointer',
            onClick: (entry: { payload?: { key?: Status } }) => {
              const status = entry.payload?.key;
              if (status) void navigate({ to: '/members', search: { status } });
            },
          }}
          tickLine="y"
        />
      </div>
      <Table mt="sm" aria-describedby="members-chart-description" data-testid="members-by-status">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('figures.members.status')}</Table.Th>
            <Table.Th scope="col" ta="right">
              {t('figures.members.count')}
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {counts.map((entry) => (
            <Table.Tr key={entry.status}>
              <Table.Th scope="row" fw={400}>
                <AnchorLink
                  to="/members"
                  search={{ status: entry.status }}
                  aria-label={t('figures.members.seeMembers', { status: label(entry.status) })}
                >
                  {label(entry.status)}
                </AnchorLink>
              </Table.Th>
              <Table.Td ta="right">{entry.count}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Card>
  );
}
