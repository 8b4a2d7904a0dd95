import { graphql, type ResultOf } from '../../graphql';
import { MutationError } from '../../lib/mutation';

export const DelegationsQuery = graphql(`
  query OrganisationDelegations($organisationId: ID!, $after: String) {
    organisation: node(id: $organisationId) {
      __typename
      ... on Organisation {
        id
        viewerDelegableRoles { kind unit { id name } group { id name } }
        delegations(first: 100, after: $after) {
          edges {
            node {
              id kind state startsAt endsAt reason viewerCanRevoke delegatorName delegateName
              unit { id name }
              group { id name }
            }
          }
          pageInfo { hasNextPage endCursor }
        }
      }
    }
  }
`);

type OrganisationData = Extract<
  NonNullable<ResultOf<typeof DelegationsQuery>['organisation']>,
  { __typename: 'Organisation' }
>;
export type DelegationRow = OrganisationData['delegations']['edges'][number]['node'];
export type DelegableRole = OrganisationData['viewerDelegableRoles'][number];

export const CreateDelegationMutation = graphql(
  `
  mutation CreateDelegation($input: CreateDelegationInput!) {
    createDelegation(input: $input) {
      __typename
      ...MutationError
      ... on MutationCreateDelegationSuccess { data { id delegateName } }
    }
  }
`,
  [MutationError],
);

export const RevokeDelegationMutation = graphql(
  `
  mutation RevokeDelegation($input: RevokeDelegationInput!) {
    revokeDelegation(input: $input) {
      __typename
      ...MutationError
      ... on MutationRevokeDelegationSuccess { data { id state } }
    }
  }
`,
  [MutationError],
);
