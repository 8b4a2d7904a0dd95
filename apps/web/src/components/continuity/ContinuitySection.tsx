import { Card, Group, Stack, Text, Title } from '@mantine/core';
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
        }
      }
    }
  }
`);

/**
 * The dashboard's continuity section (guide 003): counts of each finding, each linking to its list. Shown only to
 * administrators the API lets read members (the charts beside it are components/dashboard).
 */
export function ContinuitySection({ organisationId }: { organisationId: string }) {
  const { t } = useTranslation();
  const [result] = useQuery({ query: DashboardContinuityQuery, variables: { organisationId } });
  const organisation = result.data?.organisation;
  const continuity = organisation?.__typename === 'Organisation' ? organisation.continuity : null;
  if (!continuity) return null;
  const flagged = continuity.counts.filter((count) => count.count > 0);
  return (
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
  );
}
