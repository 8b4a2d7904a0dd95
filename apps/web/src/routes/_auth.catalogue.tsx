import {
  Alert,
  Badge,
  Button,
  Card,
  EmptyState,
  Group,
  Loader,
  Stack,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconAlertCircle, IconApps, IconPencil, IconPlus, IconSearch } from '@tabler/icons-react';
import { createFileRoute } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { RoleModal, ServiceModal } from '../components/admin/CatalogueModals';
import { PAGE_SIZE, type Service, ServicesQuery } from '../components/admin/catalogue-query';
import { queryErrorMessage } from '../components/admin/field-message';
import { Pager, useCursorPager } from '../components/data/Pager';
import { PageTitle } from '../components/PageTitle';

export const Route = createFileRoute('/_auth/catalogue')({
  component: CataloguePage,
});

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
                >
                  {/* The visible words begin the accessible name; the service completes it (WCAG 2.5.3). */}
                  {t('catalogue.addRole')}
                  <VisuallyHidden> — {service.name}</VisuallyHidden>
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
