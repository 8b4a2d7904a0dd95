import {
  Alert,
  Button,
  Card,
  EmptyState,
  Group,
  Loader,
  Modal,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useDebouncedValue, useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconAlertCircle, IconBuildingCommunity, IconPlus, IconSearch } from '@tabler/icons-react';
import { createFileRoute, useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { AnchorLink } from '../components/admin/AnchorLink';
import { queryErrorMessage, refusalMessage } from '../components/admin/field-message';
import { Pager, useCursorPager } from '../components/data/Pager';
import { OrganisationStatusBadge } from '../components/OrganisationStatusBadge';
import { PageTitle } from '../components/PageTitle';
import { graphql } from '../graphql';
import { describeRequestError } from '../lib/errors';
import { MutationError, readOutcome } from '../lib/mutation';

const PAGE_SIZE = 20;
const STATUSES = ['PENDING_ACTIVATION', 'ACTIVE', 'SUSPENDED'] as const;
const REGISTRY_KINDS = ['SIREN', 'ENTERPRISE_NUMBER', 'IDE', 'FINESS'] as const;

export const Route = createFileRoute('/_auth/organisations/')({
  component: OrganisationsPage,
});

const OrganisationsQuery = graphql(`
  query OperatorOrganisations($first: Int!, $after: String, $search: String, $status: OrganisationStatus) {
    organisations(first: $first, after: $after, search: $search, status: $status) {
      edges { node { id name status registryKind registryNumber } }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

const CreateOrganisationMutation = graphql(
  `
  mutation CreateOrganisation($input: CreateOrganisationInput!) {
    createOrganisation(input: $input) {
      __typename
      ...MutationError
      ... on MutationCreateOrganisationSuccess { data { id name } }
    }
  }
`,
  [MutationError],
);

function OrganisationsPage() {
  const { t } = useTranslation();
  // Four statuses side by side do not fit a phone: they stack there.
  const phone = useMediaQuery('(max-width: 36em)') ?? false;
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const [status, setStatus] = useState<(typeof STATUSES)[number] | 'ALL'>('ALL');
  const [creating, setCreating] = useState(false);
  const pager = useCursorPager(`${debounced}|${status}`);
  const [result] = useQuery({
    query: OrganisationsQuery,
    variables: {
      first: PAGE_SIZE,
      after: pager.after,
      search: debounced || null,
      status: status === 'ALL' ? null : status,
    },
  });
  const edges = result.data?.organisations.edges ?? [];

  return (
    <Stack gap="xl">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <div>
          <PageTitle>{t('organisations.title')}</PageTitle>
          <Text c="dimmed" mt={6}>
            {t('organisations.subtitle')}
          </Text>
        </div>
        <Button leftSection={<IconPlus size={16} aria-hidden="true" />} onClick={() => setCreating(true)}>
          {t('organisations.create')}
        </Button>
      </Group>

      <Group align="flex-end" wrap="wrap" gap="lg">
        <TextInput
          label={t('organisations.search')}
          placeholder={t('organisations.searchPlaceholder')}
          leftSection={<IconSearch size={16} aria-hidden="true" />}
          value={search}
          onChange={(event) => setSearch(event.currentTarget.value)}
          w={{ base: '100%', sm: 340 }}
        />
        <Stack gap={4} w={{ base: '100%', sm: 'auto' }}>
          <Text component="span" fz="sm" fw={500} id="status-filter-label">
            {t('organisations.statusFilter')}
          </Text>
          <SegmentedControl
            aria-labelledby="status-filter-label"
            orientation={phone ? 'vertical' : 'horizontal'}
            fullWidth={phone}
            value={status}
            onChange={(value) => setStatus(value as typeof status)}
            data={[
              { value: 'ALL', label: t('organisations.allStatuses') },
              ...STATUSES.map((value) => ({ value, label: t(`organisationStatus.${value}`) })),
            ]}
          />
        </Stack>
      </Group>

      {result.error && (
        <Alert color="red" role="alert" icon={<IconAlertCircle aria-hidden="true" />}>
          {queryErrorMessage(t, result.error)}
        </Alert>
      )}
      {result.fetching && !result.data && <Loader aria-label={t('common.loading')} />}
      {result.data && edges.length === 0 && (
        <EmptyState
          variant="light"
          icon={<IconBuildingCommunity aria-hidden="true" />}
          title={t('organisations.empty')}
          py="xl"
        />
      )}
      {edges.length > 0 && (
        <Card p={0}>
          <Table.ScrollContainer minWidth={560}>
            <Table
              verticalSpacing="sm"
              horizontalSpacing="lg"
              highlightOnHover
              aria-label={t('organisations.listLabel')}
            >
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('organisations.name')}</Table.Th>
                  <Table.Th>{t('organisations.registry')}</Table.Th>
                  <Table.Th>{t('organisations.status')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {edges.map(({ node }) => (
                  <Table.Tr key={node.id}>
                    <Table.Td>
                      <AnchorLink
                        to="/organisations/$organisationId"
                        params={{ organisationId: node.id }}
                        fw={600}
                      >
                        {node.name}
                      </AnchorLink>
                    </Table.Td>
                    <Table.Td>
                      <Text fz="sm" c="dimmed" span>
                        {t(`registryKind.${node.registryKind}`)}{' '}
                      </Text>
                      <Text fz="sm" ff="monospace" span>
                        {node.registryNumber}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <OrganisationStatusBadge status={node.status} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      )}
      <Pager
        page={pager.page}
        hasNextPage={result.data?.organisations.pageInfo.hasNextPage ?? false}
        onPrevious={pager.previous}
        onNext={() => pager.next(result.data?.organisations.pageInfo.endCursor)}
      />

      <CreateOrganisationModal opened={creating} onClose={() => setCreating(false)} />
    </Stack>
  );
}

type Field = 'name' | 'registryKind' | 'registryNumber';

function CreateOrganisationModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [registryKind, setRegistryKind] = useState<(typeof REGISTRY_KINDS)[number]>('SIREN');
  const [registryNumber, setRegistryNumber] = useState('');
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [{ fetching }, create] = useMutation(CreateOrganisationMutation);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setErrors({});
    setFailure(null);
    const result = await create({ input: { name, registryKind, registryNumber } });
    if (result.error) return setFailure(describeRequestError(t, result.error));
    const outcome = readOutcome(t, result.data?.createOrganisation);
    if (!outcome.ok) {
      const field = outcome.field as Field | null;
      const message = refusalMessage(outcome, {
        'registryNumber:INVALID_INPUT': t('organisations.invalidRegistryNumber'),
        'registryNumber:CONFLICT': t('organisations.duplicateRegistryNumber'),
        'name:INVALID_INPUT': t('organisations.invalidName'),
      });
      if (field && ['name', 'registryKind', 'registryNumber'].includes(field))
        setErrors({ [field]: message });
      else setFailure(message);
      return;
    }
    notifications.show({ color: 'teal', message: t('organisations.created', { name: outcome.data.name }) });
    onClose();
    setName('');
    setRegistryNumber('');
    await navigate({ to: '/organisations/$organisationId', params: { organisationId: outcome.data.id } });
  };

  return (
    <Modal opened={opened} onClose={onClose} title={t('organisations.createTitle')} centered>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text fz="sm" c="dimmed">
            {t('organisations.createHelp')}
          </Text>
          {failure && (
            <Alert color="red" role="alert" icon={<IconAlertCircle aria-hidden="true" />}>
              {failure}
            </Alert>
          )}
          <TextInput
            label={t('organisations.name')}
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            error={errors.name}
            required
            data-autofocus
          />
          <Select
            label={t('organisations.registryKind')}
            data={REGISTRY_KINDS.map((value) => ({ value, label: t(`registryKind.${value}`) }))}
            value={registryKind}
            onChange={(value) => value && setRegistryKind(value as typeof registryKind)}
            allowDeselect={false}
            error={errors.registryKind}
            required
          />
          <TextInput
            label={t('organisations.registryNumber')}
            description={t('organisations.registryNumberHelp')}
            value={registryNumber}
            onChange={(event) => setRegistryNumber(event.currentTarget.value)}
            error={errors.registryNumber}
            required
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('organisations.cancel')}
            </Button>
            <Button type="submit" loading={fetching}>
              {t('organisations.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
