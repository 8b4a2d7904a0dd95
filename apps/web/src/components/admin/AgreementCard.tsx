import {
  ActionIcon,
  Badge,
  Card,
  Group,
  Stack,
  Table,
  Text,
  Title,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconFileCertificate, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { type FragmentOf, graphql, type ResultOf, readFragment } from '../../graphql';
import { describeRequestError } from '../../lib/errors';
import { formatDay } from '../../lib/format';
import { MutationError, readOutcome } from '../../lib/mutation';
import { AddItemForm, CreateAgreementForm } from './AgreementForms';
import { ConfirmModal } from './ConfirmModal';

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
