import { Alert, Button, Card, Group, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertCircle, IconRocket } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { useSession } from '../../auth/use-session';
import type { OrganisationSummary } from '../../auth/viewer';
import { graphql } from '../../graphql';
import { describeRequestError } from '../../lib/errors';
import { MutationError, readOutcome } from '../../lib/mutation';

const MayActivateQuery = graphql(`
  query MayActivateOrganisation($organisationId: ID!) {
    organisation: node(id: $organisationId) { __typename ... on Organisation { id viewerCan { activate } } }
  }
`);

const ActivateMutation = graphql(
  `
  mutation ActivateOrganisation($input: OrganisationIdInput!) {
    activateOrganisation(input: $input) {
      __typename
      ...MutationError
      ... on MutationActivateOrganisationSuccess { data { id status } }
    }
  }
`,
  [MutationError],
);

/** CSAM: the principal admin of a pending organisation activates it, here, at first sign-in. */
export function ActivationCallToAction({ organisation }: { organisation: OrganisationSummary }) {
  const { t } = useTranslation();
  const pending = organisation.status === 'PENDING_ACTIVATION';
  const [permissions] = useQuery({
    query: MayActivateQuery,
    variables: { organisationId: organisation.id },
    pause: !pending,
  });
  const { session } = useSession();
  const [failure, setFailure] = useState<string | null>(null);
  const [{ fetching }, activate] = useMutation(ActivateMutation);
  // Asked of the server, which runs the same policy as activateOrganisation.
  const found = permissions.data?.organisation;
  const allowed = found?.__typename === 'Organisation' && found.viewerCan.activate;
  if (!pending || !allowed) return null;

  const submit = async () => {
    setFailure(null);
    const result = await activate({ input: { organisationId: organisation.id } });
    if (result.error) return setFailure(describeRequestError(t, result.error));
    const outcome = readOutcome(t, result.data?.activateOrganisation);
    if (!outcome.ok) return setFailure(outcome.message);
    notifications.show({ color: 'teal', message: t('activation.done', { name: organisation.name }) });
    await session.refresh();
  };

  return (
    <Card
      component="section"
      aria-labelledby="activation-title"
      withBorder
      style={{ borderColor: 'var(--mantine-color-yellow-5)' }}
    >
      <Group align="flex-start" wrap="nowrap" gap="md">
        <ThemeIcon size={44} radius="md" color="yellow" variant="light">
          <IconRocket size={24} aria-hidden="true" />
        </ThemeIcon>
        <Stack gap="sm">
          <Title order={2} fz="h3" id="activation-title">
            {t('activation.title')}
          </Title>
          <Text>{t('activation.text', { name: organisation.name })}</Text>
          {failure && (
            <Alert color="red" role="alert" icon={<IconAlertCircle aria-hidden="true" />}>
              {failure}
            </Alert>
          )}
          <Group>
            <Button color="yellow.7" onClick={submit} loading={fetching}>
              {t('activation.button')}
            </Button>
          </Group>
        </Stack>
      </Group>
    </Card>
  );
}
