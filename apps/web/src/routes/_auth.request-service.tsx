import {
  Alert,
  Badge,
  Button,
  Card,
  EmptyState,
  Group,
  Loader,
  Radio,
  Select,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertCircle, IconApps, IconArrowsExchange, IconSend } from '@tabler/icons-react';
import { createFileRoute, useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { useViewer } from '../auth/use-viewer';
import { PageTitle } from '../components/PageTitle';
import { graphql, type ResultOf } from '../graphql';
import { describeRequestError } from '../lib/errors';
import { MutationError, readOutcome } from '../lib/mutation';

export const Route = createFileRoute('/_auth/request-service')({
  component: RequestServicePage,
});

const RequestableQuery = graphql(`
  query RequestableServiceRoles {
    requestableServiceRoles {
      held
      heldDirectly
      pending
      serviceRole { id name service { id name description } }
    }
  }
`);

const SubmitMutation = graphql(
  `
  mutation SubmitServiceAccessRequest($input: SubmitServiceAccessRequestInput!) {
    submitServiceAccessRequest(input: $input) {
      __typename
      ...MutationError
      ... on MutationSubmitServiceAccessRequestSuccess { data { id state } }
    }
  }
`,
  [MutationError],
);

const SubmitRoleChangeMutation = graphql(
  `
  mutation SubmitRoleChangeRequest($input: SubmitRoleChangeRequestInput!) {
    submitRoleChangeRequest(input: $input) {
      __typename
      ...MutationError
      ... on MutationSubmitRoleChangeRequestSuccess { data { id state } }
    }
  }
`,
  [MutationError],
);

type Requestable = ResultOf<typeof RequestableQuery>['requestableServiceRoles'][number];
type RoleChangeField = 'replacesServiceRoleId' | 'serviceRoleId' | 'comment';

/**
 * A role change: the member picks a role it holds directly and another role of the same service, which would
 * replace it once approved (a ROLE_CHANGE request).
 */
function RoleChangeForm({ roles }: { roles: Requestable[] }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [{ fetching }, submit] = useMutation(SubmitRoleChangeMutation);
  const [current, setCurrent] = useState<string | null>(null);
  const [wanted, setWanted] = useState<string | null>(null);
  const [comment, setComment] = useState('');
  const [errors, setErrors] = useState<Partial<Record<RoleChangeField, string>>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const label = (row: Requestable) => `${row.serviceRole.service.name} — ${row.serviceRole.name}`;
  const alternativesOf = (row: Requestable) =>
    roles.filter(
      (other) =>
        other.serviceRole.service.id === row.serviceRole.service.id &&
        other.serviceRole.id !== row.serviceRole.id &&
        !other.held &&
        !other.pending,
    );
  const held = roles.filter((row) => row.heldDirectly && alternativesOf(row).length > 0);
  if (held.length === 0) return null;
  const currentRow = held.find((row) => row.serviceRole.id === current) ?? null;
  const options = currentRow ? alternativesOf(currentRow) : [];

  async function send(event: FormEvent) {
    event.preventDefault();
    setFailure(null);
    if (!current || !wanted) {
      setErrors({
        ...(current ? {} : { replacesServiceRoleId: t('requestService.roleChangeCurrentRequired') }),
        ...(wanted ? {} : { serviceRoleId: t('requestService.roleChangeWantedRequired') }),
      });
      return;
    }
    setErrors({});
    const outcome = await submit({
      input: { serviceRoleId: wanted, replacesServiceRoleId: current, comment: comment.trim() || null },
    });
    if (outcome.error) return setFailure(describeRequestError(t, outcome.error));
    const payload = readOutcome(t, outcome.data?.submitRoleChangeRequest);
    if (!payload.ok) {
      const field = payload.field as RoleChangeField | null;
      if (field && ['replacesServiceRoleId', 'serviceRoleId', 'comment'].includes(field))
        setErrors({ [field]: payload.message });
      else setFailure(payload.message);
      return;
    }
    notifications.show({ color: 'teal', message: t('requestService.sent') });
    await navigate({ to: '/requests/$requestId', params: { requestId: payload.data.id } });
  }

  return (
    <Card component="section" aria-labelledby="role-change-title" withBorder>
      <form onSubmit={(event) => void send(event)} noValidate>
        <Stack gap="md">
          <div>
            <Group gap="xs">
              <IconArrowsExchange size={20} aria-hidden="true" />
              <Title order={2} fz="h3" id="role-change-title">
                {t('requestService.roleChangeTitle')}
              </Title>
            </Group>
            <Text c="dimmed" fz="sm" mt={4}>
              {t('requestService.roleChangeHelp')}
            </Text>
          </div>
          {failure && (
            <Alert color="red" role="alert" icon={<IconAlertCircle aria-hidden="true" />}>
              {failure}
            </Alert>
          )}
          <Select
            label={t('requestService.roleChangeCurrent')}
            data={held.map((row) => ({ value: row.serviceRole.id, label: label(row) }))}
            value={current}
            onChange={(value) => {
              setCurrent(value);
              setWanted(null);
            }}
            error={errors.replacesServiceRoleId}
            allowDeselect={false}
            withAsterisk
          />
          <Select
            label={t('requestService.roleChangeWanted')}
            description={currentRow ? undefined : t('requestService.roleChangeWantedHelp')}
            data={options.map((row) => ({ value: row.serviceRole.id, label: row.serviceRole.name }))}
            value={wanted}
            onChange={setWanted}
            error={errors.serviceRoleId}
            disabled={!currentRow}
            allowDeselect={false}
            withAsterisk
          />
          <Textarea
            label={t('requestService.comment')}
            description={t('requestService.commentHelp')}
            value={comment}
            onChange={(event) => setComment(event.currentTarget.value)}
            error={errors.comment}
            autosize
            minRows={2}
            maxLength={2000}
          />
          <Group>
            <Button type="submit" loading={fetching} leftSection={<IconSend size={16} aria-hidden="true" />}>
              {t('requestService.roleChangeSubmit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

/** Orange "Filtre Service" from the member's side: ask for a protected service of the organisation. */
function RequestServicePage() {
  const { t } = useTranslation();
  const viewer = useViewer();
  const navigate = useNavigate();
  const acting = viewer.acting?.kind === 'ORGANISATION';
  const [result] = useQuery({ query: RequestableQuery, pause: !acting, requestPolicy: 'cache-and-network' });
  const [{ fetching }, submit] = useMutation(SubmitMutation);
  const [choice, setChoice] = useState<string | null>(null);
  const [comment, setComment] = useState('');
  const [errors, setErrors] = useState<{ serviceRoleId?: string; comment?: string }>({});
  const [failure, setFailure] = useState<string | null>(null);
  const roles = result.data?.requestableServiceRoles ?? [];

  async function send(event: FormEvent) {
    event.preventDefault();
    setFailure(null);
    if (!choice) {
      setErrors({ serviceRoleId: t('requestService.chooseRequired') });
      return;
    }
    setErrors({});
    const outcome = await submit({ input: { serviceRoleId: choice, comment: comment.trim() || null } });
    if (outcome.error) return setFailure(describeRequestError(t, outcome.error));
    const payload = readOutcome(t, outcome.data?.submitServiceAccessRequest);
    if (!payload.ok) {
      if (payload.field === 'comment' || payload.field === 'serviceRoleId')
        setErrors({ [payload.field]: payload.message });
      else setFailure(payload.message);
      return;
    }
    notifications.show({ color: 'teal', message: t('requestService.sent') });
    await navigate({ to: '/requests/$requestId', params: { requestId: payload.data.id } });
  }

  return (
    <Stack gap="lg" maw={760}>
      <div>
        <PageTitle>{t('requestService.title')}</PageTitle>
        <Text c="dimmed" mt={6}>
          {t('requestService.subtitle')}
        </Text>
      </div>
      {!acting && (
        <Alert color="blue" role="status">
          {t('requestService.notMember')}
        </Alert>
      )}
      {result.error && (
        <Alert color="red" role="alert" icon={<IconAlertCircle aria-hidden="true" />}>
          {describeRequestError(t, result.error)}
        </Alert>
      )}
      {result.fetching && !result.data && <Loader aria-label={t('common.loading')} />}
      {result.data && roles.length === 0 && (
        <EmptyState
          variant="light"
          icon={<IconApps aria-hidden="true" />}
          title={t('requestService.none')}
          py="xl"
        />
      )}
      {roles.length > 0 && (
        <form onSubmit={(event) => void send(event)} noValidate>
          <Stack gap="lg">
            {failure && (
              <Alert color="red" role="alert" icon={<IconAlertCircle aria-hidden="true" />}>
                {failure}
              </Alert>
            )}
            <Radio.Group
              label={t('requestService.choose')}
              value={choice}
              onChange={setChoice}
              error={errors.serviceRoleId}
              withAsterisk
            >
              <Stack gap="sm" mt="xs">
                {roles.map((row) => {
                  const unavailable = row.held || row.pending;
                  return (
                    <Card key={row.serviceRole.id} padding="sm" withBorder>
                      <Group justify="space-between" wrap="nowrap">
                        <Radio
                          value={row.serviceRole.id}
                          disabled={unavailable}
                          label={`${row.serviceRole.service.name} — ${row.serviceRole.name}`}
                          description={row.serviceRole.service.description ?? undefined}
                        />
                        {row.held && (
                          <Badge
                            color="teal"
                            variant="light"
                            style={{ textTransform: 'none', flexShrink: 0 }}
                          >
                            {t('requestService.held')}
                          </Badge>
                        )}
                        {!row.held && row.pending && (
                          <Badge
                            color="orange"
                            variant="outline"
                            style={{ textTransform: 'none', flexShrink: 0 }}
                          >
                            {t('requestService.pending')}
                          </Badge>
                        )}
                      </Group>
                    </Card>
                  );
                })}
              </Stack>
            </Radio.Group>
            <Textarea
              label={t('requestService.comment')}
              description={t('requestService.commentHelp')}
              value={comment}
              onChange={(event) => setComment(event.currentTarget.value)}
              error={errors.comment}
              autosize
              minRows={3}
              maxLength={2000}
            />
            <Group>
              <Button
                type="submit"
                loading={fetching}
                leftSection={<IconSend size={16} aria-hidden="true" />}
              >
                {t('requestService.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
      {acting && <RoleChangeForm roles={roles} />}
    </Stack>
  );
}
