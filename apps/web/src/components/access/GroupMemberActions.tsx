import { ActionIcon, Alert, Button, Group, Menu, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertCircle, IconBan, IconDots, IconLockOpen, IconUserMinus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { graphql } from '../../graphql';
import { describeRequestError } from '../../lib/errors';
import { MutationError, readOutcome } from '../../lib/mutation';

const BlockInGroup = graphql(
  `
  mutation BlockMemberInGroup($input: MemberGroupInput!) {
    blockMemberInGroup(input: $input) { __typename ...MutationError ... on MutationBlockMemberInGroupSuccess { data { id } } }
  }
`,
  [MutationError],
);
const UnblockInGroup = graphql(
  `
  mutation UnblockMemberInGroup($input: MemberGroupInput!) {
    unblockMemberInGroup(input: $input) { __typename ...MutationError ... on MutationUnblockMemberInGroupSuccess { data { id } } }
  }
`,
  [MutationError],
);
const RemoveFromGroup = graphql(
  `
  mutation RemoveMemberFromGroup($input: MemberGroupInput!) {
    removeMemberFromGroup(input: $input) { __typename ...MutationError ... on MutationRemoveMemberFromGroupSuccess { data { id } } }
  }
`,
  [MutationError],
);

type Action = 'block' | 'unblock' | 'remove';

/**
 * CSAM "bloquer pour un groupe" and "supprimer du groupe" from the group's member list: a row menu, each action
 * confirmed. Rendered only for rows whose `viewerCanManage` the server answered true.
 */
export function GroupMemberActions({
  groupId,
  groupName,
  member,
  blocked,
  onDone,
}: {
  groupId: string;
  groupName: string;
  member: { id: string; name: string };
  blocked: boolean;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [action, setAction] = useState<Action | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [block, runBlock] = useMutation(BlockInGroup);
  const [unblock, runUnblock] = useMutation(UnblockInGroup);
  const [remove, runRemove] = useMutation(RemoveFromGroup);
  const fetching = block.fetching || unblock.fetching || remove.fetching;
  const args = { name: member.name, group: groupName };
  const input = { input: { groupId, memberId: member.id } };

  async function confirm() {
    if (!action) return;
    setFailure(null);
    const result =
      action === 'block'
        ? await runBlock(input).then((r) => ({ error: r.error, payload: r.data?.blockMemberInGroup }))
        : action === 'unblock'
          ? await runUnblock(input).then((r) => ({ error: r.error, payload: r.data?.unblockMemberInGroup }))
          : await runRemove(input).then((r) => ({ error: r.error, payload: r.data?.removeMemberFromGroup }));
    if (result.error) return setFailure(describeRequestError(t, result.error));
    const outcome = readOutcome(t, result.payload);
    if (!outcome.ok) return setFailure(outcome.message);
    const message =
      action === 'block'
        ? t('groupMemberActions.blocked', args)
        : action === 'unblock'
          ? t('groupMemberActions.unblocked', args)
          : t('access.members.removed', args);
    notifications.show({ color: 'teal', message });
    setAction(null);
    onDone();
  }

  const close = () => {
    setAction(null);
    setFailure(null);
  };
  const titles = {
    block: t('groupMemberActions.blockTitle'),
    unblock: t('groupMemberActions.unblockTitle'),
    remove: t('groupMemberActions.removeTitle'),
  };
  const bodies = {
    block: t('groupMemberActions.blockBody', args),
    unblock: t('groupMemberActions.unblockBody', args),
    remove: t('groupMemberActions.removeBody', args),
  };
  const labels = {
    block: t('groupMemberActions.block'),
    unblock: t('groupMemberActions.unblock'),
    remove: t('groupMemberActions.remove'),
  };
  return (
    <>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <ActionIcon
            variant="subtle"
            color="gray"
            aria-label={t('groupMemberActions.menu', { name: member.name })}
          >
            <IconDots size={18} aria-hidden="true" />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          {blocked ? (
            <Menu.Item
              leftSection={<IconLockOpen size={16} aria-hidden="true" />}
              onClick={() => setAction('unblock')}
            >
              {labels.unblock}
            </Menu.Item>
          ) : (
            <Menu.Item
              leftSection={<IconBan size={16} aria-hidden="true" />}
              onClick={() => setAction('block')}
            >
              {labels.block}
            </Menu.Item>
          )}
          <Menu.Item
            color="red"
            leftSection={<IconUserMinus size={16} aria-hidden="true" />}
            onClick={() => setAction('remove')}
          >
            {labels.remove}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <Modal
        opened={action !== null}
        onClose={close}
        title={action ? titles[action] : ''}
        closeButtonProps={{ 'aria-label': t('groupMemberActions.close') }}
        centered
      >
        <Stack>
          <Text fz="sm">{action ? bodies[action] : ''}</Text>
          {failure && (
            <Alert color="red" role="alert" icon={<IconAlertCircle aria-hidden="true" />}>
              {failure}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close} data-autofocus>
              {t('groupMemberActions.cancel')}
            </Button>
            <Button
              color={action === 'unblock' ? 'tessera' : 'red.9'}
              loading={fetching}
              onClick={() => void confirm()}
            >
              {action ? labels[action] : ''}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
