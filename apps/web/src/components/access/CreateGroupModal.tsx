import {
  Alert,
  Button,
  Group,
  Modal,
  Radio,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertCircle } from '@tabler/icons-react';
import { useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { graphql } from '../../graphql';
import { describeRequestError } from '../../lib/errors';
import { MutationError, readOutcome } from '../../lib/mutation';
import { DayInput } from '../DayInput';
import { useUnitChoices } from '../data/choices';
import { SingleMemberPicker } from './MemberPicker';

const CreateGroupMutation = graphql(
  `
  mutation CreateGroup($input: CreateGroupInput!) {
    createGroup(input: $input) {
      __typename
      ...MutationError
      ... on MutationCreateGroupSuccess {
        data { id name parent { id } manager { id } memberCount }
      }
    }
  }
`,
  [MutationError],
);

const FIELDS = [
  'name',
  'description',
  'unitId',
  'lastName',
  'firstName',
  'email',
  'emailConfirmation',
  'mobility',
  'openingDate',
  'manager',
] as const;
type Field = (typeof FIELDS)[number];

/** The form field an API error names (manager.newMember.email → email). */
function fieldOf(apiField: string | null): Field | null {
  if (!apiField) return null;
  const last = apiField.split('.').at(-1) ?? apiField;
  if ((FIELDS as readonly string[]).includes(last)) return last as Field;
  if (apiField.startsWith('manager')) return 'manager';
  return null;
}

interface CreateGroupModalProps {
  opened: boolean;
  onClose: () => void;
  organisationId: string;
  /** set when creating a sub-group */
  parent?: { id: string; name: string } | null;
}

/** Caf "Créer un groupe": name, description, unit, and a responsable chosen among the members or created on the spot. */
export function CreateGroupModal({ opened, onClose, organisationId, parent = null }: CreateGroupModalProps) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const today = new Date().toISOString().slice(0, 10);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [unitId, setUnitId] = useState<string | null>(null);
  const [mode, setMode] = useState<'existing' | 'new'>('existing');
  const [managerId, setManagerId] = useState<string | null>(null);
  const [person, setPerson] = useState({
    lastName: '',
    firstName: '',
    email: '',
    emailConfirmation: '',
    mobility: 'DESK',
    openingDate: today,
  });
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [{ fetching }, createGroup] = useMutation(CreateGroupMutation);
  const { options: units } = useUnitChoices(organisationId, !opened || parent !== null);

  function clearError(field: Field) {
    if (errors[field]) setErrors({ ...errors, [field]: undefined });
  }

  function reset() {
    setName('');
    setDescription('');
    setUnitId(null);
    setMode('existing');
    setManagerId(null);
    setPerson({
      lastName: '',
      firstName: '',
      email: '',
      emailConfirmation: '',
      mobility: 'DESK',
      openingDate: today,
    });
    setErrors({});
    setFailure(null);
  }

  function close() {
    reset();
    onClose();
  }

  function validate(): Partial<Record<Field, string>> {
    const found: Partial<Record<Field, string>> = {};
    if (!name.trim()) found.name = t('access.createGroup.nameRequired');
    if (mode === 'existing' && !managerId) found.manager = t('access.createGroup.managerRequired');
    if (mode === 'new') {
      if (!person.lastName.trim()) found.lastName = t('access.createGroup.required');
      if (!person.firstName.trim()) found.firstName = t('access.createGroup.required');
      if (!person.email.trim()) found.email = t('access.createGroup.required');
      if (person.emailConfirmation.trim().toLowerCase() !== person.email.trim().toLowerCase())
        found.emailConfirmation = t('access.createGroup.emailMismatch');
    }
    return found;
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFailure(null);
    const found = validate();
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const manager =
      mode === 'existing'
        ? { memberId: managerId }
        : {
            newMember: {
              lastName: person.lastName,
              firstName: person.firstName,
              email: person.email,
              emailConfirmation: person.emailConfirmation,
              mobility: person.mobility as 'MOBILE' | 'DESK',
              openingDate: person.openingDate || null,
            },
          };
    const result = await createGroup({
      input: {
        organisationId,
        name,
        description: description.trim() || null,
        unitId: parent ? null : unitId,
        parentId: parent?.id ?? null,
        manager,
      },
    });
    if (result.error) {
      setFailure(describeRequestError(t, result.error));
      return;
    }
    const outcome = readOutcome(t, result.data?.createGroup);
    if (!outcome.ok) {
      const field = fieldOf(outcome.field);
      if (field) setErrors({ [field]: fieldMessage(field, outcome) });
      else setFailure(outcome.message);
      return;
    }
    notifications.show({
      color: 'teal',
      message: t('access.createGroup.created', { name: outcome.data.name }),
    });
    close();
    await navigate({ to: '/groups/$groupId', params: { groupId: outcome.data.id } });
  }

  function fieldMessage(field: Field, outcome: { code: string; message: string }): string {
    if (field === 'name')
      return outcome.code === 'CONFLICT'
        ? t('access.createGroup.nameTaken')
        : t('access.createGroup.nameInvalid');
    if (field === 'email')
      return outcome.code === 'CONFLICT'
        ? t('access.createGroup.emailTaken')
        : outcome.code === 'SHARED_MAILBOX'
          ? t('errors.SHARED_MAILBOX')
          : t('access.createGroup.emailInvalid');
    if (field === 'emailConfirmation') return t('access.createGroup.emailMismatch');
    if (field === 'manager') return t('access.createGroup.managerInvalid');
    return outcome.message;
  }

  const title = parent
    ? t('access.createGroup.subGroupTitle', { parent: parent.name })
    : t('access.createGroup.title');
  return (
    <Modal opened={opened} onClose={close} title={title} size="lg">
      <form onSubmit={(event) => void submit(event)} noValidate>
        <Stack gap="md">
          {failure && (
            <Alert color="red" role="alert" icon={<IconAlertCircle aria-hidden="true" />}>
              {failure}
            </Alert>
          )}
          <TextInput
            label={t('access.createGroup.name')}
            value={name}
            onChange={(event) => {
              setName(event.currentTarget.value);
              clearError('name');
            }}
            error={errors.name}
            required
            data-autofocus
          />
          <Textarea
            label={t('access.createGroup.description')}
            value={description}
            onChange={(event) => setDescription(event.currentTarget.value)}
            error={errors.description}
            autosize
            minRows={2}
          />
          {!parent && (
            <Select
              label={t('access.createGroup.unit')}
              description={t('access.createGroup.unitHelp')}
              data={units}
              value={unitId}
              onChange={setUnitId}
              error={errors.unitId}
              clearable
            />
          )}
          <Stack gap={6}>
            <Text fw={600} fz="sm" id="manager-choice-label">
              {t('access.createGroup.manager')}
            </Text>
            <SegmentedControl
              aria-labelledby="manager-choice-label"
              value={mode}
              onChange={(value) => setMode(value as 'existing' | 'new')}
              data={[
                { value: 'existing', label: t('access.createGroup.existingMember') },
                { value: 'new', label: t('access.createGroup.newMember') },
              ]}
            />
          </Stack>
          {mode === 'existing' ? (
            <SingleMemberPicker
              organisationId={organisationId}
              label={t('access.createGroup.pickManager')}
              value={managerId}
              onChange={(id) => {
                setManagerId(id);
                clearError('manager');
              }}
              error={errors.manager}
              required
            />
          ) : (
            <Stack gap="sm">
              <Text fz="sm" c="dimmed">
                {t('access.createGroup.newMemberHelp')}
              </Text>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <TextInput
                  label={t('access.createGroup.lastName')}
                  value={person.lastName}
                  onChange={(event) => {
                    setPerson({ ...person, lastName: event.currentTarget.value });
                    clearError('lastName');
                  }}
                  error={errors.lastName}
                  required
                />
                <TextInput
                  label={t('access.createGroup.firstName')}
                  value={person.firstName}
                  onChange={(event) => {
                    setPerson({ ...person, firstName: event.currentTarget.value });
                    clearError('firstName');
                  }}
                  error={errors.firstName}
                  required
                />
                <TextInput
                  type="email"
                  label={t('access.createGroup.email')}
                  description={t('access.createGroup.emailHelp')}
                  value={person.email}
                  onChange={(event) => {
                    setPerson({ ...person, email: event.currentTarget.value });
                    clearError('email');
                  }}
                  error={errors.email}
                  required
                />
                <TextInput
                  type="email"
                  label={t('access.createGroup.emailConfirmation')}
                  description={t('access.createGroup.emailConfirmationHelp')}
                  value={person.emailConfirmation}
                  onChange={(event) => {
                    setPerson({ ...person, emailConfirmation: event.currentTarget.value });
                    clearError('emailConfirmation');
                  }}
                  error={errors.emailConfirmation}
                  required
                />
              </SimpleGrid>
              <Radio.Group
                label={t('access.createGroup.mobility')}
                value={person.mobility}
                onChange={(value) => setPerson({ ...person, mobility: value })}
                error={errors.mobility}
              >
                <Group gap="lg" mt={4}>
                  <Radio value="DESK" label={t('access.mobility.DESK')} />
                  <Radio value="MOBILE" label={t('access.mobility.MOBILE')} />
                </Group>
              </Radio.Group>
              <DayInput
                label={t('access.createGroup.openingDate')}
                value={person.openingDate}
                onChange={(openingDate) => {
                  setPerson({ ...person, openingDate });
                  clearError('openingDate');
                }}
                error={errors.openingDate}
                w={{ base: '100%', sm: 220 }}
              />
            </Stack>
          )}
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={close}>
              {t('access.cancel')}
            </Button>
            <Button type="submit" loading={fetching}>
              {t('access.createGroup.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
