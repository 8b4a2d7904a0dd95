import { Alert, Button, Stack } from '@mantine/core';
import { IconAlertTriangle, IconRefresh } from '@tabler/icons-react';
import { type ErrorComponentProps, useRouter } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { describeRequestError } from '../lib/errors';
import { StandaloneLayout } from './StandaloneLayout';

/** A failed page load, with a way to try again; shown in place of the page's content. */
export function ErrorPage({ error, reset }: ErrorComponentProps) {
  const { t } = useTranslation();
  const router = useRouter();

  return (
    <Stack maw={640}>
      <Alert color="red" icon={<IconAlertTriangle aria-hidden="true" />} title={t('errors.title')}>
        {describeRequestError(t, error)}
      </Alert>
      <Button
        variant="default"
        w="fit-content"
        leftSection={<IconRefresh size={16} aria-hidden="true" />}
        onClick={() => {
          reset();
          void router.invalidate();
        }}
      >
        {t('common.retry')}
      </Button>
    </Stack>
  );
}

/** The same, for a failure before any shell could be drawn (such as the API being unreachable). */
export function StandaloneErrorPage(props: ErrorComponentProps) {
  return (
    <StandaloneLayout>
      <ErrorPage {...props} />
    </StandaloneLayout>
  );
}
