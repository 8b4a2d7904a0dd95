import { Alert, Button, Card, Group, Radio, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertCircle, IconShieldCheck, IconUserPlus, IconUserX } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { graphql } from '../../graphql';
import { describeRequestError } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { MutationError, readOutcome } from '../../lib/mutation';
import { PersonExistsPanel } from '../members/PersonExistsPanel';
import { ConfirmModal } from './ConfirmModal';
import { refusalMessage } from './field-message';

export const NamePrincipalMutation = graphql(
  `
  mutation NamePrincipalAdministrator($input: NamePrincipalAdministratorInput!) {
    namePrincipalAdministrator(input: $input) {
      __typename
      ...MutationError
      ... on MutationNamePrincipalAdministratorSuccess { data { id member { person { firstName lastName } } } }
    }
  }
`,
  [MutationError],
);

export const RemoveAdministratorMutation = graphql(
  `
  mutation TakeDelegationBack($input: RemoveAdministratorInput!) {
    removeAdministrator(input: $input) {
      __typename
      ...MutationError
      ... on MutationRemoveAdministratorSuccess { data }
    }
  }
`,
  [MutationError],
);

export interface Principal {
  id: string;
  createdAt: string;
  member: { id: string; person: { firstName: string; lastName: string; email: string } };
}

