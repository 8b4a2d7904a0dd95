import { Alert, Button, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconAlertCircle } from '@tabler/icons-react';
import { type OrgTopology, unitNameFormSchema, unitWithin } from '@tessera/domain';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { graphql } from '../../graphql';
import { describeRequestError } from '../../lib/errors';
import { domainResolver, issueText } from '../../lib/form';
import { MutationError, readOutcome } from '../../lib/mutation';
import { ConfirmModal } from '../admin/ConfirmModal';
import { refusalMessage } from '../admin/field-message';
import type { Unit } from './units-query';

export const CreateUnitMutation = graphql(
  `
  mutation CreateUnit($input: CreateUnitInput!) {
    createUnit(input: $input) {
      __typename
      ...MutationError
      ... on MutationCreateUnitSuccess { data { id name } }
    }
  }
`,
  [MutationError],
);

export const RenameUnitMutation = graphql(
  `
  mutation RenameUnit($input: RenameUnitInput!) {
    renameUnit(input: $input) {
      __typename
      ...MutationError
      ... on MutationRenameUnitSuccess { data { id version name } }
    }
  }
`,
  [MutationError],
);

export const MoveUnitMutation = graphql(
  `
  mutation MoveUnit($input: MoveUnitInput!) {
    moveUnit(input: $input) {
      __typename
      ...MutationError
      ... on MutationMoveUnitSuccess { data { id version name } }
    }
  }
`,
  [MutationError],
);

export const DeleteUnitMutation = graphql(
  `
  mutation DeleteUnit($input: UnitIdInput!) {
    deleteUnit(input: $input) {
      __typename
      ...MutationError
      ... on MutationDeleteUnitSuccess { data }
    }
  }
`,
  [MutationError],
);

export type Outcome =
  | { ok: true; name: string }
  | { ok: false; code: string; field: string | null; message: string };

