import { graphql, type ResultOf } from '../../graphql';

export const PAGE_SIZE = 100;

export const AdministratorsQuery = graphql(`
  query OrganisationAdministrators($organisationId: ID!, $first: Int!, $after: String) {
    administrators(organisationId: $organisationId, first: $first, after: $after) {
      edges {
        node {
          id
          kind
          scopeKind
          validUntil
          namedByOperator
          viewerCanRemove
          namedBy { id person { firstName lastName } }
          unit { id name }
          group { id name }
          member { id person { firstName lastName email } }
          removalCreatesFindings { kind referentCount organisationWide unit { id name } }
        }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

export type Role = ResultOf<typeof AdministratorsQuery>['administrators']['edges'][number]['node'];
