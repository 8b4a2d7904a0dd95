import { Alert, EmptyState, Loader } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CombinedError } from 'urql';
import { queryErrorMessage } from '../admin/field-message';

interface ListStateProps<Item> {
  /** The query's state, as `useQuery` gives it. */
  fetching: boolean;
  error?: CombinedError;
  /** The items once loaded; undefined while nothing has arrived. */
  items: readonly Item[] | undefined;
  /** The sentence for a failed query; the typed refusal of the API (or the network one) by default. */
  errorMessage?: (error: CombinedError) => string;
  empty: { icon: ReactNode; title: string; description?: string };
  /** The list itself, drawn only when there is something in it. */
  children: (items: readonly Item[]) => ReactNode;
}

/**
 * The states every list of the SPA goes through, drawn the same way everywhere: the error (an alert, the data of a
 * previous answer still shown under it), a loader until the first answer, the empty state, else the list.
 */
export function ListState<Item>({
  fetching,
  error,
  items,
  errorMessage,
  empty,
  children,
}: ListStateProps<Item>) {
  const { t } = useTranslation();
  return (
    <>
      {error && (
        <Alert color="red" role="alert" icon={<IconAlertCircle aria-hidden="true" />}>
          {errorMessage ? errorMessage(error) : queryErrorMessage(t, error)}
        </Alert>
      )}
      {fetching && !items && <Loader aria-label={t('common.loading')} />}
      {items && items.length === 0 && (
        <EmptyState
          variant="light"
          icon={empty.icon}
          title={empty.title}
          description={empty.description}
          py="xl"
        />
      )}
      {items && items.length > 0 && children(items)}
    </>
  );
}
