import { Alert, Button, Group, MultiSelect, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertCircle, IconUsersPlus } from '@tabler/icons-react';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { graphql } from '../../graphql';
import { describeRequestError } from '../../lib/errors';
import { MutationError, readOutcome } from '../../lib/mutation';
import { useCompleteQuery } from '../data/useCompleteQuery';

const GroupChoicesQuery = graphql(`
  query MemberGroupChoices($organisationId: ID!, $after: String) {
    groups(organisationId: $organisationId, first: 100, after: $after) {
      edges { node { id name viewerCan { manageMembers } } }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

const AddToGroupsMutation = graphql(
  `
  mutation AddMemberToGroups($input: AddMemberToGroupsInput!) {
    addMemberToGroups(input: $input) {
      __typename
      ...MutationError
      ... on MutationAddMemberToGroupsSuccess { data { id groups { blocked group { id name } } } }
    }
  }
`,
  [MutationError],
);

/**
 * Adds one member to groups (Caf step 5), from its access page or from a row of the member list: the choices are
 * the groups where the server says the viewer may manage members (`Group.viewerCan.manageMembers`) and the member
 * is not yet; the mutation still decides, and its typed refusal is said here.
 */
export function AddToGroupsForm({
  memberId,
  organisationId,
  currentGroupIds,
  onAdded,
  hideWhenEmpty = true,
  autoFocus = false,
}: {
  memberId: string;
  organisationId: string;
  currentGroupIds: readonly string[];
  onAdded: () => void;
  hideWhenEmpty?: boolean;
  autoFocus?: boolean;
}) {
  const { t } = useTranslation();
  const [picked, setPicked] = useState<string[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [choices] = useCompleteQuery({ query: GroupChoicesQuery, variables: { organisationId } }, 'groups');
  const [{ fetching }, addToGroups] = useMutation(AddToGroupsMutation);
  // In a dialog the field appears once the choices have loaded: the focus moves to it then (keyboard users).
  const field = useRef<HTMLInputElement>(null);
  const loaded = choices.data !== undefined;
  useEffect(() => {
    if (autoFocus && loaded) field.current?.focus();
  }, [autoFocus, loaded]);
  const options = useMemo(
    () =>
      (choices.data?.groups.edges ?? [])
        .filter((edge) => edge.node.viewerCan.manageMembers && !currentGroupIds.includes(edge.node.id))
        .map((edge) => ({ value: edge.node.id, label: edge.node.name })),
    [choices.data, currentGroupIds],
  );

  async function add() {
    setFailure(null);
    const result = await addToGroups({ input: { memberId, groupIds: picked } });
    if (result.error) return setFailure(describeRequestError(t, result.error));
    const outcome = readOutcome(t, result.data?.addMemberToGroups);
    if (!outcome.ok) return setFailure(outcome.message);
    notifications.show({
      color: 'teal',
      message: t('access.member.addedToGroups', { count: picked.length }),
    });
    setPicked([]);
    onAdded();
  }

  if (options.length === 0 && hideWhenEmpty && !failure) return null;
  return (
    <Stack gap="sm">
      {failure && (
        <Alert color="red" role="alert" icon={<IconAlertCircle aria-hidden="true" />}>
          {failure}
        </Alert>
      )}
      <Group align="flex-end" gap="sm" wrap="wrap">
        <MultiSelect
          label={t('access.member.addToGroups')}
          placeholder={picked.length === 0 ? t('access.member.chooseGroups') : undefined}
          nothingFoundMessage={t('access.member.noGroupToAdd')}
          data={options}
          value={picked}
          onChange={setPicked}
          searchable
          clearable
          ref={field}
          style={{ flex: '1 1 320px' }}
        />
        <Button
          leftSection={<IconUsersPlus size={16} aria-hidden="true" />}
          onClick={() => void add()}
          disabled={picked.length === 0}
          loading={fetching}
        >
          {t('access.member.addToGroupsButton')}
        </Button>
      </Group>
    </Stack>
  );
}
