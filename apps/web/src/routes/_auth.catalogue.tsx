import {
  Alert,
  Badge,
  Button,
  Card,
  EmptyState,
  Group,
  Loader,
  Modal,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconAlertCircle, IconApps, IconPencil, IconPlus, IconSearch } from '@tabler/icons-react';
import { createFileRoute } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { queryErrorMessage, refusalMessage } from '../components/admin/field-message';
import { Pager, useCursorPager } from '../components/data/Pager';
import { PageTitle } from '../components/PageTitle';
import { graphql, type ResultOf } from '../graphql';
import { describeRequestError } from '../lib/errors';
import { MutationError, readOutcome } from '../lib/mutation';

const PAGE_SIZE = 20;
const ACCESS_LEVELS = ['PROTECTED', 'FREE'] as const;

export const Route = createFileRoute('/_auth/catalogue')({
  component: CataloguePage,
});

const ServicesQuery = graphql(`
  query CatalogueServices($first: Int!, $after: String, $search: String) {
    services(first: $first, after: $after, search: $search) {
      edges { node { id code name description accessLevel roles { id code name } } }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

const CreateServiceMutation = graphql(
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

const UpdateServiceMutation = graphql(
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

const CreateRoleMutation = graphql(
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

type Service = ResultOf<typeof ServicesQuery>['services']['edges'][number]['node'];

function CataloguePage() {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const pager = useCursorPager(debounced);
  const [editing, setEditing] = useState<Service | 'new' | null>(null);
  const [addingRole, setAddingRole] = useState<Service | null>(null);
  const [result, reexecute] = useQuery({
    query: ServicesQuery,
    variables: { first: PAGE_SIZE, after: pager.after, search: debounced || null },
  });
  const refresh = () => reexecute({ requestPolicy: 'network-only' });
  const services = result.data?.services.edges.map((edge) => edge.node) ?? [];

  return (
    <Stack gap="xl">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <div>
          <PageTitle>{t('catalogue.title')}</PageTitle>
          <Text c="dimmed" mt={6}>
            {t('catalogue.subtitle')}
          </Text>
        </div>
        <Button leftSection={<IconPlus size={16} aria-hidden="true" />} onClick={() => setEditing('new')}>
          {t('catalogue.create')}
        </Button>
      </Group>
      <TextInput
        label={t('catalogue.search')}
        placeholder={t('catalogue.searchPlaceholder')}
        leftSection={<IconSearch size={16} aria-hidden="true" />}
        value={search}
        onChange={(event) => setSearch(event.currentTarget.value)}
        maw={420}
      />
      {result.error && (
        <Alert color="red" role="alert" icon={<IconAlertCircle aria-hidden="true" />}>
          {queryErrorMessage(t, result.error)}
        </Alert>
      )}
      {result.fetching && !result.data && <Loader aria-label={t('common.loading')} />}
      {result.data && services.length === 0 && (
        <EmptyState
          variant="light"
          icon={<IconApps aria-hidden="true" />}
          title={t('catalogue.empty')}
          py="xl"
        />
      )}
      <Stack component="ul" p={0} m={0} gap="md" style={{ listStyle: 'none' }}>
        {services.map((service) => (
          <Card component="li" key={service.id} aria-labelledby={`service-${service.id}`}>
            <Group justify="space-between" align="flex-start" wrap="nowrap">
              <div>
                <Group gap="sm">
                  <Title order={2} fz="h4" id={`service-${service.id}`}>
                    {service.name}
                  </Title>
                  <Badge variant="outline" color="gray" ff="monospace">
                    {service.code}
                  </Badge>
                  <Badge variant="light" color={service.accessLevel === 'FREE' ? 'teal' : 'indigo'}>
                    {t(`accessLevel.${service.accessLevel}`)}
                  </Badge>
                </Group>
                {service.description && (
                  <Text fz="sm" c="dimmed" mt={4}>
                    {service.description}
                  </Text>
                )}
              </div>
              <Group gap="xs" wrap="nowrap">
                <Button
                  variant="default"
                  size="xs"
                  leftSection={<IconPencil size={14} aria-hidden="true" />}
                  onClick={() => setEditing(service)}
                  aria-label={t('catalogue.editTitle', { name: service.name })}
                >
                  {t('catalogue.edit')}
                </Button>
                <Button
                  variant="light"
                  size="xs"
                  leftSection={<IconPlus size={14} aria-hidden="true" />}
                  onClick={() => setAddingRole(service)}
                  aria-label={t('catalogue.addRoleTitle', { name: service.name })}
                >
                  {t('catalogue.addRole')}
                </Button>
              </Group>
            </Group>
            <Group gap="xs" mt="sm" aria-label={t('catalogue.roles')}>
              <Text fz="sm" fw={500}>
                {t('catalogue.rolesLabel')}
              </Text>
              {service.roles.length === 0 && (
                <Text fz="sm" c="dimmed">
                  {t('catalogue.noRoles')}
                </Text>
              )}
              {service.roles.map((role) => (
                <Badge key={role.id} variant="default" tt="none" fw={500}>
                  {role.name}{' '}
                  <Text span c="dimmed" fz="xs" ff="monospace">
                    {role.code}
                  </Text>
                </Badge>
              ))}
            </Group>
          </Card>
        ))}
      </Stack>
      <Pager
        page={pager.page}
        hasNextPage={result.data?.services.pageInfo.hasNextPage ?? false}
        onPrevious={pager.previous}
        onNext={() => pager.next(result.data?.services.pageInfo.endCursor)}
      />
      {editing && (
        <ServiceModal
          service={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            refresh();
          }}
        />
      )}
      {addingRole && (
        <RoleModal
          service={addingRole}
          onClose={() => setAddingRole(null)}
          onSaved={() => {
            setAddingRole(null);
            refresh();
          }}
        />
      )}
    </Stack>
  );
}

function ServiceModal({
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

function RoleModal({
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
