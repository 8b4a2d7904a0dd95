import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  Select,
  Stack,
  Table,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertCircle, IconAlertTriangle, IconPlus, IconTrash } from '@tabler/icons-react';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { graphql } from '../../graphql';
import { describeRequestError } from '../../lib/errors';
import { MutationError, readOutcome } from '../../lib/mutation';

const SetGroupGrantsMutation = graphql(
  `
  mutation SetGroupGrants($input: SetGroupGrantsInput!) {
    setGroupGrants(input: $input) {
      __typename
      ...MutationError
      ... on MutationSetGroupGrantsSuccess {
        data { id version grants { suspended serviceRole { id name } service { id name } } }
      }
    }
  }
`,
  [MutationError],
);

export interface RoleInfo {
  id: string;
  name: string;
  service: { id: string; name: string };
}

interface GrantsEditorProps {
  groupId: string;
  /** the group's version when its grants were read: a save from an older read is refused, never lost */
  version: number;
  grants: {
    suspended: boolean;
    serviceRole: { id: string; name: string };
    service: { id: string; name: string };
  }[];
  /** what the editor may offer: the agreement ∩ the parent group's grants */
  grantableRoles: RoleInfo[];
  canEdit: boolean;
}

/**
 * Caf "Habilitations du groupe": choose a service, then a role, "Assigner le rôle", and "Enregistrer les
 * modifications" saves the whole list at once. Only grantable roles are offered; suspended grants are shown.
 */
