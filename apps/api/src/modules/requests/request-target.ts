import type { EntityManager } from '@mikro-orm/postgresql';
import type { RequestTarget } from '@tessera/domain';
import { GroupMembership } from '../groups/group.entity.js';
import { MemberUnit } from '../members/member.entity.js';
import type { IRequest } from './request.entity.js';

export type RequestKey = Pick<IRequest, 'organisation' | 'unit' | 'subjectMember'>;

export function requestTarget(
  request: RequestKey,
  unitIds: string[],
  groupIds: string[],
): RequestTarget | null {
  if (!request.organisation) return null;
  return {
    organisationId: request.organisation,
    unitId: request.unit ?? null,
    subjectUnitIds: unitIds,
    subjectGroupIds: groupIds,
  };
}

/** The same target read inside a transaction, for the checks a mutation makes on the rows it locked. */
export async function loadRequestTarget(
  em: EntityManager,
  request: RequestKey,
): Promise<RequestTarget | null> {
  if (!request.subjectMember) return requestTarget(request, [], []);
  const [units, groups] = await Promise.all([
    em.find(MemberUnit, { member: request.subjectMember }),
    em.find(GroupMembership, { member: request.subjectMember }),
  ]);
  return requestTarget(
    request,
    units.map((row) => row.unit),
    groups.map((row) => row.group),
  );
}
