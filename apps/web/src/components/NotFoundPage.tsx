import { Button, Container, EmptyState } from '@mantine/core';
import { IconMapPinOff } from '@tabler/icons-react';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { PageTitle } from './PageTitle';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <Container size="sm" py="xl">
      <PageTitle ta="center" mb="lg">
        {t('notFound.title')}
      </PageTitle>
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
    </Container>
  );
}
