import { Alert, Button, PasswordInput, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDevices, IconKey } from '@tabler/icons-react';
import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { useViewer } from '../../auth/use-viewer';
import { graphql } from '../../graphql';
import { describeErrorCode, describeRequestError } from '../../lib/errors';
import { ChangePasswordMutation } from '../../routes/first-sign-in';
import { Section } from './AccountSection';
import { NewPasswordFields, type NewPasswordValue, newPasswordReady } from './NewPasswordFields';

export const RevokeOtherSessionsMutation = graphql(`
  mutation RevokeOtherSessions {
    revokeOtherSessions {
      __typename
    }
  }
`);

export function PasswordSection() {
  const { t } = useTranslation();
  const viewer = useViewer();
  const [current, setCurrent] = useState('');
  const [value, setValue] = useState<NewPasswordValue>({ password: '', confirmation: '' });
  const [errors, setErrors] = useState<{
    current?: string;
    password?: string;
    confirmation?: string;
    form?: string;
  }>({});
  const [{ fetching }, change] = useMutation(ChangePasswordMutation);
  const currentRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!current) {
      setErrors({ current: t('signIn.passwordRequired') });
      return currentRef.current?.focus();
    }
    if (!newPasswordReady(value, viewer.person)) {
      setErrors(
        value.password !== value.confirmation && value.confirmation
          ? { confirmation: t('passwordPolicy.mismatch') }
          : { password: t('passwordPolicy.notReady') },
      );
      return passwordRef.current?.focus();
    }
    const result = await change({ input: { currentPassword: current, newPassword: value.password } });
    const payload = result.data?.changePassword;
    if (!payload) return setErrors({ form: describeRequestError(t, result.error) });
    switch (payload.__typename) {
      case 'MutationChangePasswordSuccess':
        setErrors({});
        setCurrent('');
        setValue({ password: '', confirmation: '' });
        notifications.show({ color: 'teal', message: t('account.passwordChanged') });
        return;
      case 'InvalidInputError':
        if (payload.field === 'currentPassword') {
          setErrors({ current: t('account.currentWrong') });
          return currentRef.current?.focus();
        }
        setErrors({ password: t('account.passwordSame') });
        return passwordRef.current?.focus();
      case 'PasswordPolicyError':
        setErrors({ password: t('passwordPolicy.refused') });
        return passwordRef.current?.focus();
      case 'RateLimitedError':
        return setErrors({ form: describeErrorCode(t, 'RATE_LIMITED') });
    }
  }

  return (
    <Section
      id="password-title"
      icon={<IconKey size={22} aria-hidden="true" />}
      title={t('account.passwordTitle')}
    >
      <form noValidate onSubmit={(event) => void submit(event)}>
        <Stack gap="md">
          {errors.form && (
            <Alert color="red" role="alert">
              {errors.form}
            </Alert>
          )}
          <PasswordInput
            ref={currentRef}
            label={t('account.currentPassword')}
            autoComplete="current-password"
            required
            withAsterisk={false}
            visibilityToggleButtonProps={{ 'aria-label': t('signIn.showPassword') }}
            value={current}
            error={errors.current}
            onChange={(event) => setCurrent(event.currentTarget.value)}
          />
          <NewPasswordFields
            value={value}
            onChange={setValue}
            owner={viewer.person}
            error={errors.password}
            confirmationError={errors.confirmation}
            inputRef={passwordRef}
          />
          <Text fz="xs" c="dimmed">
            {t('account.passwordSessions')}
          </Text>
          <Button type="submit" loading={fetching} w="fit-content">
            {t('account.changePassword')}
          </Button>
        </Stack>
      </form>
    </Section>
  );
}

export function SessionsSection() {
  const { t } = useTranslation();
  const [{ fetching }, revoke] = useMutation(RevokeOtherSessionsMutation);
  async function run() {
    const result = await revoke({});
    notifications.show(
      result.data?.revokeOtherSessions.__typename === 'MutationRevokeOtherSessionsSuccess'
        ? { color: 'teal', message: t('account.sessionsRevoked') }
        : { color: 'red', message: describeRequestError(t, result.error) },
    );
  }
  return (
    <Section
      id="sessions-title"
      icon={<IconDevices size={22} aria-hidden="true" />}
      title={t('account.sessionsTitle')}
    >
      <Stack gap="md">
        <Text fz="sm">{t('account.sessionsHelp')}</Text>
        <Button variant="default" w="fit-content" loading={fetching} onClick={() => void run()}>
          {t('account.revokeSessions')}
        </Button>
      </Stack>
    </Section>
  );
}
