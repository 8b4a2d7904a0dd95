import {
  Alert,
  Button,
  Card,
  Group,
  Loader,
  Radio,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  IconAlertCircle,
  IconArrowLeft,
  IconPlayerPause,
  IconPlayerPlay,
  IconShieldCheck,
  IconUserPlus,
  IconUserX,
} from '@tabler/icons-react';
import { createFileRoute } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { AgreementCard, AgreementFields } from '../components/admin/AgreementCard';
import { AnchorLink } from '../components/admin/AnchorLink';
import { ConfirmModal } from '../components/admin/ConfirmModal';
import { queryErrorMessage, refusalMessage } from '../components/admin/field-message';
import { formatInstant } from '../components/admin/format';
import { PersonExistsPanel } from '../components/members/PersonExistsPanel';
import { OrganisationStatusBadge } from '../components/OrganisationStatusBadge';
import { PageTitle } from '../components/PageTitle';
import { graphql } from '../graphql';
import { describeRequestError } from '../lib/errors';
import { MutationError, readOutcome } from '../lib/mutation';

export const Route = createFileRoute('/_auth/organisations/$organisationId')({
  component: OrganisationPage,
});

const OrganisationQuery = graphql(
  `
  query OperatorOrganisation($id: ID!) {
    node(id: $id) {
      __typename
      ... on Organisation {
        id
        version
        name
        status
        registryKind
        registryNumber
        createdAt
        activatedAt
        agreement { ...AgreementFields }
      }
    }
    administrators(organisationId: $id, kind: PRINCIPAL_ADMIN, first: 50) {
      edges { node { id createdAt member { id person { firstName lastName email } } } }
    }
  }
`,
  [AgreementFields],
);

const SuspendMutation = graphql(
  `
  mutation SuspendOrganisation($input: OrganisationIdInput!) {
    suspendOrganisation(input: $input) {
      __typename
      ...MutationError
      ... on MutationSuspendOrganisationSuccess { data { id status } }
    }
  }
`,
  [MutationError],
);

const ReactivateMutation = graphql(
  `
  mutation ReactivateOrganisation($input: OrganisationIdInput!) {
    reactivateOrganisation(input: $input) {
      __typename
      ...MutationError
      ... on MutationReactivateOrganisationSuccess { data { id status } }
    }
  }
`,
  [MutationError],
);

const NamePrincipalMutation = graphql(
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

const RemoveAdministratorMutation = graphql(
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

function OrganisationPage() {
  const { t } = useTranslation();
  const { organisationId } = Route.useParams();
  const [result, reexecute] = useQuery({ query: OrganisationQuery, variables: { id: organisationId } });
  const refresh = () => reexecute({ requestPolicy: 'network-only' });
  const organisation = result.data?.node?.__typename === 'Organisation' ? result.data.node : null;

  return (
    <Stack gap="xl">
      <AnchorLink to="/organisations" fz="sm">
        <Group gap={4} component="span">
          <IconArrowLeft size={16} aria-hidden="true" />
          {t('organisations.back')}
        </Group>
      </AnchorLink>
      {result.error && (
        <Alert color="red" role="alert" icon={<IconAlertCircle aria-hidden="true" />}>
          {queryErrorMessage(t, result.error)}
        </Alert>
      )}
      {result.fetching && !result.data && <Loader aria-label={t('organisations.detailLoading')} />}
      {organisation && (
        <>
          <Header organisation={organisation} onChanged={refresh} />
          <AgreementCard
            organisationId={organisation.id}
            agreement={organisation.agreement}
            editable
            onChanged={refresh}
          />
          <PrincipalsCard
            organisationId={organisation.id}
            principals={result.data?.administrators.edges.map((edge) => edge.node) ?? []}
            onChanged={refresh}
          />
        </>
      )}
    </Stack>
  );
}

interface OrganisationHeader {
  id: string;
  version: number;
  name: string;
  status: 'PENDING_ACTIVATION' | 'ACTIVE' | 'SUSPENDED';
  registryKind: 'SIREN' | 'ENTERPRISE_NUMBER' | 'IDE' | 'FINESS';
  registryNumber: string;
  createdAt: string;
  activatedAt: string | null;
}

function Header({ organisation, onChanged }: { organisation: OrganisationHeader; onChanged: () => void }) {
  const { t } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [suspendState, suspend] = useMutation(SuspendMutation);
  const [reactivateState, reactivate] = useMutation(ReactivateMutation);

  const doSuspend = async () => {
    const result = await suspend({
      input: { organisationId: organisation.id, expectedVersion: organisation.version },
    });
    if (result.error) return setError(describeRequestError(t, result.error));
    const outcome = readOutcome(t, result.data?.suspendOrganisation);
    if (!outcome.ok) return setError(outcome.message);
    setConfirming(false);
    notifications.show({ color: 'orange', message: t('organisations.suspended') });
    onChanged();
  };
  const doReactivate = async () => {
    const result = await reactivate({
      input: { organisationId: organisation.id, expectedVersion: organisation.version },
    });
    const outcome = result.error ? null : readOutcome(t, result.data?.reactivateOrganisation);
    if (!outcome?.ok) {
      notifications.show({
        color: 'red',
        message: result.error
          ? describeRequestError(t, result.error)
          : outcome && !outcome.ok
            ? outcome.message
            : '',
      });
      return;
    }
    notifications.show({ color: 'teal', message: t('organisations.reactivated') });
    onChanged();
  };

  return (
    <Group justify="space-between" align="flex-start" wrap="wrap">
      <div>
        <Group gap="sm" align="center">
          <PageTitle>{organisation.name}</PageTitle>
          <OrganisationStatusBadge status={organisation.status} />
        </Group>
        <Text c="dimmed" mt={6}>
          {t(`registryKind.${organisation.registryKind}`)}{' '}
          <Text span ff="monospace">
            {organisation.registryNumber}
          </Text>
          {' · '}
          {t('organisations.createdAt', { date: formatInstant(organisation.createdAt) })}
          {organisation.activatedAt &&
            ` · ${t('organisations.activatedAt', { date: formatInstant(organisation.activatedAt) })}`}
        </Text>
      </div>
      {organisation.status === 'SUSPENDED' ? (
        <Button
          variant="light"
          color="teal"
          leftSection={<IconPlayerPlay size={16} aria-hidden="true" />}
          onClick={doReactivate}
          loading={reactivateState.fetching}
        >
          {t('organisations.reactivate')}
        </Button>
      ) : (
        <Button
          variant="light"
          color="red"
          leftSection={<IconPlayerPause size={16} aria-hidden="true" />}
          onClick={() => {
            setError(null);
            setConfirming(true);
          }}
        >
          {t('organisations.suspend')}
        </Button>
      )}
      <ConfirmModal
        opened={confirming}
        onClose={() => setConfirming(false)}
        title={t('organisations.suspendTitle', { name: organisation.name })}
        text={t('organisations.suspendText')}
        confirmLabel={t('organisations.suspendConfirm')}
        onConfirm={doSuspend}
        loading={suspendState.fetching}
        error={error}
      />
    </Group>
  );
}

interface Principal {
  id: string;
  createdAt: string;
  member: { id: string; person: { firstName: string; lastName: string; email: string } };
}

function PrincipalsCard({
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
                  {t('organisations.namedOn', { date: formatInstant(principal.createdAt) })}
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

type PersonField = 'firstName' | 'lastName' | 'email' | 'existingPersonEmail';
type PersonChoice = 'existing' | 'new';

function NamePrincipalForm({ organisationId, onNamed }: { organisationId: string; onNamed: () => void }) {
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
