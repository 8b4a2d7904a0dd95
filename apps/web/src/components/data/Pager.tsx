import { Button, Group, Text } from '@mantine/core';
import { IconChevronLeft, IconChevronRight } from '@tabler/icons-react';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Keyset paging state: the cursors of the pages seen so far, so "previous" goes back without offsets. A new `key`
 * (the filters of the list) starts again from the first page.
 */
export function useCursorPager(key = '') {
  const [state, setState] = useState<{ key: string; cursors: (string | null)[] }>({ key, cursors: [null] });
  const cursors = state.key === key ? state.cursors : [null];
  return {
    after: cursors.at(-1) ?? null,
    page: cursors.length,
    next: useCallback(
      (endCursor: string | null | undefined) => {
        if (endCursor)
          setState((current) => ({
            key,
            cursors: [...(current.key === key ? current.cursors : [null]), endCursor],
          }));
      },
      [key],
    ),
    previous: useCallback(
      () =>
        setState((current) => ({
          key,
          cursors: current.key === key && current.cursors.length > 1 ? current.cursors.slice(0, -1) : [null],
        })),
      [key],
    ),
  };
}

interface PagerProps {
  page: number;
  hasNextPage: boolean;
  onPrevious: () => void;
  onNext: () => void;
}

/** Previous / next buttons for a keyset connection. */
export function Pager({ page, hasNextPage, onPrevious, onNext }: PagerProps) {
  const { t } = useTranslation();
  if (page === 1 && !hasNextPage) return null;
  return (
    <Group justify="space-between" component="nav" aria-label={t('pager.page', { page })}>
      <Button
        variant="default"
        leftSection={<IconChevronLeft size={16} aria-hidden="true" />}
        disabled={page === 1}
        onClick={onPrevious}
      >
        {t('pager.previous')}
      </Button>
      <Text c="dimmed" fz="sm" aria-live="polite">
        {t('pager.page', { page })}
      </Text>
      <Button
        variant="default"
        rightSection={<IconChevronRight size={16} aria-hidden="true" />}
        disabled={!hasNextPage}
        onClick={onNext}
      >
        {t('pager.next')}
      </Button>
    </Group>
  );
}
