import { graphql, type ResultOf } from '../graphql';

/** Everything the shell needs to know about the signed-in person and the context they act in. */
export const ViewerFragment = graphql(`
  fragment ViewerFields on Viewer {
    person {
      id
      firstName
      lastName
      email
    }
    isOperatorAdmin
    acting {
      kind
      may
      organisation {
        id
        name
        status
        registryKind
        registryNumber
      }
    }
    memberships {
      memberId
      organisation {
        id
        name
        status
        registryKind
        registryNumber
      }
    }
    mustChangePassword
    mustAcceptTerms
  }
`);

export const ViewerQuery = graphql(
  `
  query Viewer {
    viewer {
      ...ViewerFields
    }
  }
`,
  [ViewerFragment],
);

export type ViewerData = ResultOf<typeof ViewerFragment>;
export type OrganisationSummary = ViewerData['memberships'][number]['organisation'];

export function fullName(person: ViewerData['person']): string {
  return `${person.firstName} ${person.lastName}`;
}
