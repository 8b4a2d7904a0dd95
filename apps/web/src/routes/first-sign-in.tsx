import { Alert, Button, Card, Checkbox, Group, List, Paper, Stack, Text, Title } from '@mantine/core';
import { IconAlertCircle, IconLogout } from '@tabler/icons-react';
import { createFileRoute, redirect, useNavigate } from '@tanstack/react-router';
import { type PasswordRule, passwordRuleOf } from '@tessera/domain';
import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { requiredStep } from '../auth/next-step';
import { useSignOut } from '../auth/sign-out';
import { useSession } from '../auth/use-session';
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

export const Route = createFileRoute('/first-sign-in')({
  beforeLoad: async ({ context, location }) => {
    const viewer = await context.auth.load();
    if (!viewer) throw redirect({ to: '/sign-in', search: { redirect: location.href } });
    if (!viewer.mustChangePassword && !viewer.mustAcceptTerms) throw redirect({ to: '/' });
    return { viewer };
  },
  errorComponent: StandaloneErrorPage,
  component: FirstSignInPage,
});

const AcceptTermsMutation = graphql(
  `
  mutation AcceptTerms {
    acceptTerms {
      __typename
      ...MutationError
    }
  }
`,
  [MutationError],
);

export const ChangePasswordMutation = graphql(
  `
  mutation ChangePassword($input: ChangePasswordInput!) {
    changePassword(input: $input) {
      __typename
      ... on PasswordPolicyError {
        violations
      }
      ...MutationError
    }
  }
`,
  [MutationError],
);

function FirstSignInPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { viewer: loaded } = Route.useRouteContext();
  const { viewer: live, session } = useSession();
  const viewer = live ?? loaded;
  const { signOut, pending: signingOut } = useSignOut();
  const [accepted, setAccepted] = useState(false);
  const [password, setPassword] = useState<NewPasswordValue>({ password: '', confirmation: '' });
  const [errors, setErrors] = useState<{
    terms?: string;
    password?: string;
    confirmation?: string;
    form?: string;
  }>({});
  const [refused, setRefused] = useState<PasswordRule[]>([]);
  const [submitting, setSubmitting] = useState(false);
  const termsRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const confirmationRef = useRef<HTMLInputElement>(null);

  const needsTerms = viewer.mustAcceptTerms;
  const needsPassword = viewer.mustChangePassword;
  const owner = viewer.person;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const found: typeof errors = {};
    if (needsTerms && !accepted) found.terms = t('firstSignInFlow.termsRequired');
    if (needsPassword && !newPasswordReady(password, owner)) {
      if (password.password !== password.confirmation && password.confirmation)
        found.confirmation = t('passwordPolicy.mismatch');
      else found.password = t('passwordPolicy.notReady');
    }
    setErrors(found);
    if (found.terms) return termsRef.current?.focus();
    if (found.password) return passwordRef.current?.focus();
    if (found.confirmation) return confirmationRef.current?.focus();

    setSubmitting(true);
    try {
      if (needsTerms) {
        const result = await session.client.mutation(AcceptTermsMutation, {}).toPromise();
        const payload = result.data?.acceptTerms;
        if (payload?.__typename !== 'MutationAcceptTermsSuccess') {
          setErrors({
            form: result.error
              ? describeRequestError(t, result.error)
              : describeErrorCode(t, payload?.code ?? ''),
          });
          return;
        }
      }
      if (needsPassword) {
        const result = await session.client
          .mutation(ChangePasswordMutation, { input: { newPassword: password.password } })
          .toPromise();
        const payload = result.data?.changePassword;
        if (!payload || result.error) {
          setErrors({ form: describeRequestError(t, result.error) });
          return;
        }
        if (payload.__typename === 'PasswordPolicyError') {
          setRefused(payload.violations.map(passwordRuleOf));
          setErrors({ password: t('passwordPolicy.refused') });
          passwordRef.current?.focus();
          return;
        }
        // The only new password refused as input here is the temporary one typed again.
        if (payload.__typename === 'InvalidInputError' && payload.field === 'newPassword') {
          setRefused(['DIFFERS_FROM_TEMPORARY']);
          setErrors({ password: t('passwordPolicy.temporaryRefused') });
          passwordRef.current?.focus();
          return;
        }
        if (payload.__typename !== 'MutationChangePasswordSuccess') {
          setErrors({ form: describeErrorCode(t, payload.code) });
          return;
        }
      }
      const next = await session.refresh();
      const step = next ? requiredStep(next) : null;
      if (step === '/choose-organisation') await navigate({ to: step, search: { redirect: undefined } });
      else await navigate({ to: '/' });
    } catch (error) {
      setErrors({ form: describeRequestError(t, error) });
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <StandaloneLayout
      actions={
        <Button
          variant="subtle"
          color="gray"
          leftSection={<IconLogout size={16} aria-hidden="true" />}
          loading={signingOut}
          onClick={() => void signOut()}
        >
          {t('shell.signOut')}
        </Button>
      }
    >
      <Stack gap="xl">
        <div>
          <PageTitle documentTitle={t('firstSignIn.pageTitle')}>{t('firstSignIn.title')}</PageTitle>
          <Text c="dimmed" mt={6}>
            {/* Says only what this page asks: the password part shows only while a temporary one must go. */}
            {t(
              needsPassword && needsTerms
                ? 'firstSignInFlow.description'
                : needsPassword
                  ? 'firstSignInFlow.descriptionPassword'
                  : 'firstSignInFlow.descriptionTerms',
              { name: viewer.person.firstName },
            )}
          </Text>
        </div>

        {errors.form && (
          <Alert color="red" variant="light" icon={<IconAlertCircle aria-hidden="true" />} role="alert">
            {errors.form}
          </Alert>
        )}

        <form noValidate onSubmit={submit}>
          <Stack gap="lg">
            {needsTerms && (
              <Card component="section" aria-labelledby="terms-title" p="xl">
                <Title order={2} id="terms-title" fz="lg" mb="sm">
                  {t('firstSignInFlow.termsTitle')}
                </Title>
                <Paper withBorder p="md" bg="gray.0" mb="md">
                  <Text fz="sm" mb="xs">
                    {t('firstSignInFlow.termsIntro')}
                  </Text>
                  <List size="sm" spacing={6}>
                    <List.Item>{t('firstSignInFlow.terms1')}</List.Item>
                    <List.Item>{t('firstSignInFlow.terms2')}</List.Item>
                    <List.Item>{t('firstSignInFlow.terms3')}</List.Item>
                    <List.Item>{t('firstSignInFlow.terms4')}</List.Item>
                  </List>
                </Paper>
                <Checkbox
                  ref={termsRef}
                  label={t('firstSignInFlow.accept')}
                  checked={accepted}
                  error={errors.terms}
                  onChange={(event) => {
                    setAccepted(event.currentTarget.checked);
                    setErrors(({ terms: _, ...rest }) => rest);
                  }}
                />
              </Card>
            )}

            {needsPassword && (
              <Card component="section" aria-labelledby="password-title" p="xl">
                <Title order={2} id="password-title" fz="lg" mb={4}>
                  {t('firstSignInFlow.passwordTitle')}
                </Title>
                <Text fz="sm" c="dimmed" mb="md">
                  {t('firstSignInFlow.passwordIntro')}
                </Text>
                <NewPasswordFields
                  value={password}
                  onChange={(next) => {
                    if (next.password !== password.password) setRefused([]);
                    setPassword(next);
                    setErrors(({ password: _p, confirmation: _c, ...rest }) => rest);
                  }}
                  owner={owner}
                  replacesTemporary
                  refused={refused}
                  error={errors.password}
                  confirmationError={errors.confirmation}
                  inputRef={passwordRef}
                  confirmationRef={confirmationRef}
                />
              </Card>
            )}

            <Group justify="flex-end">
              <Button type="submit" size="md" loading={submitting}>
                {t('firstSignInFlow.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Stack>
    </StandaloneLayout>
  );
}
