import { Anchor, Badge, Button, Group, Table, Text, VisuallyHidden } from '@mantine/core';
import { IconLock, IconLockOpen, IconUserMinus } from '@tabler/icons-react';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { type FragmentOf, graphql, readFragment } from '../../graphql';
import { MutationError } from '../../lib/mutation';
import { MemberSection } from './MemberSection';
import { useMemberAction } from './use-member-action';

export const MemberGroupsFragment = graphql(`
  fragment MemberGroups on Member {
    id
    person { id firstName lastName }
    groups {
      blocked
      addedAt
      group { id name viewerCan { manageMembers } }
    }
  }
`);

const BlockInGroup = graphql(
  `
  mutation BlockMemberInGroup($input: MemberGroupInput!) {
    blockMemberInGroup(input: $input) { __typename ...MutationError }
  }
`,
  [MutationError],
);
const UnblockInGroup = graphql(
  `
  mutation UnblockMemberInGroup($input: MemberGroupInput!) {
    unblockMemberInGroup(input: $input) { __typename ...MutationError }
  }
`,
  [MutationError],
);
const RemoveFromGroup = graphql(
  `
  mutation RemoveMemberFromGroup($input: MemberGroupInput!) {
    removeMemberFromGroup(input: $input) { __typename ...MutationError }
  }
`,
  [MutationError],
);

type Kind = 'blockMemberInGroup' | 'unblockMemberInGroup' | 'removeMemberFromGroup';

/** The groups of the member, blocked or not; a manager of a group blocks, unblocks or removes it there. */
export function MemberGroups({
  member: masked,
  reload,
}: {
  member: FragmentOf<typeof MemberGroupsFragment>;
  reload: () => void;
}) {
  const { t } = useTranslation();
  const member = readFragment(MemberGroupsFragment, masked);
  const action = useMemberAction();
  const [, blockIn] = useMutation(BlockInGroup);
  const [, unblockIn] = useMutation(UnblockInGroup);
  const [, removeFrom] = useMutation(RemoveFromGroup);
  const mutations = {
    blockMemberInGroup: blockIn,
    unblockMemberInGroup: unblockIn,
    removeMemberFromGroup: removeFrom,
  };
  const name = `${member.person.firstName} ${member.person.lastName}`;

  async function act(kind: Kind, groupId: string, group: string) {
    const ok = await action.run(
      `${kind}:${groupId}`,
      kind,
      mutations[kind]({ input: { memberId: member.id, groupId } }),
      t(`member.done.${kind}`, { name, group }),
    );
    if (ok) reload();
  }

  return (
    <MemberSection id="groups-title" title={t('member.groupsTitle')}>
      {member.groups.length === 0 ? (
        <Text fz="sm" c="dimmed">
          {t('member.noGroups')}
        </Text>
      ) : (
        <Table verticalSpacing="xs" aria-labelledby="groups-title">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('member.group')}</Table.Th>
              <Table.Th>{t('member.groupState')}</Table.Th>
              <Table.Th>
                <VisuallyHidden>{t('member.actions')}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {member.groups.map(({ group, blocked }) => (
              <Table.Tr key={group.id} data-testid={`group-row-${group.name}`}>
                <Table.Td>
                  <Anchor
                    renderRoot={(props) => (
                      <Link {...props} to="/groups/$groupId" params={{ groupId: group.id }} />
                    )}
                    fz="sm"
                  >
                    {group.name}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <Badge color={blocked ? 'red' : 'teal'} variant="light">
                    {blocked ? t('member.blockedInGroup') : t('member.activeInGroup')}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  {group.viewerCan.manageMembers && (
                    <Group gap={4} justify="flex-end" wrap="nowrap">
                      {blocked ? (
                        <Button
                          size="compact-xs"
                          variant="subtle"
                          leftSection={<IconLockOpen size={12} aria-hidden="true" />}
                          aria-label={t('member.unblockInNamed', { group: group.name })}
                          loading={action.pending === `unblockMemberInGroup:${group.id}`}
                          onClick={() => void act('unblockMemberInGroup', group.id, group.name)}
                        >
                          {t('member.unblockIn')}
                        </Button>
                      ) : (
                        <Button
                          size="compact-xs"
                          variant="subtle"
                          color="red"
                          leftSection={<IconLock size={12} aria-hidden="true" />}
                          aria-label={t('member.blockInNamed', { group: group.name })}
                          loading={action.pending === `blockMemberInGroup:${group.id}`}
                          onClick={() => void act('blockMemberInGroup', group.id, group.name)}
                        >
                          {t('member.blockIn')}
                        </Button>
                      )}
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        color="gray"
                        leftSection={<IconUserMinus size={12} aria-hidden="true" />}
                        aria-label={t('member.removeFromNamed', { group: group.name })}
                        loading={action.pending === `removeMemberFromGroup:${group.id}`}
                        onClick={() => void act('removeMemberFromGroup', group.id, group.name)}
                      >
                        {t('member.removeFrom')}
                      </Button>
                    </Group>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </MemberSection>
  );
}
