import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertCircle, IconLockExclamation } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { type FragmentOf, graphql, readFragment } from '../../graphql';
import { describeRequestError } from '../../lib/errors';
import { MutationError, readOutcome } from '../../lib/mutation';

export const MemberForcePasswordChangeFragment = graphql(`
  fragment MemberForcePasswordChange on Member {
    id
    person { id firstName lastName }
    viewerCan { forcePasswordChange }
  }
`);

const ForcePasswordChange = graphql(
  `
  mutation ForcePasswordChange($input: MemberIdInput!) {
    forcePasswordChange(input: $input) { __typename ...MutationError ... on MutationForcePasswordChangeSuccess { data { id } } }
  }
`,
  [MutationError],
);

/**
 * Caf: the operator makes the person choose a new password at its next sign-in (its sessions end at once). Shown
 * only when the server says the viewer may (`viewerCan.forcePasswordChange`), confirmed first.
 */
export function MemberForcePasswordChange({
  member: masked,
}: {
  member: FragmentOf<typeof MemberForcePasswordChangeFragment>;
}) {
  const { t } = useTranslation();
  const member = readFragment(MemberForcePasswordChangeFragment, masked);
  const name = `${member.person.firstName} ${member.person.lastName}`;
  const [opened, setOpened] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [{ fetching }, force] = useMutation(ForcePasswordChange);
  if (!member.viewerCan.forcePasswordChange) return null;

  async function confirm() {
    setFailure(null);
    const result = await force({ input: { memberId: member.id } });
    if (result.error) return setFailure(describeRequestError(t, result.error));
    const outcome = readOutcome(t, result.data?.forcePasswordChange);
    if (!outcome.ok) return setFailure(outcome.message);
    notifications.show({ color: 'teal', message: t('forcePassword.done', { name }) });
    setOpened(false);
  }

  const close = () => {
    setOpened(false);
    setFailure(null);
  };
  return (
    <>
      <Button
        mt="sm"
        size="xs"
        variant="light"
        color="red"
        w="fit-content"
        leftSection={<IconLockExclamation size={14} aria-hidden="true" />}
        onClick={() => setOpened(true)}
      >
        {t('forcePassword.open')}
      </Button>
      <Modal
        opened={opened}
        onClose={close}
        title={t('forcePassword.title')}
        closeButtonProps={{ 'aria-label': t('forcePassword.close') }}
        centered
      >
        <Stack>
          <Text fz="sm">{t('forcePassword.body', { name })}</Text>
          {failure && (
            <Alert color="red" role="alert" icon={<IconAlertCircle aria-hidden="true" />}>
              {failure}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close} data-autofocus>
              {t('forcePassword.cancel')}
            </Button>
            <Button color="red.9" loading={fetching} onClick={() => void confirm()}>
              {t('forcePassword.confirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
