import { List, Text, ThemeIcon, VisuallyHidden } from '@mantine/core';
import { IconCheck, IconPointFilled } from '@tabler/icons-react';
import { checkPassword, type PasswordOwner, type PasswordViolation } from '@tessera/domain';
import { useTranslation } from 'react-i18next';

const RULES = [
  { key: 'length', breaks: ['TOO_SHORT', 'TOO_LONG'] },
  { key: 'classes', breaks: ['TOO_FEW_CHARACTER_CLASSES'] },
  { key: 'personal', breaks: ['CONTAINS_PERSONAL_DATA'] },
  { key: 'common', breaks: ['TOO_COMMON'] },
] as const satisfies readonly { key: string; breaks: readonly PasswordViolation[] }[];

/** The violations of the policy, checked in the browser with the same rule the API applies. */
export function passwordViolations(password: string, owner: PasswordOwner): PasswordViolation[] {
  return checkPassword(password, owner);
}

/**
 * The password policy as a live checklist: each rule turns green as the password meets it, and a polite live
 * region tells screen readers how many rules are met.
 */
export function PasswordChecklist({
  password,
  owner,
  id,
}: {
  password: string;
  owner: PasswordOwner;
  id?: string;
}) {
  const { t } = useTranslation();
  const violations = new Set(checkPassword(password, owner));
  // Before sign-in the person is unknown: the API checks the personal-data rule, the list leaves it out.
  const rules = owner.email ? RULES : RULES.filter((rule) => rule.key !== 'personal');
  const met = rules.filter((rule) => password.length > 0 && !rule.breaks.some((v) => violations.has(v)));
  return (
    <div id={id}>
      <Text fz="sm" fw={600} mb={6}>
        {t('passwordPolicy.title')}
      </Text>
      <List spacing={6} size="sm" center styles={{ itemLabel: { lineHeight: 1.45 } }}>
        {rules.map((rule) => {
          const ok = met.includes(rule);
          return (
            <List.Item
              key={rule.key}
              c={ok ? 'teal.8' : 'dimmed'}
              icon={
                <ThemeIcon
                  size={20}
                  radius="xl"
                  color={ok ? 'teal' : 'gray'}
                  variant={ok ? 'filled' : 'light'}
                >
                  {ok ? (
                    <IconCheck size={13} aria-hidden="true" />
                  ) : (
                    <IconPointFilled size={10} aria-hidden="true" />
                  )}
                </ThemeIcon>
              }
            >
              {t(`passwordPolicy.${rule.key}`)}
              <VisuallyHidden>
                {ok ? ` — ${t('passwordPolicy.met')}` : ` — ${t('passwordPolicy.notMet')}`}
              </VisuallyHidden>
            </List.Item>
          );
        })}
      </List>
      <VisuallyHidden aria-live="polite">
        {password ? t('passwordPolicy.summary', { count: met.length, total: rules.length }) : ''}
      </VisuallyHidden>
    </div>
  );
}
