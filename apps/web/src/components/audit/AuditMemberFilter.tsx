import { Select, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { graphql } from '../../graphql';

const AuditMemberSearchQuery = graphql(`
  query AuditMemberSearch($organisationId: ID!, $search: String) {
    members(organisationId: $organisationId, search: $search, first: 20) {
      edges { node { id person { firstName lastName email } } }
    }
  }
`);

/** The chosen member, read again after a reload so the field shows its name, not its id. */
const AuditMemberChosenQuery = graphql(`
  query AuditMemberChosen($id: ID!) {
    node(id: $id) { id ... on Member { person { firstName lastName email } } }
  }
`);

interface Person {
  firstName: string;
  lastName: string;
  email: string;
}

const labelOf = (person: Person) => `${person.firstName} ${person.lastName}`;

interface AuditMemberFilterProps {
  organisationId: string;
  value: string | null;
  onChange: (memberId: string | null) => void;
}

/** Picks the member whose events to show, by typing the start of a last name or an e-mail address. */
export function AuditMemberFilter({ organisationId, value, onChange }: AuditMemberFilterProps) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [chosen] = useQuery({
    query: AuditMemberChosenQuery,
    variables: { id: value ?? '' },
    pause: !value,
  });
  const node = chosen.data?.node;
  const chosenLabel = value && node && 'person' in node && node.person ? labelOf(node.person) : null;
  // The field shows the chosen member's label: that is not a search.
  const [debounced] = useDebouncedValue(search === chosenLabel ? '' : search.trim(), 250);
  const [found] = useQuery({
    query: AuditMemberSearchQuery,
    variables: { organisationId, search: debounced || null },
  });
  const { data, emails } = useMemo(() => {
    const people = new Map<string, Person>();
    if (value && node && 'person' in node && node.person) people.set(value, node.person);
    for (const edge of found.data?.members.edges ?? []) people.set(edge.node.id, edge.node.person);
    return {
      data: [...people].map(([id, person]) => ({ value: id, label: labelOf(person) })),
      emails: new Map([...people].map(([id, person]) => [id, person.email])),
    };
  }, [found.data, node, value]);
  return (
    <Select
      label={t('auditLog.member')}
      description={t('auditLog.memberDescription')}
      placeholder={t('auditLog.memberPlaceholder')}
      inputWrapperOrder={['label', 'input', 'description']}
      data={data}
      // Two people may share a name: the option shows the address too.
      renderOption={({ option }) => (
        <Stack gap={0}>
          <Text fz="sm">{option.label}</Text>
          <Text fz="xs" c="dimmed">
            {emails.get(option.value)}
          </Text>
        </Stack>
      )}
      value={value}
      onChange={onChange}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      nothingFoundMessage={found.fetching ? t('common.loading') : t('auditLog.memberNothingFound')}
      clearable
      maxDropdownHeight={280}
    />
  );
}
