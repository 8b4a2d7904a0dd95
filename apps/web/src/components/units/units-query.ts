import { graphql, type ResultOf } from '../../graphql';

export const UnitsQuery = graphql(`
  query UnitsTree($organisationId: ID!, $after: String) {
    organisation: node(id: $organisationId) { __typename ... on Organisation { id viewerCan { manageUnits } } }
    units(organisationId: $organisationId, first: 100, after: $after) {
      edges { node { id version name memberCount referentShortage parent { id } viewerCan { manage } } }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

export type Unit = ResultOf<typeof UnitsQuery>['units']['edges'][number]['node'];
