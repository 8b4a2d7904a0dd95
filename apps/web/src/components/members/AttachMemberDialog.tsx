import { Alert, Button, Group, Modal, MultiSelect, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertCircle, IconSend } from '@tabler/icons-react';
import { useNavigate } from '@tanstack/react-router';
import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { graphql } from '../../graphql';
import { describeErrorCode, describeRequestError, formatDelay } from '../../lib/errors';
import { MutationError } from '../../lib/mutation';

const AttachMemberMutation = graphql(
  `
  mutation AttachMember($input: AttachMemberInput!) {
    attachMember(input: $input) {
      __typename
      ... on MutationAttachMemberSuccess {
        data {
          member {
            id
            person {
              firstName
              lastName
            }
          }
        }
      }
      ... on RateLimitedError {
        retryAfterSeconds
      }
      ...MutationError
    }
  }
`,
  [MutationError],
);

/**
 * "Rattacher un usager" (Vaud): the administrator types the personal identifier the person read in its own
 * account and transmits; the person becomes a member at once and the closed request keeps the history.
 */
export function AttachMemberDialog({
  opened,
  onClose,
  units,
}: {
  opened: boolean;
  onClose: () => void;
  units: { value: string; label: string }[];
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [identifier, setIdentifier] = useState('');
  const [unitIds, setUnitIds] = useState<string[]>([]);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [{ fetching }, attach] = useMutation(AttachMemberMutation);
  const inputRef = useRef<HTMLInputElement>(null);

  function close() {
    setIdentifier('');
    setUnitIds([]);
    setFieldError(null);
    setFormError(null);
    onClose();
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFormError(null);
    if (!identifier.trim()) {
      setFieldError(t('attachMember.required'));
      inputRef.current?.focus();
      return;
    }
    setFieldError(null);
    const result = await attach({ input: { personalIdentifier: identifier.trim(), unitIds } });
    const payload = result.data?.attachMember;
    if (!payload) return setFormError(describeRequestError(t, result.error));
    switch (payload.__typename) {
      case 'MutationAttachMemberSuccess': {
        const { member } = payload.data;
        notifications.show({
          color: 'teal',
          message: t('attachMember.done', { name: `${member.person.firstName} ${member.person.lastName}` }),
        });
        close();
        await navigate({ to: '/members/$memberId', params: { memberId: member.id } });
        return;
      }
      case 'InvalidInputError':
        if (payload.field === 'personalIdentifier') {
          setFieldError(t('attachMember.unknown'));
          inputRef.current?.focus();
        } else setFormError(describeErrorCode(t, payload.code));
        return;
      case 'RateLimitedError':
        setFormError(t('attachMember.rateLimited', { delay: formatDelay(t, payload.retryAfterSeconds) }));
        return;
      case 'ConflictError':
        setFieldError(t('attachMember.alreadyMember'));
        return;
      default:
        setFormError(describeErrorCode(t, payload.code));
    }
  }

  return (
    <Modal opened={opened} onClose={close} title={t('attachMember.title')} size="lg" centered>
      <form noValidate onSubmit={(event) => void submit(event)}>
        <Stack gap="md">
          <Text fz="sm">{t('attachMember.help')}</Text>
          {formError && (
            <Alert color="red" variant="light" icon={<IconAlertCircle aria-hidden="true" />} role="alert">
              {formError}
            </Alert>
          )}
          <TextInput
            ref={inputRef}
            label={t('attachMember.identifier')}
            description={t('attachMember.identifierHelp')}
            placeholder="XXXX-XXXX-XXXX"
            autoComplete="off"
            spellCheck={false}
            data-autofocus
            required
            withAsterisk={false}
            value={identifier}
            error={fieldError}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', letterSpacing: 1 } }}
            onChange={(event) => {
              setIdentifier(event.currentTarget.value);
              setFieldError(null);
            }}
          />
          {units.length > 0 && (
            <MultiSelect
              label={t('attachMember.units')}
              description={t('attachMember.unitsHelp')}
              data={units}
              placeholder={unitIds.length === 0 ? t('attachMember.unitsPlaceholder') : undefined}
              value={unitIds}
              onChange={setUnitIds}
              searchable
              clearable
            />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('members.cancel')}
            </Button>
            <Button type="submit" loading={fetching} leftSection={<IconSend size={16} aria-hidden="true" />}>
              {t('attachMember.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
