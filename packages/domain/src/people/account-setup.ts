export const ACCOUNT_SETUP_STEP_VALUES = ['CHANGE_PASSWORD', 'ACCEPT_TERMS'] as const;
/** What a person must still do at first sign-in before using anything else. */
export type AccountSetupStep = (typeof ACCOUNT_SETUP_STEP_VALUES)[number];

/**
 * The first sign-in steps still pending (Caf guide: the temporary password is replaced and the terms of use
 * accepted before anything else), in the order they are shown: empty once the account is ready.
 */
export function pendingAccountSetup(person: {
  mustChangePassword: boolean;
  termsAcceptedAt: Date | null | undefined;
}): AccountSetupStep[] {
  const steps: AccountSetupStep[] = [];
  if (!person.termsAcceptedAt) steps.push('ACCEPT_TERMS');
  if (person.mustChangePassword) steps.push('CHANGE_PASSWORD');
  return steps;
}

/** Tells whether a person has completed first sign-in and may use the rest of the API. */
export function isAccountReady(person: {
  mustChangePassword: boolean;
  termsAcceptedAt: Date | null | undefined;
}): boolean {
  return pendingAccountSetup(person).length === 0;
}
