import { graphql, type ResultOf } from '../../graphql';

export const PAGE_SIZE = 20;

export const ACCESS_LEVELS = ['PROTECTED', 'FREE'] as const;

export const ServicesQuery = graphql(`
  query CatalogueServices($first: Int!, $after: String, $search: String) {
    services(first: $first, after: $after, search: $search) {
      edges { node { id code name description accessLevel roles { id code name } } }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

export type Service = ResultOf<typeof ServicesQuery>['services']['edges'][number]['node'];
