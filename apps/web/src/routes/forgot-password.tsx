import { Alert, Anchor, Button, Card, Stack, Text, TextInput } from '@mantine/core';
import { IconAlertCircle, IconMailCheck } from '@tabler/icons-react';
import { createFileRoute, Link } from '@tanstack/react-router';
import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { useSessionStore } from '../auth/use-session';
import { StandaloneErrorPage } from '../components/ErrorPage';
import { PageTitle } from '../components/PageTitle';
import { StandaloneLayout } from '../components/StandaloneLayout';
import { graphql } from '../graphql';
import { describeRequestError, formatDelay } from '../lib/errors';
import { MutationError } from '../lib/mutation';

export const Route = createFileRoute('/forgot-password')({
  errorComponent: StandaloneErrorPage,
  component: ForgotPasswordPage,
});

const RequestPasswordResetMutation = graphql(
  `
  mutation RequestPasswordReset($input: RequestPasswordResetInput!) {
    requestPasswordReset(input: $input) {
      __typename
      ... on RateLimitedError {
        retryAfterSeconds
      }
      ...MutationError
    }
  }
`,
  [MutationError],
);

function ForgotPasswordPage() {
  const { t } = useTranslation();
  const session = useSessionStore();
  const [email, setEmail] = useState('');
  const [emailError, setEmailError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const emailRef = useRef<HTMLInputElement>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFormError(null);
    const address = email.trim();
    if (!z.email().safeParse(address).success) {
      setEmailError(address ? t('signIn.emailInvalid') : t('signIn.emailRequired'));
      emailRef.current?.focus();
      return;
    }
    setEmailError(null);
    setSubmitting(true);
    try {
      const result = await session.client
        .mutation(RequestPasswordResetMutation, { input: { email: address } })
        .toPromise();
      const payload = result.data?.requestPasswordReset;
      if (!payload) setFormError(describeRequestError(t, result.error));
      else if (payload.__typename === 'MutationRequestPasswordResetSuccess') setSentTo(address);
      else if (payload.__typename === 'RateLimitedError')
        setFormError(t('forgotPassword.rateLimited', { delay: formatDelay(t, payload.retryAfterSeconds) }));
      else {
        setEmailError(t('signIn.emailInvalid'));
        emailRef.current?.focus();
      }
    } catch (error) {
      setFormError(describeRequestError(t, error));
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <StandaloneLayout size="xs">
      <Card p="xl">
        <Stack gap="lg">
          <div>
            <PageTitle documentTitle={t('forgotPassword.pageTitle')}>{t('forgotPassword.title')}</PageTitle>
            <Text c="dimmed" mt={6}>
              {t('forgotPassword.subtitle')}
            </Text>
          </div>
          {sentTo ? (
            <Alert color="teal" variant="light" icon={<IconMailCheck aria-hidden="true" />} role="status">
              {t('forgotPassword.sent', { email: sentTo })}
            </Alert>
          ) : (
            <form noValidate onSubmit={submit}>
              <Stack gap="md">
                {formError && (
                  <Alert
                    color="red"
                    variant="light"
                    icon={<IconAlertCircle aria-hidden="true" />}
                    role="alert"
                  >
                    {formError}
                  </Alert>
                )}
                <TextInput
                  ref={emailRef}
                  label={t('signIn.email')}
                  type="email"
                  name="email"
                  autoComplete="username"
                  inputMode="email"
                  required
                  withAsterisk={false}
                  value={email}
                  error={emailError}
                  onChange={(event) => setEmail(event.currentTarget.value)}
                />
                <Button type="submit" loading={submitting} fullWidth>
                  {t('forgotPassword.submit')}
                </Button>
              </Stack>
            </form>
          )}
          <Anchor component={Link} to="/sign-in" fz="sm">
            {t('forgotPassword.backToSignIn')}
          </Anchor>
        </Stack>
      </Card>
    </StandaloneLayout>
  );
}
