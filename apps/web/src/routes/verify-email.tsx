import { Alert, Button, Card, Stack, Text } from '@mantine/core';
import { IconAlertCircle, IconCircleCheck, IconMailCheck } from '@tabler/icons-react';
import { createFileRoute } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { useSession } from '../auth/use-session';
import { StandaloneErrorPage } from '../components/ErrorPage';
import { PageTitle } from '../components/PageTitle';
import { ButtonLink } from '../components/requests/links';
import { StandaloneLayout } from '../components/StandaloneLayout';
import { graphql } from '../graphql';
import { describeErrorCode, describeRequestError } from '../lib/errors';
import { MutationError } from '../lib/mutation';

export const Route = createFileRoute('/verify-email')({
  validateSearch: z.object({ token: z.string().catch('') }),
  // Knowing whether someone is signed in tells where to go next (its account, or the sign-in page).
  beforeLoad: async ({ context }) => {
    await context.auth.load().catch(() => null);
  },
  errorComponent: StandaloneErrorPage,
  component: VerifyEmailPage,
});

const VerifyEmailMutation = graphql(
  `
  mutation VerifyEmail($input: VerifyEmailInput!) {
    verifyEmail(input: $input) {
      __typename
      ...MutationError
    }
  }
`,
  [MutationError],
);

type Outcome = { kind: 'done' } | { kind: 'invalid' } | { kind: 'failed'; message: string };

/**
 * The link e-mailed to a person's own address (rule 7): following it verifies the address, which accepting an
 * invitation needs. A button, not a confirmation on load, so that a mail scanner fetching the link confirms nothing.
 */
function VerifyEmailPage() {
  const { t } = useTranslation();
  const { token } = Route.useSearch();
  const { session, viewer } = useSession();
  const [outcome, setOutcome] = useState<Outcome | null>(token ? null : { kind: 'invalid' });
  const [submitting, setSubmitting] = useState(false);

  async function confirm() {
    setSubmitting(true);
    try {
      const result = await session.client.mutation(VerifyEmailMutation, { input: { token } }).toPromise();
      const payload = result.data?.verifyEmail;
      if (!payload) setOutcome({ kind: 'failed', message: describeRequestError(t, result.error) });
      else if (payload.__typename === 'MutationVerifyEmailSuccess') setOutcome({ kind: 'done' });
      else if (payload.__typename === 'InvalidInputError' && payload.field === 'token')
        setOutcome({ kind: 'invalid' });
      else setOutcome({ kind: 'failed', message: describeErrorCode(t, payload.code) });
    } catch (error) {
      setOutcome({ kind: 'failed', message: describeRequestError(t, error) });
    } finally {
      setSubmitting(false);
    }
  }

  const next = viewer ? (
    <ButtonLink to="/account" variant={outcome?.kind === 'done' ? 'filled' : 'default'}>
      {t('verifyEmail.account')}
    </ButtonLink>
  ) : (
    <ButtonLink to="/sign-in" variant={outcome?.kind === 'done' ? 'filled' : 'default'}>
      {t('verifyEmail.signIn')}
    </ButtonLink>
  );

  return (
    <StandaloneLayout size="xs">
      <Card p="xl">
        <Stack gap="lg">
          <PageTitle documentTitle={t('verifyEmail.pageTitle')}>{t('verifyEmail.title')}</PageTitle>
          {outcome === null && (
            <>
              <Text c="dimmed">{t('verifyEmail.intro')}</Text>
              <Button
                leftSection={<IconMailCheck size={18} aria-hidden="true" />}
                loading={submitting}
                onClick={() => void confirm()}
                fullWidth
              >
                {t('verifyEmail.confirm')}
              </Button>
            </>
          )}
          {outcome?.kind === 'done' && (
            <Alert color="teal" variant="light" icon={<IconCircleCheck aria-hidden="true" />} role="status">
              {t('verifyEmail.done')}
            </Alert>
          )}
          {outcome?.kind === 'invalid' && (
            <Alert color="red" variant="light" icon={<IconAlertCircle aria-hidden="true" />} role="alert">
              {t('verifyEmail.invalid')}
            </Alert>
          )}
          {outcome?.kind === 'failed' && (
            <Alert color="red" variant="light" icon={<IconAlertCircle aria-hidden="true" />} role="alert">
              {outcome.message}
            </Alert>
          )}
          {outcome && next}
        </Stack>
      </Card>
    </StandaloneLayout>
  );
}
