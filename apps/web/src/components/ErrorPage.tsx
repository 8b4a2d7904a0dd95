import { Alert, Button, Container, Stack } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { type ErrorComponentProps, useRouter } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { describeRequestError } from '../lib/errors';

export function ErrorPage({ error, reset }: ErrorComponentProps) {
  const { t } = useTranslation();
  const router = useRouter();
  const message = describeRequestError(t, error);

  return (
    <Container size="sm" py="xl">
      <Stack>
        <Alert color="red" icon={<IconAlertTriangle aria-hidden="true" />} title={t('errors.title')}>
          {message}
        </Alert>
        <Button
          variant="default"
          w="fit-content"
          onClick={() => {
            reset();
            void router.invalidate();
          }}
        >
          {t('common.retry')}
        </Button>
      </Stack>
    </Container>
  );
}
