import { Alert, Button, Group, Modal, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertCircle } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { graphql } from '../../graphql';
import { describeRequestError } from '../../lib/errors';
import { MutationError, readOutcome } from '../../lib/mutation';
import { ACCESS_LEVELS, type Service } from './catalogue-query';
import { refusalMessage } from './field-message';

export const CreateServiceMutation = graphql(
  `
  mutation CreateService($input: CreateServiceInput!) {
    createService(input: $input) {
      __typename
      ...MutationError
      ... on MutationCreateServiceSuccess { data { id name } }
    }
  }
`,
  [MutationError],
);

export const UpdateServiceMutation = graphql(
  `
  mutation UpdateService($input: UpdateServiceInput!) {
    updateService(input: $input) {
      __typename
      ...MutationError
      ... on MutationUpdateServiceSuccess { data { id name description accessLevel } }
    }
  }
`,
  [MutationError],
);

export const CreateRoleMutation = graphql(
  `
  mutation CreateServiceRole($input: CreateServiceRoleInput!) {
    createServiceRole(input: $input) {
      __typename
      ...MutationError
      ... on MutationCreateServiceRoleSuccess { data { id name } }
    }
  }
`,
  [MutationError],
);

export function ServiceModal({
  service,
  onClose,
  onSaved,
}: {
  service: Service | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const [code, setCode] = useState(service?.code ?? '');
  const [name, setName] = useState(service?.name ?? '');
  const [description, setDescription] = useState(service?.description ?? '');
  const [accessLevel, setAccessLevel] = useState<(typeof ACCESS_LEVELS)[number]>(
    service?.accessLevel ?? 'PROTECTED',
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [createState, create] = useMutation(CreateServiceMutation);
  const [updateState, update] = useMutation(UpdateServiceMutation);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setErrors({});
    setFailure(null);
    let outcome: ReturnType<typeof readOutcome<{ name: string }>>;
    if (service) {
      const result = await update({ input: { serviceId: service.id, name, description, accessLevel } });
      if (result.error) return setFailure(describeRequestError(t, result.error));
      outcome = readOutcome(t, result.data?.updateService);
    } else {
      const result = await create({ input: { code, name, description: description || null, accessLevel } });
      if (result.error) return setFailure(describeRequestError(t, result.error));
      outcome = readOutcome(t, result.data?.createService);
    }
    if (!outcome.ok) {
      const message = refusalMessage(outcome, {
        'code:INVALID_INPUT': t('catalogue.invalidCode'),
        'code:CONFLICT': t('catalogue.duplicateCode'),
        'name:INVALID_INPUT': t('organisations.invalidName'),
      });
      if (outcome.field && ['code', 'name', 'description', 'accessLevel'].includes(outcome.field))
        setErrors({ [outcome.field]: message });
      else setFailure(message);
      return;
    }
    notifications.show({
      color: 'teal',
      message: service ? t('catalogue.saved') : t('catalogue.created', { name: outcome.data.name }),
    });
    onSaved();
  };

  return (
    <Modal
      opened
      onClose={onClose}
      title={service ? t('catalogue.editTitle', { name: service.name }) : t('catalogue.createTitle')}
      centered
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          {failure && (
            <Alert color="red" role="alert" icon={<IconAlertCircle aria-hidden="true" />}>
              {failure}
            </Alert>
          )}
          {!service && (
            <TextInput
              label={t('catalogue.code')}
              description={t('catalogue.codeHelp')}
              value={code}
              onChange={(event) => setCode(event.currentTarget.value)}
              error={errors.code}
              required
              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
              data-autofocus
            />
          )}
          <TextInput
            label={t('catalogue.name')}
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            error={errors.name}
            required
          />
          <Textarea
            label={t('catalogue.description')}
            value={description}
            onChange={(event) => setDescription(event.currentTarget.value)}
            error={errors.description}
            autosize
            minRows={2}
          />
          <Select
            label={t('catalogue.accessLevel')}
            description={t('catalogue.accessLevelHelp')}
            data={ACCESS_LEVELS.map((value) => ({ value, label: t(`accessLevel.${value}`) }))}
            value={accessLevel}
            onChange={(value) => value && setAccessLevel(value as typeof accessLevel)}
            allowDeselect={false}
            error={errors.accessLevel}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('organisations.cancel')}
            </Button>
            <Button type="submit" loading={createState.fetching || updateState.fetching}>
              {service ? t('catalogue.save') : t('organisations.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export function RoleModal({
  service,
  onClose,
  onSaved,
}: {
  service: Service;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [{ fetching }, create] = useMutation(CreateRoleMutation);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setErrors({});
    setFailure(null);
    const result = await create({ input: { serviceId: service.id, code, name } });
    if (result.error) return setFailure(describeRequestError(t, result.error));
    const outcome = readOutcome(t, result.data?.createServiceRole);
    if (!outcome.ok) {
      const message = refusalMessage(outcome, {
        'code:INVALID_INPUT': t('catalogue.invalidCode'),
        'code:CONFLICT': t('catalogue.duplicateCode'),
        'name:INVALID_INPUT': t('organisations.invalidName'),
      });
      if (outcome.field === 'code' || outcome.field === 'name') setErrors({ [outcome.field]: message });
      else setFailure(message);
      return;
    }
    notifications.show({ color: 'teal', message: t('catalogue.roleAdded', { name: outcome.data.name }) });
    onSaved();
  };

  return (
    <Modal opened onClose={onClose} title={t('catalogue.addRoleTitle', { name: service.name })} centered>
      <form onSubmit={submit} noValidate>
        <Stack>
          {failure && (
            <Alert color="red" role="alert" icon={<IconAlertCircle aria-hidden="true" />}>
              {failure}
            </Alert>
          )}
          <TextInput
            label={t('catalogue.roleCode')}
            description={t('catalogue.codeHelp')}
            value={code}
            onChange={(event) => setCode(event.currentTarget.value)}
            error={errors.code}
            required
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
            data-autofocus
          />
          <TextInput
            label={t('catalogue.roleName')}
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            error={errors.name}
            required
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('organisations.cancel')}
            </Button>
            <Button type="submit" loading={fetching}>
              {t('catalogue.addRole')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
