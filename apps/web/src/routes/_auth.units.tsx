import {
  ActionIcon,
  Alert,
  Badge,
  Box,
  Button,
  Card,
  EmptyState,
  Group,
  Loader,
  Menu,
  Modal,
  Select,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import {
  IconAlertCircle,
  IconArrowsMove,
  IconDots,
  IconPencil,
  IconPlus,
  IconSitemap,
  IconTrash,
} from '@tabler/icons-react';
import { createFileRoute } from '@tanstack/react-router';
import { buildTopology, type OrgTopology, unitNameFormSchema, unitWithin } from '@tessera/domain';
import { type FormEvent, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { useViewer } from '../auth/use-viewer';
import { ConfirmModal } from '../components/admin/ConfirmModal';
import { queryErrorMessage, refusalMessage } from '../components/admin/field-message';
import { useCompleteQuery } from '../components/data/useCompleteQuery';
import { PageTitle } from '../components/PageTitle';
import { graphql, type ResultOf } from '../graphql';
import { describeRequestError } from '../lib/errors';
import { domainResolver, issueText } from '../lib/form';
import { MutationError, readOutcome } from '../lib/mutation';

export const Route = createFileRoute('/_auth/units')({
  component: UnitsPage,
});

const UnitsQuery = graphql(`
  query UnitsTree($organisationId: ID!, $after: String) {
    organisation: node(id: $organisationId) { __typename ... on Organisation { id viewerCan { manageUnits } } }
    units(organisationId: $organisationId, first: 100, after: $after) {
      edges { node { id version name memberCount parent { id } viewerCan { manage } } }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

const CreateUnitMutation = graphql(
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
const RenameUnitMutation = graphql(
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
const MoveUnitMutation = graphql(
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
const DeleteUnitMutation = graphql(
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

type Unit = ResultOf<typeof UnitsQuery>['units']['edges'][number]['node'];
interface TreeNode {
  unit: Unit;
  children: TreeNode[];
}

function buildTree(units: Unit[]): TreeNode[] {
  const nodes = new Map(units.map((unit) => [unit.id, { unit, children: [] as TreeNode[] }]));
  const roots: TreeNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.unit.parent ? nodes.get(node.unit.parent.id) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

type Dialog =
  | { kind: 'create'; parent: Unit | null }
  | { kind: 'rename'; unit: Unit }
  | { kind: 'move'; unit: Unit }
  | { kind: 'delete'; unit: Unit };

function UnitsPage() {
  const { t } = useTranslation();
  const organisationId = useViewer().acting?.organisation?.id ?? '';
  const [result, reexecute] = useCompleteQuery(
    { query: UnitsQuery, variables: { organisationId }, pause: !organisationId },
    'units',
  );
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const units = useMemo(() => result.data?.units.edges.map((edge) => edge.node) ?? [], [result.data]);
  const tree = useMemo(() => buildTree(units), [units]);
  const topology = useMemo(
    () =>
      buildTopology({
        units: units.map((unit) => ({ id: unit.id, parentId: unit.parent?.id ?? null })),
        groups: [],
      }),
    [units],
  );
  // Asked of the server (the same policy as the mutations): the organisation's top level, then each unit.
  const mayManage = (unitId: string | null) =>
    unitId === null
      ? result.data?.organisation?.__typename === 'Organisation' &&
        result.data.organisation.viewerCan.manageUnits
      : (units.find((unit) => unit.id === unitId)?.viewerCan.manage ?? false);
  const done = () => {
    setDialog(null);
    reexecute({ requestPolicy: 'network-only' });
  };

  return (
    <Stack gap="xl">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <div>
          <PageTitle>{t('units.title')}</PageTitle>
          <Text c="dimmed" mt={6}>
            {t('units.subtitle')}
          </Text>
        </div>
        {mayManage(null) && (
          <Button
            leftSection={<IconPlus size={16} aria-hidden="true" />}
            onClick={() => setDialog({ kind: 'create', parent: null })}
          >
            {t('units.create')}
          </Button>
        )}
      </Group>
      {result.error && (
        <Alert color="red" role="alert" icon={<IconAlertCircle aria-hidden="true" />}>
          {queryErrorMessage(t, result.error)}
        </Alert>
      )}
      {result.fetching && !result.data && <Loader aria-label={t('common.loading')} />}
      {result.data && units.length === 0 && (
        <EmptyState
          variant="light"
          icon={<IconSitemap aria-hidden="true" />}
          title={t('units.empty')}
          py="xl"
        />
      )}
      {tree.length > 0 && (
        <Card p={0} component="section" aria-label={t('units.treeLabel')}>
          <UnitList nodes={tree} depth={0} mayManage={mayManage} onAction={setDialog} />
        </Card>
      )}
      {dialog?.kind === 'create' && (
        <NameModal
          title={
            dialog.parent ? t('units.createChild', { name: dialog.parent.name }) : t('units.createTitle')
          }
          initial=""
          submitLabel={t('units.create')}
          onClose={() => setDialog(null)}
          onSubmit={async (name, create) =>
            create({ organisationId, parentId: dialog.parent?.id ?? null, name })
          }
          onDone={(name) => {
            notifications.show({ color: 'teal', message: t('units.created', { name }) });
            done();
          }}
        />
      )}
      {dialog?.kind === 'rename' && (
        <NameModal
          title={t('units.renameTitle')}
          initial={dialog.unit.name}
          submitLabel={t('units.save')}
          onClose={() => setDialog(null)}
          onSubmit={async (name, _create, rename) =>
            rename({ unitId: dialog.unit.id, name, expectedVersion: dialog.unit.version })
          }
          onDone={() => {
            notifications.show({ color: 'teal', message: t('units.renamed') });
            done();
          }}
        />
      )}
      {dialog?.kind === 'move' && (
        <MoveModal
          unit={dialog.unit}
          units={units}
          topology={topology}
          mayManage={mayManage}
          onClose={() => setDialog(null)}
          onDone={done}
        />
      )}
      {dialog?.kind === 'delete' && (
        <DeleteModal unit={dialog.unit} onClose={() => setDialog(null)} onDone={done} />
      )}
    </Stack>
  );
}

function UnitList({
  nodes,
  depth,
  mayManage,
  onAction,
}: {
  nodes: TreeNode[];
  depth: number;
  mayManage: (unitId: string | null) => boolean;
  onAction: (dialog: Dialog) => void;
}) {
  const { t } = useTranslation();
  return (
    <Box component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
      {nodes.map(({ unit, children }) => (
        <li key={unit.id}>
          <Group
            justify="space-between"
            wrap="nowrap"
            px="lg"
            py="sm"
            pl={`calc(var(--mantine-spacing-lg) + ${depth * 28}px)`}
            style={{ borderBottom: '1px solid var(--mantine-color-gray-2)' }}
          >
            <Group gap="xs" wrap="nowrap" miw={0}>
              {depth > 0 && (
                <Text c="dimmed" aria-hidden="true">
                  ↳
                </Text>
              )}
              <Text fw={600} truncate>
                {unit.name}
              </Text>
              <Badge variant="light" color="gray">
                {t('units.members', { count: unit.memberCount })}
              </Badge>
            </Group>
            {mayManage(unit.id) && (
              <Menu position="bottom-end" withinPortal>
                <Menu.Target>
                  <ActionIcon variant="subtle" aria-label={`${unit.name} : ${t('agreement.actions')}`}>
                    <IconDots size={18} aria-hidden="true" />
                  </ActionIcon>
                </Menu.Target>
                <Menu.Dropdown>
                  <Menu.Item
                    leftSection={<IconPlus size={16} aria-hidden="true" />}
                    onClick={() => onAction({ kind: 'create', parent: unit })}
                  >
                    {t('units.createChild', { name: unit.name })}
                  </Menu.Item>
                  <Menu.Item
                    leftSection={<IconPencil size={16} aria-hidden="true" />}
                    onClick={() => onAction({ kind: 'rename', unit })}
                  >
                    {t('units.rename', { name: unit.name })}
                  </Menu.Item>
                  <Menu.Item
                    leftSection={<IconArrowsMove size={16} aria-hidden="true" />}
                    onClick={() => onAction({ kind: 'move', unit })}
                  >
                    {t('units.move', { name: unit.name })}
                  </Menu.Item>
                  <Menu.Divider />
                  <Menu.Item
                    color="red"
                    leftSection={<IconTrash size={16} aria-hidden="true" />}
                    onClick={() => onAction({ kind: 'delete', unit })}
                  >
                    {t('units.delete', { name: unit.name })}
                  </Menu.Item>
                </Menu.Dropdown>
              </Menu>
            )}
          </Group>
          {children.length > 0 && (
            <UnitList nodes={children} depth={depth + 1} mayManage={mayManage} onAction={onAction} />
          )}
        </li>
      ))}
    </Box>
  );
}

type Outcome =
  | { ok: true; name: string }
  | { ok: false; code: string; field: string | null; message: string };

function NameModal({
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

function MoveModal({
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

function DeleteModal({ unit, onClose, onDone }: { unit: Unit; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const [{ fetching }, remove] = useMutation(DeleteUnitMutation);
  const confirm = async () => {
    const result = await remove({ input: { unitId: unit.id } });
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