export function NameModal({
  title,
  initial,
  submitLabel,
  onClose,
  onSubmit,
  onDone,
}: {
  title: string;
  initial: string;
  submitLabel: string;
  onClose: () => void;
  onSubmit: (
    name: string,
    create: (input: { organisationId: string; parentId: string | null; name: string }) => Promise<Outcome>,
    rename: (input: { unitId: string; name: string; expectedVersion: number }) => Promise<Outcome>,
  ) => Promise<Outcome>;
  onDone: (name: string) => void;
}) {
  const { t } = useTranslation();
  const form = useForm({
    mode: 'controlled',
    initialValues: { name: initial },
    validate: domainResolver(unitNameFormSchema),
  });
  const [failure, setFailure] = useState<string | null>(null);
  const [createState, createUnit] = useMutation(CreateUnitMutation);
  const [renameState, renameUnit] = useMutation(RenameUnitMutation);

  const create = async (input: {
    organisationId: string;
    parentId: string | null;
    name: string;
  }): Promise<Outcome> => {
    const result = await createUnit({ input });
    if (result.error)
      return { ok: false, code: 'NETWORK', field: null, message: describeRequestError(t, result.error) };
    const outcome = readOutcome(t, result.data?.createUnit);
    return outcome.ok
      ? { ok: true, name: outcome.data.name }
      : { ok: false, code: outcome.code, field: outcome.field, message: outcome.message };
  };
  const rename = async (input: {
    unitId: string;
    name: string;
    expectedVersion: number;
  }): Promise<Outcome> => {
    const result = await renameUnit({ input });
    if (result.error)
      return { ok: false, code: 'NETWORK', field: null, message: describeRequestError(t, result.error) };
    const outcome = readOutcome(t, result.data?.renameUnit);
    return outcome.ok
      ? { ok: true, name: outcome.data.name }
      : { ok: false, code: outcome.code, field: outcome.field, message: outcome.message };
  };

  const submit = async ({ name }: typeof form.values) => {
    setFailure(null);
    const outcome = await onSubmit(name, create, rename);
    if (outcome.ok) return onDone(outcome.name);
    if (outcome.field === 'name')
      form.setFieldError('name', outcome.code === 'CONFLICT' ? 'conflict' : 'invalid');
    else setFailure(outcome.message);
  };

  return (
    <Modal opened onClose={onClose} title={title} centered>
      <form onSubmit={form.onSubmit((values) => void submit(values))} noValidate>
        <Stack>
          {failure && (
            <Alert color="red" role="alert" icon={<IconAlertCircle aria-hidden="true" />}>
              {failure}
            </Alert>
          )}
          <TextInput
            label={t('units.name')}
            {...form.getInputProps('name')}
            error={issueText(form.errors.name, {
              conflict: t('units.duplicateName'),
              invalid: t('units.invalidName'),
            })}
            required
            data-autofocus
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('organisations.cancel')}
            </Button>
            <Button type="submit" loading={createState.fetching || renameState.fetching}>
              {submitLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export function MoveModal({
  unit,
  units,
  topology,
  mayManage,
  onClose,
  onDone,
}: {
  unit: Unit;
  units: Unit[];
  topology: OrgTopology;
  mayManage: (unitId: string | null) => boolean;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const NONE = '__top__';
  const [parentId, setParentId] = useState<string>(unit.parent?.id ?? NONE);
  const [failure, setFailure] = useState<string | null>(null);
  const [{ fetching }, move] = useMutation(MoveUnitMutation);
  // Never under itself or its own sub-units (the API refuses it too), and only where the admin may manage.
  const options = [
    ...(mayManage(null) ? [{ value: NONE, label: t('units.noParent') }] : []),
    ...units
      .filter((candidate) => !unitWithin(candidate.id, unit.id, topology) && mayManage(candidate.id))
      .map((candidate) => ({ value: candidate.id, label: candidate.name })),
  ];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(null);
    const result = await move({
      input: {
        unitId: unit.id,
        parentId: parentId === NONE ? null : parentId,
        expectedVersion: unit.version,
      },
    });
    if (result.error) return setFailure(describeRequestError(t, result.error));
    const outcome = readOutcome(t, result.data?.moveUnit);
    if (!outcome.ok)
      return setFailure(
        refusalMessage(outcome, {
          'parentId:INVALID_INPUT': t('units.cycle'),
          CONFLICT: t('units.duplicateName'),
        }),
      );
    notifications.show({ color: 'teal', message: t('units.moved') });
    onDone();
  };

  return (
    <Modal opened onClose={onClose} title={t('units.moveTitle', { name: unit.name })} centered>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text fz="sm" c="dimmed">
            {t('units.moveHelp')}
          </Text>
          {failure && (
            <Alert color="red" role="alert" icon={<IconAlertCircle aria-hidden="true" />}>
              {failure}
            </Alert>
          )}
          <Select
            label={t('units.parent')}
            data={options}
            value={parentId}
            onChange={(value) => value && setParentId(value)}
            allowDeselect={false}
            searchable
            data-autofocus
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('organisations.cancel')}
            </Button>
            <Button type="submit" loading={fetching}>
              {t('units.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export function DeleteModal({
  unit,
  onClose,
  onDone,
}: {
  unit: Unit;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const [{ fetching }, remove] = useMutation(DeleteUnitMutation);
  const confirm = async () => {
    const result = await remove({ input: { unitId: unit.id, expectedVersion: unit.version } });
    if (result.error) return setError(describeRequestError(t, result.error));
    const outcome = readOutcome(t, result.data?.deleteUnit);
    if (!outcome.ok) return setError(outcome.code === 'CONFLICT' ? t('units.deleteText') : outcome.message);
    notifications.show({ color: 'teal', message: t('units.deleted') });
    onDone();
  };
  return (
    <ConfirmModal
      opened
      onClose={onClose}
      title={t('units.deleteTitle', { name: unit.name })}
      text={t('units.deleteText')}
      confirmLabel={t('units.deleteConfirm')}
      onConfirm={confirm}
      loading={fetching}
      error={error}
    />
  );
}
