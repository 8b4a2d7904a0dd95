import { Alert, Anchor, Button, Card, Stack, Text } from '@mantine/core';
import { IconAlertCircle, IconCircleCheck } from '@tabler/icons-react';
import { createFileRoute, Link } from '@tanstack/react-router';
import { type PasswordRule, passwordRuleOf } from '@tessera/domain';
import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { useSessionStore } from '../auth/use-session';
import {
  NewPasswordFields,
  type NewPasswordValue,
  newPasswordReady,
} from '../components/account/NewPasswordFields';
import { StandaloneErrorPage } from '../components/ErrorPage';
import { PageTitle } from '../components/PageTitle';
import { StandaloneLayout } from '../components/StandaloneLayout';
import { graphql } from '../graphql';
import { describeErrorCode, describeRequestError } from '../lib/errors';
import { MutationError } from '../lib/mutation';

export const Route = createFileRoute('/reset-password')({
  validateSearch: z.object({
    token: z.string().catch(''),
    welcome: z.coerce.string().optional().catch(undefined),
  }),
  errorComponent: StandaloneErrorPage,
  component: ResetPasswordPage,
});

const ResetPasswordMutation = graphql(
  `
  mutation ResetPassword($input: ResetPasswordInput!) {
    resetPassword(input: $input) {
      __typename
      ... on MutationResetPasswordSuccess {
        data {
          email
        }
      }
      ... on PasswordPolicyError {
        violations
      }
      ...MutationError
    }
  }
`,
  [MutationError],
);

function ResetPasswordPage() {
  const { t } = useTranslation();
  const session = useSessionStore();
  const { token, welcome } = Route.useSearch();
  const [value, setValue] = useState<NewPasswordValue>({ password: '', confirmation: '' });
  const [errors, setErrors] = useState<{
    password?: string;
    confirmation?: string;
    link?: boolean;
    form?: string;
  }>({});
  const [refused, setRefused] = useState<PasswordRule[]>([]);
  const [done, setDone] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const passwordRef = useRef<HTMLInputElement>(null);
  const confirmationRef = useRef<HTMLInputElement>(null);
  const isWelcome = welcome === '1';

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!newPasswordReady(value, null)) {
      if (value.password !== value.confirmation && value.confirmation) {
        setErrors({ confirmation: t('passwordPolicy.mismatch') });
        confirmationRef.current?.focus();
      } else {
        setErrors({ password: t('passwordPolicy.notReady') });
        passwordRef.current?.focus();
      }
      return;
    }
    setErrors({});
    setSubmitting(true);
    try {
      const result = await session.client
        .mutation(ResetPasswordMutation, { input: { token, newPassword: value.password } })
        .toPromise();
      const payload = result.data?.resetPassword;
      if (!payload) setErrors({ form: describeRequestError(t, result.error) });
      else if (payload.__typename === 'MutationResetPasswordSuccess') {
        session.replaceViewer(null);
        setDone(payload.data.email);
      } else if (payload.__typename === 'PasswordPolicyError') {
        setRefused(payload.violations.map(passwordRuleOf));
        setErrors({ password: t('passwordPolicy.refused') });
        passwordRef.current?.focus();
      } else if (payload.__typename === 'InvalidInputError' && payload.field === 'token')
        setErrors({ link: true });
      else setErrors({ form: describeErrorCode(t, payload.code) });
    } catch (error) {
      setErrors({ form: describeRequestError(t, error) });
    } finally {
      setSubmitting(false);
    }
  }

  const title = isWelcome ? t('resetPassword.welcomeTitle') : t('resetPassword.title');
  return (
    <StandaloneLayout size="xs">
      <Card p="xl">
        <Stack gap="lg">
          <div>
            <PageTitle documentTitle={t('resetPassword.pageTitle')}>{title}</PageTitle>
            {!done && (
              <Text c="dimmed" mt={6}>
                {isWelcome ? t('resetPassword.welcomeSubtitle') : t('resetPassword.subtitle')}
              </Text>
            )}
          </div>
          {done ? (
            <Stack gap="md">
              <Alert color="teal" variant="light" icon={<IconCircleCheck aria-hidden="true" />} role="status">
                {t('resetPassword.done', { email: done })}
              </Alert>
              <Button component={Link} to="/sign-in">
                {t('resetPassword.signIn')}
              </Button>
            </Stack>
          ) : !token || errors.link ? (
            <Alert color="red" variant="light" icon={<IconAlertCircle aria-hidden="true" />} role="alert">
              <Stack gap="xs">
                <Text fz="sm">{t('resetPassword.invalidLink')}</Text>
                <Anchor component={Link} to="/forgot-password" fz="sm">
                  {t('resetPassword.askAgain')}
                </Anchor>
              </Stack>
            </Alert>
          ) : (
            <form noValidate onSubmit={submit}>
              <Stack gap="md">
                {errors.form && (
                  <Alert
                    color="red"
                    variant="light"
                    icon={<IconAlertCircle aria-hidden="true" />}
                    role="alert"
                  >
                    {errors.form}
                  </Alert>
                )}
                <NewPasswordFields
                  value={value}
                  onChange={(next) => {
                    if (next.password !== value.password) setRefused([]);
                    setValue(next);
                  }}
                  // Before signing in the person is unknown: the API checks the rule about its name.
                  owner={null}
                  refused={refused}
                  error={errors.password}
                  confirmationError={errors.confirmation}
                  inputRef={passwordRef}
                  confirmationRef={confirmationRef}
                />
                <Button type="submit" loading={submitting} fullWidth>
                  {t('resetPassword.submit')}
                </Button>
              </Stack>
            </form>
          )}
        </Stack>
      </Card>
    </StandaloneLayout>
  );
}
