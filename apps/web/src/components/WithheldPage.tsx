import { Button, EmptyState, Stack } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { PageTitle } from './PageTitle';
import type { NavItem } from './shell/navigation';

/** A screen of the console that the server does not offer this viewer in the acting context. */
export function WithheldPage({ label }: { label: NavItem['label'] }) {
  const { t } = useTranslation();
  return (
    <Stack gap="lg">
      <PageTitle>{t(label)}</PageTitle>
      <EmptyState
        icon={<IconLock aria-hidden="true" />}
        variant="light"
        description={t('withheld.description')}
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
