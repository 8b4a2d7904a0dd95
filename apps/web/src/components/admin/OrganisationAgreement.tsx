import { useQuery } from 'urql';
import { graphql } from '../../graphql';
import { AgreementCard, AgreementFields } from './AgreementCard';

const OrganisationAgreementQuery = graphql(
  `
  query OrganisationAgreement($id: ID!) {
    node(id: $id) { __typename ... on Organisation { id agreement { ...AgreementFields } } }
  }
`,
  [AgreementFields],
);

/**
 * The organisation's agreement, read-only, for its admins who grant: what they may hand out. Members who may not
 * read it (the API refuses them) see nothing.
 */
export function OrganisationAgreement({ organisationId }: { organisationId: string }) {
  const [result] = useQuery({ query: OrganisationAgreementQuery, variables: { id: organisationId } });
  const node = result.data?.node;
  if (node?.__typename !== 'Organisation' || result.error) return null;
  return <AgreementCard organisationId={organisationId} agreement={node.agreement} editable={false} />;
}