export function PrincipalsCard({
  organisationId,
  principals,
  onChanged,
}: {
  organisationId: string;
  principals: Principal[];
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const [removing, setRemoving] = useState<Principal | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [{ fetching }, remove] = useMutation(RemoveAdministratorMutation);
  const fullName = (p: Principal) => `${p.member.person.firstName} ${p.member.person.lastName}`;

  const confirm = async () => {
    if (!removing) return;
    const result = await remove({ input: { adminRoleId: removing.id } });
    if (result.error) return setError(describeRequestError(t, result.error));
    const outcome = readOutcome(t, result.data?.removeAdministrator);
    if (!outcome.ok) return setError(outcome.message);
    setRemoving(null);
    notifications.show({ color: 'teal', message: t('organisations.takenBack') });
    onChanged();
  };

  return (
    <Card component="section" aria-labelledby="principals-title">
      <Group gap="sm" mb="xs">
        <IconShieldCheck size={22} aria-hidden="true" />
        <Title order={2} id="principals-title" fz="h3">
          {t('organisations.principalsTitle')}
        </Title>
      </Group>
      <Text c="dimmed" fz="sm" mb="md">
        {t('organisations.principalsHelp')}
      </Text>
      {principals.length === 0 ? (
        <Text mb="md">{t('organisations.noPrincipal')}</Text>
      ) : (
        <Stack component="ul" gap="xs" p={0} m={0} mb="lg" style={{ listStyle: 'none' }}>
          {principals.map((principal) => (
            <Group component="li" key={principal.id} justify="space-between" wrap="nowrap">
              <div>
                <Text fw={600}>{fullName(principal)}</Text>
                <Text fz="sm" c="dimmed">
                  {principal.member.person.email} ·{' '}
                  {t('organisations.namedOn', { date: formatDateTime(principal.createdAt) })}
                </Text>
              </div>
              <Button
                variant="subtle"
                color="red"
                leftSection={<IconUserX size={16} aria-hidden="true" />}
                aria-label={`${t('organisations.takeBack')} · ${fullName(principal)}`}
                onClick={() => {
                  setError(null);
                  setRemoving(principal);
                }}
              >
                {t('organisations.takeBack')}
              </Button>
            </Group>
          ))}
        </Stack>
      )}
      <NamePrincipalForm organisationId={organisationId} onNamed={onChanged} />
      <ConfirmModal
        opened={removing !== null}
        onClose={() => setRemoving(null)}
        title={t('organisations.takeBackTitle', { name: removing ? fullName(removing) : '' })}
        text={t('organisations.takeBackText')}
        confirmLabel={t('organisations.takeBack')}
        onConfirm={confirm}
        loading={fetching}
        error={error}
      />
    </Card>
  );
}

export type PersonField = 'firstName' | 'lastName' | 'email' | 'existingPersonEmail';

export type PersonChoice = 'existing' | 'new';

export function NamePrincipalForm({
  organisationId,
  onNamed,
}: {
  organisationId: string;
  onNamed: () => void;
}) {
  const { t } = useTranslation();
  const [choice, setChoice] = useState<PersonChoice>('new');
  const [existingEmail, setExistingEmail] = useState('');
  const [person, setPerson] = useState({ firstName: '', lastName: '', email: '' });
  const [errors, setErrors] = useState<Partial<Record<PersonField, string>>>({});
  const [failure, setFailure] = useState<string | null>(null);
  // PERSON_EXISTS (rule 7): the address typed belongs to an account that is not a member here.
  const [exists, setExists] = useState<string | null>(null);
  const [{ fetching }, name] = useMutation(NamePrincipalMutation);
  const set = (field: PersonField) => (event: React.ChangeEvent<HTMLInputElement>) => {
    setPerson({ ...person, [field]: event.currentTarget.value });
    if (field === 'email') setExists(null);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setErrors({});
    setFailure(null);
    setExists(null);
    const input =
      choice === 'existing'
        ? { organisationId, existingPersonEmail: existingEmail }
        : { organisationId, newPerson: person };
    const result = await name({ input });
    if (result.error) return setFailure(describeRequestError(t, result.error));
    const outcome = readOutcome(t, result.data?.namePrincipalAdministrator);
    if (!outcome.ok) {
      const field = outcome.field as PersonField | null;
      if (outcome.code === 'PERSON_EXISTS' && (field === 'email' || field === 'existingPersonEmail')) {
        setExists((field === 'email' ? person.email : existingEmail).trim());
        setErrors({ [field]: t('personExists.field') });
        return;
      }
      const message = refusalMessage(outcome, {
        'email:INVALID_INPUT': t('organisations.invalidEmail'),
        'email:SHARED_MAILBOX': t('organisations.sharedMailbox'),
        'email:CONFLICT': t('organisations.emailTaken'),
        'firstName:INVALID_INPUT': t('organisations.invalidName'),
        'lastName:INVALID_INPUT': t('organisations.invalidName'),
        'personId:CONFLICT': t('organisations.alreadyPrincipal'),
        'existingPersonEmail:INVALID_INPUT': t('organisations.unknownPerson'),
        'existingPersonEmail:CONFLICT': t('organisations.alreadyPrincipal'),
      });
      if (field && ['firstName', 'lastName', 'email', 'existingPersonEmail'].includes(field))
        setErrors({ [field]: message });
      else setFailure(message);
      return;
    }
    const who = outcome.data.member.person;
    notifications.show({
      color: 'teal',
      message: t('organisations.principalNamed', { name: `${who.firstName} ${who.lastName}` }),
    });
    setPerson({ firstName: '', lastName: '', email: '' });
    setExistingEmail('');
    onNamed();
  };

  return (
    <form onSubmit={submit} noValidate aria-labelledby="name-principal-title">
      <Stack gap="sm">
        <Text id="name-principal-title" fw={600}>
          {t('organisations.namePrincipal')}
        </Text>
        <Text fz="sm" c="dimmed">
          {t('organisations.namePrincipalHelp')}
        </Text>
        {failure && (
          <Alert color="red" role="alert" icon={<IconAlertCircle aria-hidden="true" />}>
            {failure}
          </Alert>
        )}
        <Radio.Group
          label={t('organisations.personChoice')}
          value={choice}
          onChange={(value) => {
            setChoice(value as PersonChoice);
            setErrors({});
            setExists(null);
          }}
        >
          <Group mt="xs">
            <Radio value="existing" label={t('organisations.existingPerson')} />
            <Radio value="new" label={t('organisations.newPerson')} />
          </Group>
        </Radio.Group>
        {choice === 'existing' ? (
          <TextInput
            type="email"
            label={t('organisations.existingPersonEmail')}
            description={t('organisations.existingPersonEmailHelp')}
            inputWrapperOrder={['label', 'input', 'description', 'error']}
            value={existingEmail}
            onChange={(event) => {
              setExistingEmail(event.currentTarget.value);
              setExists(null);
            }}
            error={errors.existingPersonEmail}
            maw={420}
            required
          />
        ) : (
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput
              label={t('organisations.firstName')}
              value={person.firstName}
              onChange={set('firstName')}
              error={errors.firstName}
              required
            />
            <TextInput
              label={t('organisations.lastName')}
              value={person.lastName}
              onChange={set('lastName')}
              error={errors.lastName}
              required
            />
            <TextInput
              type="email"
              label={t('organisations.email')}
              description={t('organisations.emailHelp')}
              inputWrapperOrder={['label', 'input', 'description', 'error']}
              value={person.email}
              onChange={set('email')}
              error={errors.email}
              required
            />
          </SimpleGrid>
        )}
        {exists !== null && (
          <PersonExistsPanel
            title={t('principalInvite.title')}
            body={t('principalInvite.body')}
            invitation={exists ? { email: exists, organisationId, asPrincipalAdmin: true } : null}
            inviteLabel={t('principalInvite.invite')}
            invitedMessage={({ email, date }) => t('principalInvite.invited', { email, date })}
          />
        )}
        <Group>
          <Button
            type="submit"
            loading={fetching}
            leftSection={<IconUserPlus size={16} aria-hidden="true" />}
          >
            {t('organisations.namePrincipal')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
