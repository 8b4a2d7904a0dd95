import type { EntityManager } from '@mikro-orm/postgresql';
import { assertCan, unitScope } from '@tessera/domain';
import { InvalidInputError, NotFoundError } from '../../errors.js';
import { audit } from '../audit/audit.service.js';
import { type Authz, rule } from '../authz/authz.js';
import { type IMember, MemberUnit } from './member.entity.js';
import { assertCanEverywhere, unitsOf } from './member.service.js';
import { assertMayActOnAdmins, authoriseOnMember } from './member-target.js';

/** Health portal: attaches a member to more units (each establishment it works in); already attached units are kept. */
export async function attachMemberToUnits(
  em: EntityManager,
  authz: Authz,
  memberId: string,
  unitIds: readonly string[],
): Promise<IMember> {
  if (unitIds.length === 0) throw new InvalidInputError('unitIds', 'Choose at least one unit.');
  const target = await authoriseOnMember(em, authz, memberId, 'member:read');
  assertMayActOnAdmins(authz, target);
  const organisationId = target.member.organisation;
  const units = await unitsOf(em, organisationId, unitIds);
  await assertCanEverywhere(
    authz,
    'member:attach',
    units.map((unit) => unitScope(organisationId, unit.id)),
  );
  const already = new Set(target.scopes.flatMap((scope) => (scope.kind === 'UNIT' ? [scope.unitId] : [])));
  const added = units.filter((unit) => !already.has(unit.id));
  for (const unit of added)
    em.create(MemberUnit, { member: memberId, unit: unit.id, organisation: organisationId });
  if (added.length > 0) {
    audit(em, authz.actor, {
      organisation: organisationId,
      action: 'member.attached-to-units',
      targetType: 'Member',
      targetId: memberId,
      after: { unitIds: added.map((unit) => unit.id) },
    });
  }
  await em.flush();
  return target.member;
}

/** Detaches a member from one unit; it stays a member of the organisation. */
export async function detachMemberFromUnit(
  em: EntityManager,
  authz: Authz,
  memberId: string,
  unitId: string,
): Promise<IMember> {
  const target = await authoriseOnMember(em, authz, memberId, 'member:read');
  assertMayActOnAdmins(authz, target);
  const organisationId = target.member.organisation;
  const link = await em.findOne(MemberUnit, { member: memberId, unit: unitId });
  if (!link) throw new NotFoundError('This member is not attached to this unit.');
  rule(() =>
    assertCan(authz.actor, 'member:attach', unitScope(organisationId, unitId), target.topology, authz.now),
  );
  em.remove(link);
  audit(em, authz.actor, {
    organisation: organisationId,
    action: 'member.detached-from-unit',
    targetType: 'Member',
    targetId: memberId,
    before: { unitId },
  });
  await em.flush();
  return target.member;
}
