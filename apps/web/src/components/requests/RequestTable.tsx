import { Button, Card, Group, Select, Table, VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { graphql, type ResultOf } from '../../graphql';
import { formatDateTime } from '../../lib/format';
import { useUnitChoices } from '../data/choices';
import type { DecisionTarget } from './DecisionModal';
import { serviceLabel } from './format';
import { ButtonLink } from './links';
import { RequestStatusBadge, RequestTypeBadge } from './RequestBadges';

export const RequestRowFields = graphql(`
  fragment RequestRowFields on Request @_unmask {
    id
    type
    state
    decision
    createdAt
    requesterName
    subjectName
    organisationName
    registryNumber
    unitName
    viewerCanDecide
    serviceRole { name service { name } }
  }
`);

export type Row = ResultOf<typeof RequestRowFields>;

export function UnitFilter({
  organisationId,
  value,
  onChange,
}: {
  organisationId: string;
  value?: string;
  onChange: (unit?: string) => void;
}) {
  const { t } = useTranslation();
  const { options: units } = useUnitChoices(organisationId);
  const data = [{ value: '', label: t('requests.filters.allUnits') }, ...units];
  return (
    <Select
      label={t('requests.filters.unit')}
      data={data}
      value={value ?? ''}
      onChange={(unit) => onChange(unit || undefined)}
      allowDeselect={false}
      w={{ base: '100%', sm: 260 }}
    />
  );
}

/**
 * What a request is about, in one line, the same in the list and on the detail page: the person it is about
 * when not the requester (an attachment), else the service asked for, else the registry number of a sign-up.
 * Never the organisation: every request of the list belongs to the one the viewer acts for.
 */
export function requestObject(
  row: Pick<Row, 'subjectName' | 'serviceRole' | 'registryNumber'>,
): string | null {
  return row.subjectName ?? serviceLabel(row.serviceRole) ?? row.registryNumber ?? null;
}

export function RequestTable({
  rows,
  label,
  onDecide,
}: {
  rows: Row[];
  label: string;
  onDecide?: (row: DecisionTarget) => void;
}) {
  const { t } = useTranslation();
  return (
    <Card p={0}>
      <Table.ScrollContainer minWidth={720}>
        <Table
          verticalSpacing="sm"
          horizontalSpacing="md"
          highlightOnHover
          aria-label={label}
          data-testid="requests-table"
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('requests.columns.date')}</Table.Th>
              <Table.Th>{t('requests.columns.type')}</Table.Th>
              <Table.Th>{t('requests.columns.requester')}</Table.Th>
              <Table.Th>{t('requests.columns.object')}</Table.Th>
              <Table.Th>{t('requests.columns.unit')}</Table.Th>
              <Table.Th>{t('requests.columns.state')}</Table.Th>
              <Table.Th>
                <VisuallyHidden>{t('requests.columns.actions')}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => (
              <Table.Tr key={row.id} data-request-id={row.id}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(row.createdAt)}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <RequestTypeBadge type={row.type} />
                </Table.Td>
                <Table.Td fw={600}>{row.requesterName}</Table.Td>
                <Table.Td>{requestObject(row) ?? '—'}</Table.Td>
                <Table.Td>{row.unitName ?? '—'}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <RequestStatusBadge state={row.state} decision={row.decision} />
                </Table.Td>
                <Table.Td>
                  <Group gap="xs" wrap="nowrap" justify="flex-end">
                    {onDecide && row.viewerCanDecide && (
                      <Button
                        size="xs"
                        aria-label={t('requests.decideFor', { name: row.requesterName })}
                        onClick={() =>
                          onDecide({
                            id: row.id,
                            type: row.type,
                            requesterName: row.requesterName,
                            summary: requestObject(row),
                          })
                        }
                      >
                        {t('requests.decide')}
                      </Button>
                    )}
                    <ButtonLink
                      size="xs"
                      variant="default"
                      to="/requests/$requestId"
                      params={{ requestId: row.id }}
                      aria-label={t('requests.detailsFor', { name: row.requesterName })}
                    >
                      {t('requests.details')}
                    </ButtonLink>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Card>
  );
}
