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
  Stack,
  Text,
} from '@mantine/core';
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
import { buildTopology } from '@tessera/domain';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useViewer } from '../auth/use-viewer';
import { queryErrorMessage } from '../components/admin/field-message';
import { ReferentShortageBadge } from '../components/continuity/ReferentShortageBadge';
import { useCompleteQuery } from '../components/data/useCompleteQuery';
import { PageTitle } from '../components/PageTitle';
import { DeleteModal, MoveModal, NameModal } from '../components/units/UnitModals';
import { type Unit, UnitsQuery } from '../components/units/units-query';

export const Route = createFileRoute('/_auth/units')({
  component: UnitsPage,
});

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
              <ReferentShortageBadge shortage={unit.referentShortage} />
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
