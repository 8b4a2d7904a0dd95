import { MultiSelect, Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { graphql } from '../../graphql';

const MemberSearchQuery = graphql(`
  query MemberPickerSearch($organisationId: ID!, $search: String) {
    members(organisationId: $organisationId, search: $search, first: 20, status: ACTIVE) {
      edges {
        node {
          id
          person {
            firstName
            lastName
            email
          }
        }
      }
    }
  }
`);

interface Option {
  value: string;
  label: string;
}

function useMemberOptions(organisationId: string, search: string, exclude: readonly string[]) {
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const [result] = useQuery({
    query: MemberSearchQuery,
    variables: { organisationId, search: debounced || null },
  });
  const known = useRef(new Map<string, Option>());
  const options = useMemo(() => {
    const list: Option[] = [];
    for (const edge of result.data?.members.edges ?? []) {
      const { person } = edge.node;
      const option = {
        value: edge.node.id,
        label: `${person.lastName} ${person.firstName} · ${person.email}`,
      };
      known.current.set(option.value, option);
      if (!exclude.includes(option.value)) list.push(option);
    }
    return list;
  }, [result.data, exclude]);
  return { options, known: known.current, fetching: result.fetching };
}

interface MemberPickerProps {
  organisationId: string;
  label: string;
  description?: string;
  value: string[];
  onChange: (ids: string[]) => void;
  /** members not to offer (already in the group) */
  exclude?: readonly string[];
  error?: string | null;
}

/** Picks members of the organisation by typing the start of their last name or e-mail address. */
export function MemberPicker({
  organisationId,
  label,
  description,
  value,
  onChange,
  exclude = [],
  error,
}: MemberPickerProps) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const { options, known, fetching } = useMemberOptions(organisationId, search, exclude);
  // Keep the chosen members listed while the search shows others.
  const data = [
    ...value.flatMap((id) => known.get(id) ?? []),
    ...options.filter((o) => !value.includes(o.value)),
  ];
  return (
    <MultiSelect
      label={label}
      description={description}
      placeholder={value.length === 0 ? t('access.picker.placeholder') : undefined}
      data={data}
      value={value}
      onChange={onChange}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options: all }) => all}
      nothingFoundMessage={fetching ? t('common.loading') : t('access.picker.nothingFound')}
      error={error}
      clearable
      hidePickedOptions
      maxDropdownHeight={280}
    />
  );
}

/** Picks one member of the organisation (the responsable of a group). */
export function SingleMemberPicker({
  organisationId,
  label,
  value,
  onChange,
  error,
  required,
}: Omit<MemberPickerProps, 'value' | 'onChange' | 'exclude'> & {
  value: string | null;
  onChange: (id: string | null) => void;
  required?: boolean;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const { options, known, fetching } = useMemberOptions(organisationId, search, []);
  const data = [
    ...(value ? (known.get(value) ? [known.get(value)!] : []) : []),
    ...options.filter((o) => o.value !== value),
  ];
  return (
    <Select
      label={label}
      placeholder={t('access.picker.placeholder')}
      data={data}
      value={value}
      onChange={onChange}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options: all }) => all}
      nothingFoundMessage={fetching ? t('common.loading') : t('access.picker.nothingFound')}
      error={error}
      required={required}
      clearable
      maxDropdownHeight={280}
    />
  );
}
