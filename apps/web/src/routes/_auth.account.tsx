import {
  Alert,
  Button,
  Code,
  CopyButton,
  Group,
  Loader,
  Modal,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconClockHour4, IconCopy, IconKey, IconMail, IconRefresh } from '@tabler/icons-react';
import { createFileRoute } from '@tanstack/react-router';
import { newBackupEmailFormSchema } from '@tessera/domain';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { Section } from '../components/account/AccountSection';
import { PasswordSection, SessionsSection } from '../components/account/AccountSecurity';
import { InvitationsSection } from '../components/account/Invitations';
import { PageTitle } from '../components/PageTitle';
import { graphql } from '../graphql';
import { describeRequestError } from '../lib/errors';
import { domainResolver, issueText } from '../lib/form';
import { formatDate } from '../lib/format';
import { MutationError } from '../lib/mutation';

export const Route = createFileRoute('/_auth/account')({
  component: AccountPage,
});

const AccountQuery = graphql(`
  query Account {
    viewer {
      person {
        id
        email
        backupEmail
        pendingBackupEmail
      }
      personalIdentifier {
        code
        expiresAt
      }
    }
  }
`);

const RotateMutation = graphql(
  `
  mutation RotatePersonalIdentifier {
    rotatePersonalIdentifier {
      __typename
      ... on MutationRotatePersonalIdentifierSuccess {
        data {
          code
          expiresAt
        }
      }
      ...MutationError
    }
  }
`,
  [MutationError],
);

const SetOwnBackupEmailMutation = graphql(
  `
  mutation SetOwnBackupEmail($input: SetOwnBackupEmailInput!) {
    setOwnBackupEmail(input: $input) {
      __typename
      ... on MutationSetOwnBackupEmailSuccess {
        data {
          id
          backupEmail
          pendingBackupEmail
        }
      }
      ...MutationError
    }
  }
`,
  [MutationError],
);

function AccountPage() {
  const { t } = useTranslation();
  const [{ data, fetching, error }, refetch] = useQuery({
    query: AccountQuery,
    requestPolicy: 'network-only',
  });
  const viewer = data?.viewer;
  return (
    <Stack gap="xl">
      <div>
        <PageTitle>{t('account.title')}</PageTitle>
        <Text c="dimmed" mt={6}>
          {t('account.subtitle')}
        </Text>
      </div>
      {error && (
        <Alert color="red" role="alert">
          {describeRequestError(t, error)}
        </Alert>
      )}
      <InvitationsSection />
      {fetching && !viewer && <Loader aria-label={t('common.loading')} />}
      {viewer && (
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
          <IdentifierSection identifier={viewer.personalIdentifier} onRotated={() => refetch()} />
          <BackupEmailSection
            email={viewer.person.email}
            backupEmail={viewer.person.backupEmail ?? null}
            pendingBackupEmail={viewer.person.pendingBackupEmail ?? null}
            onChanged={() => refetch({ requestPolicy: 'network-only' })}
          />
          <PasswordSection />
          <SessionsSection />
        </SimpleGrid>
      )}
    </Stack>
  );
}

function IdentifierSection({
  identifier,
  onRotated,
}: {
  identifier: { code: string; expiresAt: string };
  onRotated: () => void;
}) {
  const { t } = useTranslation();
  const [confirming, { open, close }] = useDisclosure(false);
  const [{ fetching }, rotate] = useMutation(RotateMutation);
  const shown = identifier;
  const expires = formatDate(shown.expiresAt);

  async function confirmRotate() {
    const result = await rotate({});
    const payload = result.data?.rotatePersonalIdentifier;
    close();
    if (payload?.__typename === 'MutationRotatePersonalIdentifierSuccess') {
      onRotated();
      notifications.show({ color: 'teal', message: t('account.identifierRotated') });
    } else notifications.show({ color: 'red', message: describeRequestError(t, result.error) });
  }

  return (
    <Section
      id="identifier-title"
      icon={<IconKey size={22} aria-hidden="true" />}
      title={t('account.identifierTitle')}
    >
      <Stack gap="md">
        <Text fz="sm">{t('account.identifierHelp')}</Text>
        <Group gap="sm">
          <Code
            fz={22}
            fw={700}
            px="md"
            py={6}
            data-testid="personal-identifier"
            style={{ letterSpacing: 2, whiteSpace: 'nowrap' }}
          >
            {shown.code}
          </Code>
          <CopyButton value={shown.code} timeout={2000}>
            {({ copied, copy }) => (
              <Tooltip label={copied ? t('account.copied') : t('account.copy')} withArrow>
                <Button
                  variant="light"
                  color={copied ? 'teal' : 'tessera'}
                  onClick={copy}
                  leftSection={
                    copied ? (
                      <IconCheck size={16} aria-hidden="true" />
                    ) : (
                      <IconCopy size={16} aria-hidden="true" />
                    )
                  }
                >
                  {copied ? t('account.copied') : t('account.copy')}
                </Button>
              </Tooltip>
            )}
          </CopyButton>
        </Group>
        <Text fz="sm" c="dimmed">
          {t('account.identifierExpires', { date: expires })}
        </Text>
        <Button
          variant="default"
          w="fit-content"
          leftSection={<IconRefresh size={16} aria-hidden="true" />}
          onClick={open}
        >
          {t('account.rotate')}
        </Button>
      </Stack>
      <Modal opened={confirming} onClose={close} title={t('account.rotateTitle')} centered>
        <Stack>
          <Text fz="sm">{t('account.rotateConfirm')}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('account.cancel')}
            </Button>
            <Button loading={fetching} onClick={() => void confirmRotate()}>
              {t('account.rotate')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Section>
  );
}

