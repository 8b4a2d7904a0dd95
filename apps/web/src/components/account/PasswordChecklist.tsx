import { List, Text, ThemeIcon, VisuallyHidden } from '@mantine/core';
import { IconCheck, IconPointFilled, IconShieldCheck, IconX } from '@tabler/icons-react';
import {
  checkPassword,
  type PasswordOwner,
  type PasswordRule,
  type PasswordRuleState,
  type PasswordViolation,
  passwordRuleResults,
} from '@tessera/domain';
import { useTranslation } from 'react-i18next';

const RULE_KEYS = {
  LENGTH: 'length',
  CHARACTER_CLASSES: 'classes',
  NO_PERSONAL_DATA: 'personal',
  NOT_COMMON: 'common',
  DIFFERS_FROM_TEMPORARY: 'temporary',
} as const satisfies Record<PasswordRule, string>;

/** The violations of the policy, checked in the browser with the same rule the API applies. */
export function passwordViolations(password: string, owner: PasswordOwner | null): PasswordViolation[] {
  const violations = checkPassword(password, owner ?? { email: '', firstName: '', lastName: '' });
  // Without the owner the personal-data rule cannot be told here: the API checks it on save.
  return owner ? violations : violations.filter((violation) => violation !== 'CONTAINS_PERSONAL_DATA');
}

export interface PasswordChecklistProps {
  password: string;
  /** null before sign-in (a reset or welcome link): "no name in it" is then checked by the API on save */
  owner: PasswordOwner | null;
  /** first sign-in: the new password must differ from the temporary one (checked by the API on save) */
  replacesTemporary?: boolean;
  /** rules the API refused on the last save, shown as broken until the password changes */
  refused?: readonly PasswordRule[];
  id?: string;
}

/**
 * Every rule of the password policy as a live checklist: each rule turns green as the password meets it; a rule
 * only the API can check says so and turns red if the API refused it. A polite live region tells screen readers
 * how many rules are met.
 */
export function PasswordChecklist({
  password,
  owner,
  replacesTemporary = false,
  refused = [],
  id,
}: PasswordChecklistProps) {
  const { t } = useTranslation();
  const results = passwordRuleResults(password, { owner, replacesTemporary }).map(({ rule, state }) => ({
    rule,
    state: (refused.includes(rule) ? 'BROKEN' : state) as PasswordRuleState,
  }));
  const met = results.filter((result) => password.length > 0 && result.state === 'MET');
  // The summary counts the rules checked as one types; the others are announced as checked on save.
  const checkable = results.filter((result) => result.state !== 'UNKNOWN');
  return (
    <div id={id} data-testid="password-rules">
      <Text fz="sm" fw={600} mb={6}>
        {t('passwordPolicy.title')}
      </Text>
      <List spacing={6} size="sm" center styles={{ itemLabel: { lineHeight: 1.45 } }}>
        {results.map(({ rule, state }) => {
          const ok = password.length > 0 && state === 'MET';
          const broken = state === 'BROKEN' && refused.includes(rule);
          const unknown = state === 'UNKNOWN';
          return (
            <List.Item
              key={rule}
              data-rule={rule}
              data-state={ok ? 'met' : broken ? 'refused' : unknown ? 'on-save' : 'not-met'}
              c={ok ? 'teal.8' : broken ? 'red.8' : 'dimmed'}
              icon={
                <ThemeIcon
                  size={20}
                  radius="xl"
                  color={ok ? 'teal' : broken ? 'red' : 'gray'}
                  variant={ok || broken ? 'filled' : 'light'}
                >
                  {ok ? (
                    <IconCheck size={13} aria-hidden="true" />
                  ) : broken ? (
                    <IconX size={13} aria-hidden="true" />
                  ) : unknown ? (
                    <IconShieldCheck size={13} aria-hidden="true" />
                  ) : (
                    <IconPointFilled size={10} aria-hidden="true" />
                  )}
                </ThemeIcon>
              }
            >
              {t(`passwordPolicy.${RULE_KEYS[rule]}`)}
              {unknown && !broken ? (
                <Text span fz="xs" c="dimmed">
                  {` (${t('passwordPolicy.checkedOnSave')})`}
                </Text>
              ) : (
                <VisuallyHidden>
                  {ok ? ` — ${t('passwordPolicy.met')}` : ` — ${t('passwordPolicy.notMet')}`}
                </VisuallyHidden>
              )}
            </List.Item>
          );
        })}
      </List>
      <VisuallyHidden aria-live="polite">
        {password ? t('passwordPolicy.summary', { count: met.length, total: checkable.length }) : ''}
      </VisuallyHidden>
    </div>
  );
}
