import { Badge, Button, Card, Group, Stack, Text, Title, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCalendarShare, IconX } from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { describeRequestError } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { readOutcome } from '../../lib/mutation';
import { ConfirmModal } from './ConfirmModal';
import { DelegateModal } from './DelegateModal';
import { type DelegationRow, DelegationsQuery, RevokeDelegationMutation } from './delegations-query';

const STATE_COLOR: Record<DelegationRow['state'], string> = {
  SCHEDULED: 'blue',
  ACTIVE: 'teal',
  ENDED: 'gray',
  REVOKED: 'red',
};

export function partLabel(
  t: TFunction,
  part: { unit?: { name: string } | null; group?: { name: string } | null },
) {
  if (part.unit) return t('delegations.part.unit', { name: part.unit.name });
  if (part.group) return t('delegations.part.group', { name: part.group.name });
  return t('delegations.part.whole');
}

/**
 * The "Délégations" section of the Administrators page (guide 004): the delegations the viewer may see, with their
 * state, a form to delegate one of its own roles for a period, and a revoke button where the API allows it.
 */
export function DelegationsSection({ organisationId }: { organisationId: string }) {
  const { t } = useTranslation();
  const [result, reexecute] = useQuery({
    query: DelegationsQuery,
    variables: { organisationId },
    pause: !organisationId,
  });
  const [delegating, setDelegating] = useState(false);
  const [revoking, setRevoking] = useState<DelegationRow | null>(null);
  const organisation =
    result.data?.organisation?.__typename === 'Organisation' ? result.data.organisation : null;
  const rows = organisation?.delegations.edges.map((edge) => edge.node) ?? [];
  const roles = organisation?.viewerDelegableRoles ?? [];
  const refresh = () => reexecute({ requestPolicy: 'network-only' });
  return (
    <Card component="section" aria-labelledby="section-delegations">
      <Group justify="space-between" align="flex-start" wrap="wrap" mb="sm">
        <div>
          <Title order={2} fz="h4" id="section-delegations">
            {t('delegations.title')}
          </Title>
          <Text fz="sm" c="dimmed" maw={640}>
            {t('delegations.subtitle')}
          </Text>
        </div>
        {roles.length > 0 && (
          <Button
            variant="light"
            leftSection={<IconCalendarShare size={16} aria-hidden="true" />}
            onClick={() => setDelegating(true)}
          >
            {t('delegations.add')}
          </Button>
        )}
      </Group>
      {organisation && rows.length === 0 && <Text c="dimmed">{t('delegations.empty')}</Text>}
      <Stack
        component="ul"
        gap={0}
        p={0}
        m={0}
        style={{ listStyle: 'none' }}
        aria-label={t('delegations.listLabel')}
      >
        {rows.map((row) => (
          <Group
            component="li"
            key={row.id}
            justify="space-between"
            wrap="wrap"
            py="xs"
            gap="xs"
            data-testid="delegation-row"
            style={{ borderTop: '1px solid var(--mantine-color-gray-2)' }}
          >
            <div style={{ minWidth: 0 }}>
              <Group gap="xs" wrap="wrap">
                <Text fw={600}>
                  {t('delegations.line', { delegator: row.delegatorName, delegate: row.delegateName })}
                </Text>
                <Badge variant="light" color={STATE_COLOR[row.state]} data-testid="delegation-state">
                  {t(`delegations.state.${row.state}`)}
                </Badge>
                <Badge variant="outline">{t(`adminRoleKind.${row.kind}`)}</Badge>
              </Group>
              <Text fz="sm" c="dimmed">
                {partLabel(t, row)} ·{' '}
                {t('delegations.period', {
                  start: formatDateTime(row.startsAt),
                  end: formatDateTime(row.endsAt),
                })}
              </Text>
              <Text fz="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                {t('delegations.reasonIs', { reason: row.reason })}
              </Text>
            </div>
            {row.viewerCanRevoke && (
              <Button
                variant="subtle"
                color="red"
                size="xs"
                leftSection={<IconX size={14} aria-hidden="true" />}
                onClick={() => setRevoking(row)}
              >
                {t('delegations.revoke')}
                <VisuallyHidden> — {row.delegateName}</VisuallyHidden>
              </Button>
            )}
          </Group>
        ))}
      </Stack>
      {delegating && (
        <DelegateModal
          organisationId={organisationId}
          roles={roles}
          onClose={() => setDelegating(false)}
          onCreated={() => {
            setDelegating(false);
            refresh();
          }}
        />
      )}
      {revoking && (
        <RevokeModal
          row={revoking}
          onClose={() => setRevoking(null)}
          onRevoked={() => {
            setRevoking(null);
            refresh();
          }}
        />
      )}
    </Card>
  );
}

function RevokeModal({
  row,
  onClose,
  onRevoked,
}: {
  row: DelegationRow;
  onClose: () => void;
  onRevoked: () => void;
}) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const [{ fetching }, revoke] = useMutation(RevokeDelegationMutation);
  const confirm = async () => {
    const result = await revoke({ input: { delegationId: row.id } });
    if (result.error) return setError(describeRequestError(t, result.error));
    const outcome = readOutcome(t, result.data?.revokeDelegation);
    if (!outcome.ok) return setError(outcome.message);
    notifications.show({ color: 'teal', message: t('delegations.revoked') });
    onRevoked();
  };
  return (
    <ConfirmModal
      opened
      onClose={onClose}
      title={t('delegations.revokeTitle')}
      text={t('delegations.revokeText', {
        delegate: row.delegateName,
        delegator: row.delegatorName,
        kind: t(`adminRoleKind.${row.kind}`),
      })}
      confirmLabel={t('delegations.revoke')}
      onConfirm={confirm}
      loading={fetching}
      error={error}
    />
  );
}
