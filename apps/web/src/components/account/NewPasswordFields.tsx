import { PasswordInput, Stack } from '@mantine/core';
import type { PasswordOwner, PasswordRule } from '@tessera/domain';
import { type Ref, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { PasswordChecklist, passwordViolations } from './PasswordChecklist';

export interface NewPasswordValue {
  password: string;
  confirmation: string;
}

/** Tells whether a new password may be sent: it meets the policy and both entries match. */
export function newPasswordReady(value: NewPasswordValue, owner: PasswordOwner | null): boolean {
  return passwordViolations(value.password, owner).length === 0 && value.password === value.confirmation;
}

/** The new password typed twice, with the policy checked live under it. */
export function NewPasswordFields({
  value,
  onChange,
  owner,
  error,
  confirmationError,
  inputRef,
  confirmationRef,
  replacesTemporary,
  refused,
}: {
  value: NewPasswordValue;
  onChange: (value: NewPasswordValue) => void;
  /** null before sign-in: the API then checks the rule about the person's name */
  owner: PasswordOwner | null;
  replacesTemporary?: boolean;
  /** rules the API refused on the last save */
  refused?: readonly PasswordRule[];
  error?: string | null;
  confirmationError?: string | null;
  inputRef?: Ref<HTMLInputElement>;
  confirmationRef?: Ref<HTMLInputElement>;
}) {
  const { t } = useTranslation();
  const checklistId = useId();
  return (
    <Stack gap="md">
      <PasswordInput
        ref={inputRef}
        label={t('passwordPolicy.newPassword')}
        name="new-password"
        autoComplete="new-password"
        required
        withAsterisk={false}
        aria-describedby={checklistId}
        visibilityToggleButtonProps={{ 'aria-label': t('signIn.showPassword') }}
        value={value.password}
        error={error}
        onChange={(event) => onChange({ ...value, password: event.currentTarget.value })}
      />
      <PasswordChecklist
        id={checklistId}
        password={value.password}
        owner={owner}
        replacesTemporary={replacesTemporary}
        refused={refused}
      />
      <PasswordInput
        ref={confirmationRef}
        label={t('passwordPolicy.confirmation')}
        name="new-password-confirmation"
        autoComplete="new-password"
        required
        withAsterisk={false}
        visibilityToggleButtonProps={{ 'aria-label': t('signIn.showPassword') }}
        value={value.confirmation}
        error={confirmationError}
        onChange={(event) => onChange({ ...value, confirmation: event.currentTarget.value })}
      />
    </Stack>
  );
}
