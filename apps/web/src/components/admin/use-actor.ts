import { type Actor, type AdminRoleHolding, buildTopology, type OrgTopology } from '@tessera/domain';
import { useMemo } from 'react';
import { useQuery } from 'urql';
import { useViewer } from '../../auth/use-viewer';
import { graphql } from '../../graphql';

const HoldingsQuery = graphql(`
  query ActorHoldings($organisationId: ID!, $memberId: ID!) {
    administrators(organisationId: $organisationId, memberId: $memberId, first: 100) {
      edges { node { id kind validUntil unit { id } group { id } } }
    }
  }
`);

const UnitShapeQuery = graphql(`
  query ActorUnits($organisationId: ID!) {
    units(organisationId: $organisationId, first: 200) { edges { node { id parent { id } } } }
  }
`);

const GroupShapeQuery = graphql(`
  query ActorGroups($organisationId: ID!) {
    groups(organisationId: $organisationId, first: 200) { edges { node { id parent { id } unit { id } } } }
  }
`);

const EMPTY_TOPOLOGY = buildTopology({ units: [], groups: [] });

/**
 * The signed-in admin as the domain policy sees it, with its organisation's shape: screens use it with `can` and
 * `canName` to offer only what may work. The API decides; this only spares people dead ends.
 */
export function useActor(): {
  actor: Actor | null;
  topology: OrgTopology;
  organisationId: string;
  fetching: boolean;
} {
  const viewer = useViewer();
  const organisationId = viewer.acting?.organisation?.id ?? '';
  const isOperator = viewer.acting?.kind === 'OPERATOR';
  const memberId = viewer.memberships.find((m) => m.organisation.id === organisationId)?.memberId ?? '';
  const pause = isOperator || !organisationId || !memberId;
  // Three queries, so that one refused (a member who reads no group) does not blank the others.
  const [holdingsResult] = useQuery({ query: HoldingsQuery, variables: { organisationId, memberId }, pause });
  const [unitsResult] = useQuery({ query: UnitShapeQuery, variables: { organisationId }, pause });
  const [groupsResult] = useQuery({ query: GroupShapeQuery, variables: { organisationId }, pause });
  const fetching = holdingsResult.fetching || unitsResult.fetching || groupsResult.fetching;
  return useMemo(() => {
    if (isOperator)
      return {
        actor: { kind: 'operator', personId: viewer.person.id },
        topology: EMPTY_TOPOLOGY,
        organisationId,
        fetching: false,
      };
    const rawOrg = organisationId;
    const holdings: AdminRoleHolding[] = (holdingsResult.data?.administrators.edges ?? []).map(
      ({ node }) => ({
        kind: node.kind,
        validUntil: node.validUntil ? new Date(node.validUntil) : null,
        scope: node.group
          ? { kind: 'GROUP', organisationId: rawOrg, groupId: node.group.id }
          : node.unit
            ? { kind: 'UNIT', organisationId: rawOrg, unitId: node.unit.id }
            : { kind: 'ORGANISATION', organisationId: rawOrg },
      }),
    );
    const topology = buildTopology({
      units: (unitsResult.data?.units.edges ?? []).map(({ node }) => ({
        id: node.id,
        parentId: node.parent?.id ?? null,
      })),
      groups: (groupsResult.data?.groups.edges ?? []).map(({ node }) => ({
        id: node.id,
        parentId: node.parent?.id ?? null,
        unitId: node.unit?.id ?? null,
      })),
    });
    const actor: Actor | null = memberId
      ? { kind: 'member', personId: viewer.person.id, memberId, organisationId: rawOrg, holdings }
      : null;
    return { actor, topology, organisationId, fetching };
  }, [
    isOperator,
    holdingsResult.data,
    unitsResult.data,
    groupsResult.data,
    fetching,
    organisationId,
    memberId,
    viewer.person.id,
  ]);
}
