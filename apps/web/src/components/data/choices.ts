import { graphql } from '../../graphql';
import { useCompleteQuery } from './useCompleteQuery';

const UnitChoicesQuery = graphql(`
  query UnitChoices($organisationId: ID!, $after: String) {
    units(organisationId: $organisationId, first: 100, after: $after) {
      edges { node { id name } }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

const GroupChoicesQuery = graphql(`
  query GroupChoices($organisationId: ID!, $after: String) {
    groups(organisationId: $organisationId, first: 100, after: $after) {
      edges { node { id name } }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

export interface Choice {
  value: string;
  label: string;
}

/** Every unit of the organisation (all pages) as select options, by name. */
export function useUnitChoices(organisationId: string, pause = false) {
  const [result] = useCompleteQuery(
    { query: UnitChoicesQuery, variables: { organisationId }, pause: pause || !organisationId },
    'units',
  );
  const options: Choice[] = (result.data?.units.edges ?? []).map(({ node }) => ({
    value: node.id,
    label: node.name,
  }));
  return { options, fetching: result.fetching, error: result.error };
}

/** Every group of the organisation the caller may read (all pages) as select options, by name. */
export function useGroupChoices(organisationId: string, pause = false) {
  const [result] = useCompleteQuery(
    { query: GroupChoicesQuery, variables: { organisationId }, pause: pause || !organisationId },
    'groups',
  );
  const options: Choice[] = (result.data?.groups.edges ?? []).map(({ node }) => ({
    value: node.id,
    label: node.name,
  }));
  return { options, fetching: result.fetching, error: result.error };
}
