import type { EntityManager } from '@mikro-orm/postgresql';
import { agreementItemInForce, hasServiceRole } from '@tessera/domain';
import { effectiveAccessForMembers, loadAgreementItems } from '../access/access.service.js';
import { Grant } from '../groups/group.entity.js';
import { Request } from './request.entity.js';

export interface RequestableRole {
  serviceRoleId: string;
  held: boolean;
  heldDirectly: boolean;
  pending: boolean;
}

/**
 * The protected service roles a member may ask for: the agreement's roles in force whose service is protected,
 * sorted by service then role name, each with whether the member already holds it (effective access, rule 3),
 * holds it directly, or waits for a decision on it.
 */
export async function requestableRoles(
  em: EntityManager,
  memberId: string,
  organisationId: string,
  now: Date,
): Promise<RequestableRole[]> {
  const items = (await loadAgreementItems(em, [organisationId])).get(organisationId) ?? [];
  const inForce = [
    ...new Set(items.filter((item) => agreementItemInForce(item, now)).map((item) => item.serviceRoleId)),
  ];
  if (inForce.length === 0) return [];
  const [roles, access, direct, pending] = await Promise.all([
    em.execute<{ id: string }[]>(
      `select r.id from service_role r join service s on s.id = r.service_id
        where r.id = any(array[?]::uuid[]) and s.access_level = 'PROTECTED'
        order by s.name, r.name, r.id`,
      [inForce],
    ),
    effectiveAccessForMembers(em, organisationId, [memberId], now),
    em.find(Grant, { member: memberId }, { fields: ['serviceRole'] }),
    em.find(
      Request,
      { subjectMember: memberId, state: 'SUBMITTED', type: { $in: ['SERVICE_ACCESS', 'ROLE_CHANGE'] } },
      { fields: ['serviceRole'] },
    ),
  ]);
  const effective = access.get(memberId);
  const directIds = new Set(direct.map((grant) => grant.serviceRole));
  const pendingIds = new Set(pending.map((request) => request.serviceRole));
  return roles.map(({ id }) => ({
    serviceRoleId: id,
    held: effective ? hasServiceRole(effective, id) : false,
    heldDirectly: directIds.has(id),
    pending: pendingIds.has(id),
  }));
}