export function GrantsEditor({ groupId, version, grants, grantableRoles, canEdit }: GrantsEditorProps) {
  const { t } = useTranslation();
  const saved = useMemo(() => grants.map((grant) => grant.serviceRole.id), [grants]);
  const [chosen, setChosen] = useState<string[]>(saved);
  const [serviceId, setServiceId] = useState<string | null>(null);
  const [roleId, setRoleId] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [{ fetching }, save] = useMutation(SetGroupGrantsMutation);
  useEffect(() => setChosen(saved), [saved]);

  const roles = useMemo(() => {
    const map = new Map<string, RoleInfo & { suspended: boolean }>();
    for (const grant of grants)
      map.set(grant.serviceRole.id, {
        ...grant.serviceRole,
        service: grant.service,
        suspended: grant.suspended,
      });
    for (const role of grantableRoles) if (!map.has(role.id)) map.set(role.id, { ...role, suspended: false });
    return map;
  }, [grants, grantableRoles]);

  const services = useMemo(() => {
    const map = new Map<string, string>();
    for (const role of grantableRoles) map.set(role.service.id, role.service.name);
    return [...map]
      .map(([value, label]) => ({ value, label }))
      .sort((a, b) => a.label.localeCompare(b.label));
  }, [grantableRoles]);
  const roleOptions = grantableRoles
    .filter((role) => role.service.id === serviceId && !chosen.includes(role.id))
    .map((role) => ({ value: role.id, label: role.name }));

  const dirty = chosen.length !== saved.length || chosen.some((id) => !saved.includes(id));
  const rows = [...new Set([...saved, ...chosen])]
    .flatMap((id) => roles.get(id) ?? [])
    .sort((a, b) => a.service.name.localeCompare(b.service.name) || a.name.localeCompare(b.name));

  function assign() {
    if (!roleId) return;
    setChosen([...chosen, roleId]);
    setRoleId(null);
  }

  async function submit() {
    setFailure(null);
    const result = await save({ input: { groupId, serviceRoleIds: chosen, expectedVersion: version } });
    if (result.error) return setFailure(describeRequestError(t, result.error));
    const outcome = readOutcome(t, result.data?.setGroupGrants);
    if (!outcome.ok) return setFailure(outcome.message);
    notifications.show({ color: 'teal', message: t('access.grants.saved') });
  }

  return (
    <Card component="section" aria-labelledby="grants-title">
      <Stack gap="md">
        <div>
          <Title order={2} id="grants-title">
            {t('access.grants.title')}
          </Title>
          <Text fz="sm" c="dimmed" mt={4}>
            {canEdit ? t('access.grants.help') : t('access.grants.readOnly')}
          </Text>
        </div>
        {failure && (
          <Alert color="red" role="alert" icon={<IconAlertCircle aria-hidden="true" />}>
            {failure}
          </Alert>
        )}
        {canEdit && (
          <Group align="flex-end" wrap="wrap" gap="sm">
            <Select
              label={t('access.grants.service')}
              placeholder={t('access.grants.servicePlaceholder')}
              data={services}
              value={serviceId}
              onChange={(value) => {
                setServiceId(value);
                setRoleId(null);
              }}
              nothingFoundMessage={t('access.grants.nothingGrantable')}
              w={{ base: '100%', sm: 280 }}
            />
            <Select
              label={t('access.grants.role')}
              placeholder={
                serviceId ? t('access.grants.rolePlaceholder') : t('access.grants.chooseServiceFirst')
              }
              data={roleOptions}
              value={roleId}
              onChange={setRoleId}
              disabled={!serviceId}
              nothingFoundMessage={t('access.grants.allAssigned')}
              w={{ base: '100%', sm: 270 }}
            />
            <Button
              variant="light"
              leftSection={<IconPlus size={16} aria-hidden="true" />}
              onClick={assign}
              disabled={!roleId}
            >
              {t('access.grants.assign')}
            </Button>
          </Group>
        )}
        {grantableRoles.length === 0 && canEdit && (
          <Text fz="sm" c="dimmed">
            {t('access.grants.nothingGrantable')}
          </Text>
        )}
        {rows.length === 0 ? (
          <Text c="dimmed">{t('access.grants.none')}</Text>
        ) : (
          <Table.ScrollContainer minWidth={480}>
            <Table verticalSpacing="sm" aria-label={t('access.grants.tableLabel')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('access.grants.service')}</Table.Th>
                  <Table.Th>{t('access.grants.role')}</Table.Th>
                  <Table.Th>{t('access.grants.state')}</Table.Th>
                  {canEdit && (
                    <Table.Th>
                      <VisuallyHidden>{t('access.grants.actions')}</VisuallyHidden>
                    </Table.Th>
                  )}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((role) => {
                  const isNew = !saved.includes(role.id);
                  const removed = !chosen.includes(role.id);
                  return (
                    <Table.Tr key={role.id} style={removed ? { opacity: 0.6 } : undefined}>
                      <Table.Td>{role.service.name}</Table.Td>
                      <Table.Td td={removed ? 'line-through' : undefined}>{role.name}</Table.Td>
                      <Table.Td>
                        <Group gap={6}>
                          {isNew && (
                            <Badge color="blue" variant="light">
                              {t('access.grants.new')}
                            </Badge>
                          )}
                          {removed && (
                            <Badge color="orange" variant="light">
                              {t('access.grants.toRemove')}
                            </Badge>
                          )}
                          {role.suspended && (
                            <Badge
                              color="red"
                              variant="light"
                              leftSection={<IconAlertTriangle size={12} aria-hidden="true" />}
                            >
                              {t('access.suspended')}
                            </Badge>
                          )}
                          {!isNew && !removed && !role.suspended && (
                            <Badge color="teal" variant="light">
                              {t('access.grants.active')}
                            </Badge>
                          )}
                        </Group>
                      </Table.Td>
                      {canEdit && (
                        <Table.Td>
                          {removed ? (
                            <Button
                              size="xs"
                              variant="subtle"
                              onClick={() => setChosen([...chosen, role.id])}
                            >
                              {t('access.grants.keep')}
                            </Button>
                          ) : (
                            <Button
                              size="xs"
                              variant="subtle"
                              color="red"
                              leftSection={<IconTrash size={14} aria-hidden="true" />}
                              aria-label={t('access.grants.removeRole', {
                                role: role.name,
                                service: role.service.name,
                              })}
                              onClick={() => setChosen(chosen.filter((id) => id !== role.id))}
                            >
                              {t('access.grants.remove')}
                            </Button>
                          )}
                        </Table.Td>
                      )}
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {rows.some((role) => role.suspended) && (
          <Alert color="orange" variant="light" icon={<IconAlertTriangle aria-hidden="true" />}>
            {t('access.grants.suspendedHelp')}
          </Alert>
        )}
        {canEdit && (
          <Group justify="flex-end" gap="sm">
            <Button variant="default" disabled={!dirty || fetching} onClick={() => setChosen(saved)}>
              {t('access.grants.reset')}
            </Button>
            <Button onClick={() => void submit()} disabled={!dirty} loading={fetching}>
              {t('access.grants.save')}
            </Button>
          </Group>
        )}
      </Stack>
    </Card>
  );
}
