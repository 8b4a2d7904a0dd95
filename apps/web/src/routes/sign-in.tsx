import {
  Alert,
  Anchor,
  Box,
  Button,
  Group,
  List,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  ThemeIcon,
  VisuallyHidden,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconAlertCircle, IconFileCertificate, IconHistory, IconLock } from '@tabler/icons-react';
import { createFileRoute, Link, redirect, useNavigate } from '@tanstack/react-router';
import { signInFormSchema } from '@tessera/domain';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { requiredStep } from '../auth/next-step';
import { redirectSearchSchema } from '../auth/redirect';
import { useSessionStore } from '../auth/use-session';
import { ViewerFragment } from '../auth/viewer';
import { Brand } from '../components/Brand';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { PageTitle } from '../components/PageTitle';
import { mainContentId } from '../components/SkipLink';
import { graphql, readFragment } from '../graphql';
import { describeErrorCode, describeRequestError, formatDelay } from '../lib/errors';
import { domainResolver, issueText } from '../lib/form';
import { MutationError } from '../lib/mutation';

export const Route = createFileRoute('/sign-in')({
  validateSearch: redirectSearchSchema,
  beforeLoad: async ({ context, search }) => {
    // An unreachable API must not hide the sign-in form: the form reports the failure itself.
    const viewer = await context.auth.load().catch(() => null);
    if (viewer) throw redirect({ href: search.redirect ?? '/' });
  },
  component: SignInPage,
});

const SignInMutation = graphql(
  `
  mutation SignIn($input: SignInInput!) {
    signIn(input: $input) {
      __typename
      ... on MutationSignInSuccess {
        data {
          ...ViewerFields
        }
      }
      ... on RateLimitedError {
        retryAfterSeconds
      }
      ...MutationError
    }
  }
`,
  [ViewerFragment, MutationError],
);

