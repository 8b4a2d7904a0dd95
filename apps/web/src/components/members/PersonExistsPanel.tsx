import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { IconAlertCircle, IconMailForward, IconUserCheck, IconUserShare } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type InviteInput, useInviteMember } from './invite';

/** Long labels (one carries the address typed) wrap on a narrow screen instead of overflowing it. */
const WRAPPING = {
  h: 'auto',
  py: 8,
  maw: '100%',
  styles: { label: { whiteSpace: 'normal' as const, textAlign: 'left' as const } },
};

/**
 * The answer to PERSON_EXISTS (rule 7): the person typed already has an account and is attached only with its
 * consent. Offers the two ways that need it (the personal identifier, an invitation to the address typed) and
 * repeats nothing but what the administrator typed.
 */
export function PersonExistsPanel({
  title,
  body,
  invitation,
  inviteLabel,
  invitedMessage,
  onAttach,
}: {
  title: string;
  body: string;
  /** what to invite; null when no address was typed */
  invitation: InviteInput | null;
  inviteLabel: string;
  invitedMessage: (sent: { email: string; date: string }) => string;
  /** opens the attachment by personal identifier, when it applies */
  onAttach?: () => void;
}) {
  const { t } = useTranslation();
  const { invite, fetching } = useInviteMember();
  const [sent, setSent] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  async function send() {
    if (!invitation) return;
    setFailure(null);
    const outcome = await invite(invitation);
    if (outcome.ok) setSent(invitedMessage({ email: outcome.email, date: outcome.expiresOn }));
    else setFailure(outcome.message);
  }

  return (
    <Alert
      color="orange"
      variant="light"
      icon={<IconAlertCircle aria-hidden="true" />}
      title={title}
      role="alert"
      data-testid="person-exists"
      // Without it the body grows to its buttons' width and spills out of a phone screen.
      styles={{ body: { minWidth: 0 } }}
    >
      <Stack gap="sm">
        <Text fz="sm">{body}</Text>
        {sent ? (
          <Alert color="teal" variant="white" icon={<IconUserCheck aria-hidden="true" />} role="status">
            {sent}
          </Alert>
        ) : (
          <>
            {failure && (
              <Text fz="sm" c="red.8" role="alert">
                {failure}
              </Text>
            )}
            <Group gap="sm">
              {onAttach && (
                <Button
                  variant="default"
                  leftSection={<IconUserShare size={16} aria-hidden="true" />}
                  {...WRAPPING}
                  onClick={onAttach}
                >
                  {t('personExists.attach')}
                </Button>
              )}
              {invitation && (
                <Button
                  leftSection={<IconMailForward size={16} aria-hidden="true" />}
                  {...WRAPPING}
                  loading={fetching}
                  onClick={() => void send()}
                >
                  {inviteLabel}
                </Button>
              )}
            </Group>
            <Text fz="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
              {invitation
                ? t('personExists.inviteHelp', { email: invitation.email })
                : t('personExists.inviteNeedsEmail')}
            </Text>
          </>
        )}
      </Stack>
    </Alert>
  );
}
