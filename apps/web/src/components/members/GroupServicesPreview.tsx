import { Alert, Stack, Text } from '@mantine/core';
import { IconShieldCheck } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { graphql } from '../../graphql';

const GroupGrantsQuery = graphql(`
  query GroupServicesPreview($ids: [ID!]!) {
    nodes(ids: $ids) {
      ... on Group { id name grants { suspended serviceRole { id name } service { id name } } }
    }
  }
`);

/**
 * CSAM "sélectionnez les services": on the create-member form, the services the member will get through the
 * groups chosen (grants the agreement suspends give nothing, so they are left out), as the server holds them.
 */
export function GroupServicesPreview({ groupIds }: { groupIds: readonly string[] }) {
  const { t } = useTranslation();
  const [result] = useQuery({
    query: GroupGrantsQuery,
    variables: { ids: [...groupIds] },
    pause: groupIds.length === 0,
  });
  if (groupIds.length === 0 || !result.data) return null;
  const lines = result.data.nodes
    .flatMap((node) =>
      node && 'grants' in node
        ? node.grants
            .filter((grant) => !grant.suspended)
            .map((grant) => ({
              key: `${node.id}-${grant.serviceRole.id}`,
              text: `${grant.service.name} · ${grant.serviceRole.name}`,
              group: node.name,
            }))
        : [],
    )
    .sort((a, b) => a.text.localeCompare(b.text) || a.group.localeCompare(b.group));
  return (
    <Alert
      color="teal"
      variant="light"
      icon={<IconShieldCheck aria-hidden="true" />}
      title={t('createInGroup.servicesTitle')}
      data-testid="group-services-preview"
    >
      <Stack gap={4}>
        <Text fz="sm" c="dimmed">
          {t('createInGroup.servicesHelp')}
        </Text>
        {lines.length === 0 ? (
          <Text fz="sm">{t('createInGroup.noServices')}</Text>
        ) : (
          <Stack component="ul" gap={2} m={0} pl="md">
            {lines.map((line) => (
              <Text component="li" fz="sm" key={line.key}>
                {line.text}{' '}
                <Text span fz="sm" c="dimmed">
                  {t('createInGroup.fromGroup', { group: line.group })}
                </Text>
              </Text>
            ))}
          </Stack>
        )}
      </Stack>
    </Alert>
  );
}
