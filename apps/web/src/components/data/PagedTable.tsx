import { Card, Table } from '@mantine/core';
import type { ReactNode } from 'react';
import { Pager } from './Pager';

interface PagedTableProps {
  /** The accessible name of the table (or of its card when `labelled` is "section"). */
  label: string;
  labelled?: 'table' | 'section';
  /** Below this width the table scrolls sideways instead of squeezing its columns. */
  minWidth: number;
  head: ReactNode;
  /** The rows (`Table.Tr`). */
  children: ReactNode;
  highlightOnHover?: boolean;
  /** Keyset paging under the table; omitted for a list that is whole. */
  pager?: { page: number; hasNextPage: boolean; onPrevious: () => void; onNext: () => void };
}

/** A list drawn as a table in a card, with its keyset pager. */
export function PagedTable({
  label,
  labelled = 'table',
  minWidth,
  head,
  children,
  highlightOnHover,
  pager,
}: PagedTableProps) {
  return (
    <>
      <Card p={0} component="section" aria-label={labelled === 'section' ? label : undefined}>
        <Table.ScrollContainer minWidth={minWidth}>
          <Table
            verticalSpacing="sm"
            horizontalSpacing="md"
            highlightOnHover={highlightOnHover}
            aria-label={labelled === 'table' ? label : undefined}
          >
            <Table.Thead>
              <Table.Tr>{head}</Table.Tr>
            </Table.Thead>
            <Table.Tbody>{children}</Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Card>
      {pager && <Pager {...pager} />}
    </>
  );
}