function BackupEmailSection({
  email,
  backupEmail,
  pendingBackupEmail,
  onChanged,
}: {
  email: string;
  backupEmail: string | null;
  pendingBackupEmail: string | null;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const form = useForm({
    mode: 'controlled',
    initialValues: { backupEmail: '' },
    validate: domainResolver(newBackupEmailFormSchema),
  });
  const [{ fetching }, save] = useMutation(SetOwnBackupEmailMutation);
  const ref = useRef<HTMLInputElement>(null);

  async function submit(remove: boolean) {
    const value = form.values.backupEmail;
    const result = await save({ input: { backupEmail: remove ? null : value.trim() } });
    const payload = result.data?.setOwnBackupEmail;
    if (payload?.__typename === 'MutationSetOwnBackupEmailSuccess') {
      form.reset();
      const pending = payload.data.pendingBackupEmail;
      notifications.show({
        color: 'teal',
        message: pending ? t('backupEmail.requested', { email: pending }) : t('account.backupRemoved'),
      });
      onChanged();
    } else if (payload?.__typename === 'InvalidInputError') {
      form.setFieldError('backupEmail', payload.message.includes('differ') ? 'same' : 'invalid');
      ref.current?.focus();
    } else form.setFieldError('backupEmail', describeRequestError(t, result.error));
  }

  return (
    <Section
      id="backup-title"
      icon={<IconMail size={22} aria-hidden="true" />}
      title={t('account.backupTitle')}
    >
      <form
        noValidate
        onSubmit={form.onSubmit(
          () => void submit(false),
          () => ref.current?.focus(),
        )}
      >
        <Stack gap="md">
          <Text fz="sm">{t('account.backupHelp', { email })}</Text>
          <Text fz="sm" fw={500} data-testid="backup-email">
            {backupEmail ? t('backupEmail.current', { email: backupEmail }) : t('backupEmail.none')}
          </Text>
          {pendingBackupEmail && (
            <Alert
              color="yellow"
              variant="light"
              icon={<IconClockHour4 aria-hidden="true" />}
              data-testid="pending-backup-email"
            >
              <Text fz="sm" fw={500}>
                {t('backupEmail.pending', { email: pendingBackupEmail })}
              </Text>
              <Text fz="xs" c="dimmed">
                {t('backupEmail.pendingHelp')}
              </Text>
            </Alert>
          )}
          <TextInput
            ref={ref}
            label={t('backupEmail.newLabel')}
            type="email"
            autoComplete="email"
            {...form.getInputProps('backupEmail')}
            error={issueText(form.errors.backupEmail, {
              required: t('signIn.emailRequired'),
              invalid: t('signIn.emailInvalid'),
              same: t('account.backupSame'),
            })}
          />
          <Group gap="sm">
            <Button type="submit" loading={fetching}>
              {t('backupEmail.request')}
            </Button>
            {(backupEmail || pendingBackupEmail) && (
              <Button variant="subtle" color="red" onClick={() => void submit(true)}>
                {t('account.backupRemove')}
              </Button>
            )}
          </Group>
        </Stack>
      </form>
    </Section>
  );
}
