import { Alert, Button, Group, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertCircle, IconFileCertificate, IconPlus } from '@tabler/icons-react';
import { type FormEvent, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { graphql } from '../../graphql';
import { describeRequestError } from '../../lib/errors';
import { today } from '../../lib/format';
import { MutationError, readOutcome } from '../../lib/mutation';
import { DayInput } from '../DayInput';
import { useCompleteQuery } from '../data/useCompleteQuery';
import { refusalMessage } from './field-message';

export const CatalogueQuery = graphql(`
  query AgreementCatalogue($after: String) {
    services(first: 100, after: $after) {
      edges { node { id name code roles { id code name } } }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

export const CreateAgreementMutation = graphql(
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

export const AddItemMutation = graphql(
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

export function CreateAgreementForm({
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
          <DayInput
            label={t('agreement.validFrom')}
            value={validFrom}
            onChange={setValidFrom}
            error={errors.validFrom}
            required
          />
          <DayInput
            label={t('agreement.validUntil')}
            description={t('agreement.openEnded')}
            value={validUntil}
            onChange={setValidUntil}
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

export function AddItemForm({
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
          <DayInput
            label={t('agreement.itemFrom')}
            value={validFrom}
            onChange={setValidFrom}
            error={errors.validFrom}
          />
          <DayInput
            label={t('agreement.itemUntil')}
            value={validUntil}
            onChange={setValidUntil}
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
