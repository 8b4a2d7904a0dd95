import { Button, Card, Group, Modal, Stack, Text } from '@mantine/core';
import { IconArchive, IconArrowBackUp, IconBan, IconChecks, IconTrash } from '@tabler/icons-react';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { type FragmentOf, graphql, readFragment } from '../../graphql';
import { MutationError } from '../../lib/mutation';
import { useMemberAction } from './use-member-action';

export const MemberStatusActionsFragment = graphql(`
  fragment MemberStatusActions on Member {
    id
    version
    status
    person { id firstName lastName }
    viewerCan { block archive remove }
  }
`);

const BlockMember = graphql(
  `
  mutation BlockMember($input: MemberIdInput!) {
    blockMember(input: $input) { __typename ...MutationError }
  }
`,
  [MutationError],
);
const UnblockMember = graphql(
  `
  mutation UnblockMember($input: MemberIdInput!) {
    unblockMember(input: $input) { __typename ...MutationError }
  }
`,
  [MutationError],
);
const ArchiveMember = graphql(
  `
  mutation ArchiveMember($input: MemberIdInput!) {
    archiveMember(input: $input) { __typename ...MutationError }
  }
`,
  [MutationError],
);
const RestoreMember = graphql(
  `
  mutation RestoreMember($input: MemberIdInput!) {
    restoreMember(input: $input) { __typename ...MutationError }
  }
`,
  [MutationError],
);
const RemoveMember = graphql(
  `
  mutation RemoveMember($input: MemberIdInput!) {
    removeMember(input: $input) { __typename ...MutationError }
  }
`,
  [MutationError],
);

type Kind = 'blockMember' | 'unblockMember' | 'archiveMember' | 'restoreMember' | 'removeMember';

/** Block, unblock, archive, restore or remove the member, the dangerous ones after a confirmation. */
export function MemberStatusActions({
  member: masked,
  reload,
}: {
  member: FragmentOf<typeof MemberStatusActionsFragment>;
  reload: () => void;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const member = readFragment(MemberStatusActionsFragment, masked);
  const action = useMemberAction();
  const [, block] = useMutation(BlockMember);
  const [, unblock] = useMutation(UnblockMember);
  const [, archive] = useMutation(ArchiveMember);
  const [, restore] = useMutation(RestoreMember);
  const [, remove] = useMutation(RemoveMember);
  const mutations = {
    blockMember: block,
    unblockMember: unblock,
    archiveMember: archive,
    restoreMember: restore,
    removeMember: remove,
  };
  const [confirm, setConfirm] = useState<null | 'blockMember' | 'archiveMember' | 'removeMember'>(null);
  const name = `${member.person.firstName} ${member.person.lastName}`;
  const can = member.viewerCan;
  if (!can.block && !can.archive && !can.remove) return null;

  async function act(kind: Kind) {
    setConfirm(null);
    // expectedVersion: the member as shown, so a status change decided on a stale page is refused.
    const ok = await action.run(
      kind,
      kind,
      mutations[kind]({ input: { memberId: member.id, expectedVersion: member.version } }),
      t(`member.done.${kind}`, { name }),
    );
    if (ok && kind === 'removeMember') await navigate({ to: '/members' });
    else if (ok) reload();
  }

  return (
    <Card p="md" component="section" aria-label={t('member.actions')}>
      <Group gap="sm">
        {can.block && member.status === 'ACTIVE' && (
          <Button
            color="red"
            variant="light"
            leftSection={<IconBan size={16} aria-hidden="true" />}
            onClick={() => setConfirm('blockMember')}
            loading={action.pending === 'blockMember'}
          >
            {t('member.block')}
          </Button>
        )}
        {can.block && member.status === 'BLOCKED' && (
          <Button
            variant="light"
            leftSection={<IconChecks size={16} aria-hidden="true" />}
            onClick={() => void act('unblockMember')}
            loading={action.pending === 'unblockMember'}
          >
            {t('member.unblock')}
          </Button>
        )}
        {can.archive && member.status !== 'ARCHIVED' && (
          <Button
            variant="default"
            leftSection={<IconArchive size={16} aria-hidden="true" />}
            onClick={() => setConfirm('archiveMember')}
            loading={action.pending === 'archiveMember'}
          >
            {t('member.archive')}
          </Button>
        )}
        {can.archive && member.status === 'ARCHIVED' && (
          <Button
            variant="light"
            leftSection={<IconArrowBackUp size={16} aria-hidden="true" />}
            onClick={() => void act('restoreMember')}
            loading={action.pending === 'restoreMember'}
          >
            {t('member.restore')}
          </Button>
        )}
        {can.remove && (
          <Button
            color="red"
            variant="subtle"
            leftSection={<IconTrash size={16} aria-hidden="true" />}
            onClick={() => setConfirm('removeMember')}
            loading={action.pending === 'removeMember'}
          >
            {t('member.remove')}
          </Button>
        )}
      </Group>
      <Modal
        opened={confirm !== null}
        onClose={() => setConfirm(null)}
        title={confirm ? t(`member.confirm.${confirm}.title`, { name }) : ''}
        centered
      >
        <Stack>
          <Text fz="sm">{confirm ? t(`member.confirm.${confirm}.body`) : ''}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirm(null)}>
              {t('members.cancel')}
            </Button>
            <Button
              color={confirm === 'archiveMember' ? 'tessera' : 'red'}
              onClick={() => confirm && void act(confirm)}
            >
              {confirm ? t(`member.confirm.${confirm}.action`) : ''}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Card>
  );
}
