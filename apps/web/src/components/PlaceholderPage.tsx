import { EmptyState, Stack } from '@mantine/core';
import { IconTools } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { PageTitle } from './PageTitle';

/** A screen whose content arrives in a later issue: the link works, the page says so. */
export function PlaceholderPage({ title }: { title: string }) {
  const { t } = useTranslation();
  return (
    <Stack gap="xl">
      <PageTitle>{title}</PageTitle>
      <EmptyState
        variant="light"
        icon={<IconTools aria-hidden="true" />}
        title={t('common.comingSoon')}
        description={t('placeholder.description')}
        py="xl"
      />
    </Stack>
  );
}