function SignInPage() {
  const { t } = useTranslation();
  const session = useSessionStore();
  const navigate = useNavigate();
  const search = Route.useSearch();
  const form = useForm({
    mode: 'controlled',
    initialValues: { email: '', password: '' },
    validate: domainResolver(signInFormSchema),
  });
  const [formError, setFormError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const emailRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  function invalid(errors: Record<string, unknown>) {
    setFormError(null);
    if (errors.email) emailRef.current?.focus();
    else if (errors.password) passwordRef.current?.focus();
  }

  async function submit({ email, password }: typeof form.values) {
    setFormError(null);
    setSubmitting(true);
    try {
      const result = await session.client
        .mutation(SignInMutation, { input: { email: email.trim(), password } })
        .toPromise();
      const payload = result.data?.signIn;
      if (result.error || !payload) {
        setFormError(describeRequestError(t, result.error));
        return;
      }
      switch (payload.__typename) {
        case 'MutationSignInSuccess': {
          const viewer = readFragment(ViewerFragment, payload.data);
          session.replaceViewer(viewer);
          const step = requiredStep(viewer);
          if (step === '/choose-organisation')
            await navigate({ to: step, search: { redirect: search.redirect } });
          else if (step) await navigate({ to: step });
          else await navigate({ href: search.redirect ?? '/' });
          return;
        }
        case 'InvalidCredentialsError':
          setFormError(t('signIn.invalidCredentials'));
          return;
        case 'RateLimitedError':
          setFormError(t('signIn.rateLimited', { delay: formatDelay(t, payload.retryAfterSeconds) }));
          return;
        case 'InvalidInputError':
          if (payload.field === 'email') {
            form.setFieldError('email', 'invalid');
            emailRef.current?.focus();
          } else setFormError(describeErrorCode(t, payload.code));
          return;
      }
    } catch (error) {
      setFormError(describeRequestError(t, error));
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <Box mih="100vh" style={{ display: 'flex' }}>
      <Box className="sign-in-aside" visibleFrom="md" w="42%" p={48} style={{ flexDirection: 'column' }}>
        <Stack h="100%">
          <Brand inverted withTagline />
          <Stack gap="xl" maw={460} my="auto">
            <Text fz={30} fw={700} lh={1.25}>
              {t('signIn.asideTitle')}
            </Text>
            <List
              spacing="md"
              center
              styles={{ itemLabel: { lineHeight: 1.5 } }}
              icon={
                <ThemeIcon color="white" variant="white" c="tessera.8" size={30} radius="xl">
                  <IconLock size={16} aria-hidden="true" />
                </ThemeIcon>
              }
            >
              <List.Item>{t('signIn.highlightSealed')}</List.Item>
              <List.Item
                icon={
                  <ThemeIcon color="white" variant="white" c="tessera.8" size={30} radius="xl">
                    <IconFileCertificate size={16} aria-hidden="true" />
                  </ThemeIcon>
                }
              >
                {t('signIn.highlightAgreement')}
              </List.Item>
              <List.Item
                icon={
                  <ThemeIcon color="white" variant="white" c="tessera.8" size={30} radius="xl">
                    <IconHistory size={16} aria-hidden="true" />
                  </ThemeIcon>
                }
              >
                {t('signIn.highlightAudit')}
              </List.Item>
            </List>
          </Stack>
        </Stack>
      </Box>

      <Stack flex={1} gap={0} bg="white">
        <Group component="header" justify="space-between" p="md">
          <Box hiddenFrom="md">
            <Brand />
          </Box>
          <Box ml="auto">
            <LanguageSwitch />
          </Box>
        </Group>
        <Box
          component="main"
          id={mainContentId}
          tabIndex={-1}
          flex={1}
          px="md"
          py="xl"
          style={{ display: 'flex', alignItems: 'center', justifyContent: 'center' }}
        >
          <Stack w="100%" maw={400} gap="lg">
            <div>
              <PageTitle documentTitle={t('signIn.pageTitle')}>{t('signIn.title')}</PageTitle>
              <Text c="dimmed" mt={6}>
                {t('signIn.subtitle')}
              </Text>
            </div>

            {formError && (
              <Alert
                color="red"
                variant="light"
                icon={<IconAlertCircle aria-hidden="true" />}
                title={t('signIn.errorTitle')}
              >
                {formError}
              </Alert>
            )}

            <form noValidate onSubmit={form.onSubmit((values) => void submit(values), invalid)}>
              <Stack gap="md">
                <TextInput
                  ref={emailRef}
                  label={t('signIn.email')}
                  placeholder={t('signIn.emailPlaceholder')}
                  type="email"
                  name="email"
                  autoComplete="username"
                  inputMode="email"
                  required
                  withAsterisk={false}
                  size="md"
                  {...form.getInputProps('email')}
                  error={issueText(form.errors.email, {
                    required: t('signIn.emailRequired'),
                    invalid: t('signIn.emailInvalid'),
                  })}
                />
                <PasswordInput
                  ref={passwordRef}
                  label={t('signIn.password')}
                  name="password"
                  autoComplete="current-password"
                  required
                  withAsterisk={false}
                  size="md"
                  visibilityToggleButtonProps={{ 'aria-label': t('signIn.showPassword') }}
                  {...form.getInputProps('password')}
                  error={issueText(form.errors.password, { required: t('signIn.passwordRequired') })}
                />
                <Anchor component={Link} to="/forgot-password" fz="sm" mt={-6} w="fit-content">
                  {t('forgotPassword.link')}
                </Anchor>
                <Button type="submit" size="md" fullWidth loading={submitting} mt="xs">
                  {t('signIn.submit')}
                </Button>
                <VisuallyHidden aria-live="polite">{submitting ? t('signIn.submitting') : ''}</VisuallyHidden>
              </Stack>
            </form>
          </Stack>
        </Box>
        <Box component="footer" p="md">
          <Text fz="xs" c="dimmed" ta="center">
            {t('signIn.footer')}
          </Text>
        </Box>
      </Stack>
    </Box>
  );
}
