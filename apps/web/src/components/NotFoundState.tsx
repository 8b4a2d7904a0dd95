import { Button, EmptyState, Stack } from '@mantine/core';
import { IconMapPinOff } from '@tabler/icons-react';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { PageTitle } from './PageTitle';

/**
 * The page of an object that is not within the viewer's reach: an unknown id, a destroyed object, or one of
 * another organisation (the API answers NOT_FOUND for all three, rule 2). Shown in place of a detail page.
 */
export function NotFoundState({
  title,
  description,
  backTo,
  backLabel,
}: {
  title: string;
  /** What the page says under the title; by default, that nothing matches within the viewer's reach. */
  description?: string;
  backTo: '/members' | '/groups' | '/requests' | '/my-requests' | '/';
  backLabel: string;
}) {
  const { t } = useTranslation();
  return (
    <Stack gap="lg">
      <PageTitle>{title}</PageTitle>
      <EmptyState
        icon={<IconMapPinOff aria-hidden="true" />}
        variant="light"
        description={description ?? t('notFound.object')}
      >
        <EmptyState.Actions>
          <Button component={Link} to={backTo} variant="default">
            {backLabel}
          </Button>
        </EmptyState.Actions>
      </EmptyState>
    </Stack>
  );
}
