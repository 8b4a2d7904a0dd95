import { Alert, Button, Group, Loader, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertCircle, IconArrowLeft, IconPlayerPause, IconPlayerPlay } from '@tabler/icons-react';
import { createFileRoute } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { AgreementCard, AgreementFields } from '../components/admin/AgreementCard';
import { AnchorLink } from '../components/admin/AnchorLink';
import { ConfirmModal } from '../components/admin/ConfirmModal';
import { queryErrorMessage } from '../components/admin/field-message';

import { PrincipalsCard } from '../components/admin/OrganisationPrincipals';
import { OrganisationStatusBadge } from '../components/OrganisationStatusBadge';
import { PageTitle } from '../components/PageTitle';
import { graphql } from '../graphql';
import { describeRequestError } from '../lib/errors';
import { formatDateTime } from '../lib/format';
import { MutationError, readOutcome } from '../lib/mutation';
import { prefetch } from '../lib/prefetch';

export const Route = createFileRoute('/_auth/organisations/$organisationId')({
  loader: ({ context, params }) => prefetch(context.client, OrganisationQuery, { id: params.organisationId }),
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
          {t('organisations.createdAt', { date: formatDateTime(organisation.createdAt) })}
          {organisation.activatedAt &&
            ` · ${t('organisations.activatedAt', { date: formatDateTime(organisation.activatedAt) })}`}
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
