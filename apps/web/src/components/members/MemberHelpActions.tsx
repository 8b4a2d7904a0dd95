import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconMail, IconMailForward } from '@tabler/icons-react';
import { backupEmailFormSchema } from '@tessera/domain';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { type FragmentOf, graphql, readFragment } from '../../graphql';
import { describeRequestError } from '../../lib/errors';
import { domainResolver, issueText } from '../../lib/form';
import { MutationError, readOutcome } from '../../lib/mutation';
import { useMemberAction } from './use-member-action';

export const MemberHelpActionsFragment = graphql(`
  fragment MemberHelpActions on Member {
    id
    person { id backupEmail }
  }
`);

const SendWelcome = graphql(
  `
  mutation SendWelcomeEmail($input: MemberIdInput!) {
    sendWelcomeEmail(input: $input) { __typename ...MutationError }
  }
`,
  [MutationError],
);
const SendReset = graphql(
  `
  mutation SendPasswordResetEmail($input: MemberIdInput!) {
    sendPasswordResetEmail(input: $input) { __typename ...MutationError }
  }
`,
  [MutationError],
);
const SetBackupEmail = graphql(
  `
  mutation SetMemberBackupEmail($input: SetMemberBackupEmailInput!) {
    setMemberBackupEmail(input: $input) { __typename ...MutationError }
  }
`,
  [MutationError],
);

/** An administrator's help with a member's account: welcome e-mail again, password reset, backup address. */
export function MemberHelpActions({
  member: masked,
  reload,
}: {
  member: FragmentOf<typeof MemberHelpActionsFragment>;
  reload: () => void;
}) {
  const { t } = useTranslation();
  const member = readFragment(MemberHelpActionsFragment, masked);
  const action = useMemberAction();
  const [, welcome] = useMutation(SendWelcome);
  const [, reset] = useMutation(SendReset);
  const form = useForm({
    mode: 'controlled',
    initialValues: { backupEmail: member.person.backupEmail ?? '' },
    validate: domainResolver(backupEmailFormSchema),
  });
  const [{ fetching }, save] = useMutation(SetBackupEmail);
  const [opened, { open, close }] = useDisclosure(false);

  async function saveBackup() {
    const backup = form.values.backupEmail;
    const result = await save({ input: { memberId: member.id, backupEmail: backup.trim() || null } });
    const payload = result.data?.setMemberBackupEmail;
    const outcome = payload ? readOutcome(t, payload) : null;
    if (outcome?.ok) {
      form.clearErrors();
      close();
      notifications.show({
        color: 'teal',
        message: backup.trim()
          ? t('backupEmail.requested', { email: backup.trim() })
          : t('member.backupRemoved'),
      });
      reload();
    } else if (payload?.__typename === 'InvalidInputError') form.setFieldError('backupEmail', 'invalid');
    else form.setFieldError('backupEmail', outcome ? outcome.message : describeRequestError(t, result.error));
  }

  return (
    <Stack gap="sm" mt="lg">
      <Text fz="sm" fw={600}>
        {t('member.helpTitle')}
      </Text>
      <Group gap="xs">
        <Button
          size="xs"
          variant="light"
          leftSection={<IconMail size={14} aria-hidden="true" />}
          loading={action.pending === 'sendWelcomeEmail'}
          onClick={() =>
            void action.run(
              'sendWelcomeEmail',
              'sendWelcomeEmail',
              welcome({ input: { memberId: member.id } }),
              t('member.done.sendWelcomeEmail'),
            )
          }
        >
          {t('member.sendWelcome')}
        </Button>
        <Button
          size="xs"
          variant="light"
          leftSection={<IconMailForward size={14} aria-hidden="true" />}
          loading={action.pending === 'sendPasswordResetEmail'}
          onClick={() =>
            void action.run(
              'sendPasswordResetEmail',
              'sendPasswordResetEmail',
              reset({ input: { memberId: member.id } }),
              t('member.done.sendPasswordResetEmail'),
            )
          }
        >
          {t('member.sendReset')}
        </Button>
        <Button size="xs" variant="default" onClick={open}>
          {t('member.setBackup')}
        </Button>
      </Group>
      <Modal opened={opened} onClose={close} title={t('member.setBackup')} centered>
        <form noValidate onSubmit={form.onSubmit(() => void saveBackup())}>
          <Stack>
            <Text fz="sm">{t('member.backupHelp')}</Text>
            <TextInput
              label={t('member.backupLabel')}
              type="email"
              {...form.getInputProps('backupEmail')}
              error={issueText(form.errors.backupEmail, { invalid: t('member.backupInvalid') })}
              data-autofocus
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                {t('members.cancel')}
              </Button>
              <Button type="submit" loading={fetching}>
                {t('member.saveBackup')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Stack>
  );
}
