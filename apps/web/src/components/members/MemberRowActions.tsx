import { ActionIcon, Loader, Menu, Modal, Stack, Text } from '@mantine/core';
import { IconDots, IconUsersPlus } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { graphql } from '../../graphql';
import { AddToGroupsForm } from '../access/AddToGroupsForm';

const MemberGroupIdsQuery = graphql(`
  query MemberGroupIds($id: ID!) {
    node(id: $id) { ... on Member { id groups { group { id } } } }
  }
`);

/**
 * A row menu of the member list (guide 004, CSAM: add to a group without opening the member): "Add to a group…"
 * opens a dialog with the groups the viewer manages the members of. Shown only when the acting context may manage
 * groups somewhere (`acting.may` GROUP_MANAGE); the dialog offers only groups whose `viewerCan.manageMembers`.
 */
export function MemberRowActions({
  memberId,
  name,
  organisationId,
}: {
  memberId: string;
  name: string;
  organisationId: string;
}) {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  return (
    <>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <ActionIcon variant="subtle" color="gray" aria-label={t('members.rowActions', { name })}>
            <IconDots size={18} aria-hidden="true" />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item
            leftSection={<IconUsersPlus size={16} aria-hidden="true" />}
            onClick={() => setOpened(true)}
          >
            {t('members.addToGroup')}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <Modal
        opened={opened}
        onClose={() => setOpened(false)}
        title={t('members.addToGroupTitle', { name })}
        closeButtonProps={{ 'aria-label': t('members.cancel') }}
        centered
      >
        {opened && (
          <AddToGroupsDialogBody
            memberId={memberId}
            name={name}
            organisationId={organisationId}
            onDone={() => setOpened(false)}
          />
        )}
      </Modal>
    </>
  );
}

function AddToGroupsDialogBody({
  memberId,
  name,
  organisationId,
  onDone,
}: {
  memberId: string;
  name: string;
  organisationId: string;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [result] = useQuery({ query: MemberGroupIdsQuery, variables: { id: memberId } });
  const node = result.data?.node;
  const current = useMemo(
    () => (node && 'groups' in node ? node.groups.map((link) => link.group.id) : []),
    [node],
  );
  return (
    <Stack>
      <Text fz="sm">{t('members.addToGroupHelp', { name })}</Text>
      {result.fetching || !node ? (
        <Loader size="sm" aria-label={t('common.loading')} />
      ) : (
        <AddToGroupsForm
          memberId={memberId}
          organisationId={organisationId}
          currentGroupIds={current}
          onAdded={onDone}
          hideWhenEmpty={false}
          autoFocus
        />
      )}
    </Stack>
  );
}
