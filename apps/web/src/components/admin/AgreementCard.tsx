import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Card,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertCircle, IconFileCertificate, IconPlus, IconTrash } from '@tabler/icons-react';
import { type FormEvent, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { type FragmentOf, graphql, type ResultOf, readFragment } from '../../graphql';
import { describeRequestError } from '../../lib/errors';
import { MutationError, readOutcome } from '../../lib/mutation';
import { useCompleteQuery } from '../data/useCompleteQuery';
import { ConfirmModal } from './ConfirmModal';
import { refusalMessage } from './field-message';
import { formatDay, today } from './format';

export const AgreementFields = graphql(`
  fragment AgreementFields on Agreement {
    id
    version
    reference
    validFrom
    validUntil
    items {
      id
      validFrom
      validUntil
      inForce
      serviceRole { id code name service { id code name } }
    }
  }
`);

const CatalogueQuery = graphql(`
  query AgreementCatalogue($after: String) {
    services(first: 100, after: $after) {
      edges { node { id name code roles { id code name } } }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

const CreateAgreementMutation = graphql(
  `
  mutation CreateAgreement($input: CreateAgreementInput!) {
    createAgreement(input: $input) {
      __typename
      ...MutationError
      ... on MutationCreateAgreementSuccess { data { id } }
    }
  }
`,
  [MutationError],
);

const AddItemMutation = graphql(
  `
  mutation AddAgreementItem($input: AddAgreementItemInput!) {
    addAgreementItem(input: $input) {
      __typename
      ...MutationError
      ... on MutationAddAgreementItemSuccess { data { id serviceRole { name } } }
    }
  }
`,
  [MutationError],
);

const RemoveItemMutation = graphql(
  `
  mutation RemoveAgreementItem($input: RemoveAgreementItemInput!) {
    removeAgreementItem(input: $input) {
      __typename
      ...MutationError
      ... on MutationRemoveAgreementItemSuccess { data { id } }
    }
  }
`,
  [MutationError],
);

interface AgreementCardProps {
  organisationId: string;
  agreement: FragmentOf<typeof AgreementFields> | null;
  /** the operator edits; an organisation's admins read */
  editable: boolean;
  onChanged?: () => void;
}

/** The agreement of an organisation: its service roles with their validity, and for the operator the editor. */
export function AgreementCard({
  organisationId,
  agreement: masked,
  editable,
  onChanged,
}: AgreementCardProps) {
  const { t } = useTranslation();
  const agreement = readFragment(AgreementFields, masked);
  return (
    <Card component="section" aria-labelledby="agreement-title">
      <Group gap="sm" mb="xs">
        <IconFileCertificate size={22} aria-hidden="true" />
        <Title order={2} id="agreement-title" fz="h3">
          {t('agreement.title')}
          {agreement && (
            <Text span c="dimmed" fz="md" fw={400} ff="monospace" ml="sm">
              {agreement.reference}
            </Text>
          )}
        </Title>
      </Group>
      <Text c="dimmed" fz="sm" mb="md">
        {editable ? t('agreement.help') : t('agreement.readOnlyHelp')}
      </Text>
      {!agreement && !editable && <Text>{t('agreement.none')}</Text>}
      {!agreement && editable && (
        <CreateAgreementForm organisationId={organisationId} onCreated={onChanged} />
      )}
      {agreement && (
        <Stack>
          <Text fz="sm">
            {agreement.validUntil
              ? t('agreement.validity', {
                  from: formatDay(agreement.validFrom),
                  until: formatDay(agreement.validUntil),
                })
              : t('agreement.validityOpen', { from: formatDay(agreement.validFrom) })}
          </Text>
          <AgreementItems agreement={agreement} editable={editable} onChanged={onChanged} />
          {editable && (
            <AddItemForm
              agreementId={agreement.id}
              agreementVersion={agreement.version}
              present={agreement.items.map((item) => item.serviceRole.id)}
              onAdded={onChanged}
            />
          )}
        </Stack>
      )}
    </Card>
  );
}

type Agreement = ResultOf<typeof AgreementFields>;

function AgreementItems({
  agreement,
  editable,
  onChanged,
}: {
  agreement: Agreement;
  editable: boolean;
  onChanged?: () => void;
}) {
  const { t } = useTranslation();
  const [removing, setRemoving] = useState<Agreement['items'][number] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [{ fetching }, remove] = useMutation(RemoveItemMutation);
  if (agreement.items.length === 0) return <Text c="dimmed">{t('agreement.noItems')}</Text>;

  const confirm = async () => {
    if (!removing) return;
    const result = await remove({
      input: { agreementItemId: removing.id, expectedVersion: agreement.version },
    });
    if (result.error) return setError(describeRequestError(t, result.error));
    const outcome = readOutcome(t, result.data?.removeAgreementItem);
    if (!outcome.ok) return setError(outcome.message);
    notifications.show({ color: 'teal', message: t('agreement.removed') });
    setRemoving(null);
    onChanged?.();
  };

  return (
    <>
      <Table.ScrollContainer minWidth={520}>
        <Table verticalSpacing="xs" aria-label={t('agreement.itemsLabel')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('agreement.service')}</Table.Th>
              <Table.Th>{t('agreement.role')}</Table.Th>
              <Table.Th>{t('agreement.itemValidity')}</Table.Th>
              {editable && (
                <Table.Th>
                  <VisuallyHidden>{t('agreement.actions')}</VisuallyHidden>
                </Table.Th>
              )}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {agreement.items.map((item) => (
              <Table.Tr key={item.id}>
                <Table.Td>{item.serviceRole.service.name}</Table.Td>
                <Table.Td fw={500}>{item.serviceRole.name}</Table.Td>
                <Table.Td>
                  <Group gap="xs">
                    <Badge color={item.inForce ? 'teal' : 'gray'} variant="light">
                      {item.inForce ? t('agreement.inForce') : t('agreement.notInForce')}
                    </Badge>
                    {(item.validFrom || item.validUntil) && (
                      <Text fz="xs" c="dimmed">
                        {item.validUntil
                          ? t('agreement.validity', {
                              from: formatDay(item.validFrom ?? agreement.validFrom),
                              until: formatDay(item.validUntil),
                            })
                          : t('agreement.validityOpen', { from: formatDay(item.validFrom) })}
                      </Text>
                    )}
                  </Group>
                </Table.Td>
                {editable && (
                  <Table.Td ta="right">
                    <Tooltip label={t('agreement.remove', { role: item.serviceRole.name })}>
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={t('agreement.remove', {
                          role: `${item.serviceRole.service.name} · ${item.serviceRole.name}`,
                        })}
                        onClick={() => {
                          setError(null);
                          setRemoving(item);
                        }}
                      >
                        <IconTrash size={18} aria-hidden="true" />
                      </ActionIcon>
                    </Tooltip>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <ConfirmModal
        opened={removing !== null}
        onClose={() => setRemoving(null)}
        title={t('agreement.removeTitle', {
          role: removing ? `${removing.serviceRole.service.name} · ${removing.serviceRole.name}` : '',
        })}
        text={t('agreement.removeText')}
        confirmLabel={t('agreement.remove', { role: removing?.serviceRole.name ?? '' })}
        onConfirm={confirm}
        loading={fetching}
        error={error}
      />
    </>
  );
}

function CreateAgreementForm({
  organisationId,
  onCreated,
}: {
  organisationId: string;
  onCreated?: () => void;
}) {
  const { t } = useTranslation();
  const [reference, setReference] = useState('');
  const [validFrom, setValidFrom] = useState(today());
  const [validUntil, setValidUntil] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [{ fetching }, create] = useMutation(CreateAgreementMutation);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setErrors({});
    setFailure(null);
    const result = await create({
      input: { organisationId, reference, validFrom, validUntil: validUntil || null },
    });
    if (result.error) return setFailure(describeRequestError(t, result.error));
    const outcome = readOutcome(t, result.data?.createAgreement);
    if (!outcome.ok) {
      const message = refusalMessage(outcome, {
        'validUntil:INVALID_INPUT': t('agreement.invalidValidity'),
        'reference:INVALID_INPUT': t('agreement.requiredReference'),
      });
      if (outcome.field && ['reference', 'validFrom', 'validUntil'].includes(outcome.field))
        setErrors({ [outcome.field]: message });
      else setFailure(message);
      return;
    }
    notifications.show({ color: 'teal', message: t('agreement.created') });
    onCreated?.();
  };

  return (
    <form onSubmit={submit} noValidate aria-label={t('agreement.create')}>
      <Stack>
        <Text>{t('agreement.none')}</Text>
        {failure && (
          <Alert color="red" role="alert" icon={<IconAlertCircle aria-hidden="true" />}>
            {failure}
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput
            label={t('agreement.reference')}
            value={reference}
            onChange={(event) => setReference(event.currentTarget.value)}
            error={errors.reference}
            required
          />
          <TextInput
            type="date"
            label={t('agreement.validFrom')}
            value={validFrom}
            onChange={(event) => setValidFrom(event.currentTarget.value)}
            error={errors.validFrom}
            required
          />
          <TextInput
            type="date"
            label={t('agreement.validUntil')}
            description={t('agreement.openEnded')}
            value={validUntil}
            onChange={(event) => setValidUntil(event.currentTarget.value)}
            error={errors.validUntil}
          />
        </SimpleGrid>
        <Group>
          <Button
            type="submit"
            loading={fetching}
            leftSection={<IconFileCertificate size={16} aria-hidden="true" />}
          >
            {t('agreement.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function AddItemForm({
  agreementId,
  agreementVersion,
  present,
  onAdded,
}: {
  agreementId: string;
  /** the agreement as shown: an addition decided on a stale page is refused */
  agreementVersion: number;
  present: string[];
  onAdded?: () => void;
}) {
  const { t } = useTranslation();
  const [catalogue] = useCompleteQuery({ query: CatalogueQuery }, 'services');
  const [serviceRoleId, setServiceRoleId] = useState<string | null>(null);
  const [validFrom, setValidFrom] = useState('');
  const [validUntil, setValidUntil] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [{ fetching }, add] = useMutation(AddItemMutation);
  const data = useMemo(
    () =>
      (catalogue.data?.services.edges ?? [])
        .map(({ node }) => ({
          group: node.name,
          items: node.roles
            .filter((role) => !present.includes(role.id))
            .map((role) => ({ value: role.id, label: `${node.name} · ${role.name}` })),
        }))
        .filter((group) => group.items.length > 0),
    [catalogue.data, present],
  );

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setErrors({});
    setFailure(null);
    if (!serviceRoleId) return setErrors({ serviceRoleId: t('agreement.chooseRolePlaceholder') });
    const result = await add({
      input: {
        agreementId,
        serviceRoleId,
        validFrom: validFrom || null,
        validUntil: validUntil || null,
        expectedVersion: agreementVersion,
      },
    });
    if (result.error) return setFailure(describeRequestError(t, result.error));
    const outcome = readOutcome(t, result.data?.addAgreementItem);
    if (!outcome.ok) {
      const message = refusalMessage(outcome, {
        'validUntil:INVALID_INPUT': t('agreement.invalidValidity'),
        'serviceRoleId:CONFLICT': t('agreement.duplicateRole'),
      });
      if (outcome.field && ['serviceRoleId', 'validFrom', 'validUntil'].includes(outcome.field))
        setErrors({ [outcome.field]: message });
      else setFailure(message);
      return;
    }
    notifications.show({
      color: 'teal',
      message: t('agreement.added', { role: outcome.data.serviceRole.name }),
    });
    setServiceRoleId(null);
    setValidFrom('');
    setValidUntil('');
    onAdded?.();
  };

  return (
    <form onSubmit={submit} noValidate aria-labelledby="add-item-title">
      <Stack gap="sm" mt="sm">
        <Text id="add-item-title" fw={600}>
          {t('agreement.addTitle')}
        </Text>
        {failure && (
          <Alert color="red" role="alert" icon={<IconAlertCircle aria-hidden="true" />}>
            {failure}
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Select
            label={t('agreement.chooseRole')}
            placeholder={t('agreement.chooseRolePlaceholder')}
            data={data}
            value={serviceRoleId}
            onChange={setServiceRoleId}
            searchable
            error={errors.serviceRoleId}
            required
          />
          <TextInput
            type="date"
            label={t('agreement.itemFrom')}
            value={validFrom}
            onChange={(event) => setValidFrom(event.currentTarget.value)}
            error={errors.validFrom}
          />
          <TextInput
            type="date"
            label={t('agreement.itemUntil')}
            value={validUntil}
            onChange={(event) => setValidUntil(event.currentTarget.value)}
            error={errors.validUntil}
          />
        </SimpleGrid>
        <Group>
          <Button
            type="submit"
            variant="light"
            loading={fetching}
            leftSection={<IconPlus size={16} aria-hidden="true" />}
          >
            {t('agreement.add')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
