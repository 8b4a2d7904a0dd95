import { Button, EmptyState, Stack } from '@mantine/core';
import { IconMapPinOff } from '@tabler/icons-react';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { PageTitle } from './PageTitle';
import { StandaloneLayout } from './StandaloneLayout';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <Stack gap="lg">
      <PageTitle>{t('notFound.title')}</PageTitle>
      <EmptyState
        icon={<IconMapPinOff aria-hidden="true" />}
        variant="light"
        description={t('notFound.description')}
      >
        <EmptyState.Actions>
          <Button component={Link} to="/">
            {t('common.backHome')}
          </Button>
        </EmptyState.Actions>
      </EmptyState>
    </Stack>
  );
}

/** An address that matches no page at all, outside the shell. */
export function StandaloneNotFoundPage() {
  return (
    <StandaloneLayout>
      <NotFoundPage />
    </StandaloneLayout>
  );
}
