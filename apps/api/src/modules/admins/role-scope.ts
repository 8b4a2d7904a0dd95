import type { EntityManager } from '@mikro-orm/postgresql';
import type { ScopeRef } from '@tessera/domain';
import { InvalidInputError, NotFoundError } from '../../errors.js';
import { Group } from '../groups/group.entity.js';
import { Unit } from '../organisations/organisation.entity.js';

/**
 * Where an admin role (named, or delegated) applies in one organisation: the whole organisation, one of its units or
 * one of its groups, read there (another organisation's unit or group is NOT_FOUND, rule 2). `bothMessage` says, in
 * the caller's words, that a unit and a group were both given.
 */
export async function roleScopeIn(
  em: EntityManager,
  organisationId: string,
  input: { unitId?: string | null; groupId?: string | null },
  bothMessage: string,
): Promise<ScopeRef> {
  if (input.unitId && input.groupId) throw new InvalidInputError('scope', bothMessage);
  if (input.unitId) {
    const unit = await em.findOne(Unit, { id: input.unitId, organisation: organisationId });
    if (!unit) throw new NotFoundError('No unit of this organisation has this unitId.');
    return { kind: 'UNIT', organisationId, unitId: unit.id };
  }
  if (input.groupId) {
    const group = await em.findOne(Group, { id: input.groupId, organisation: organisationId });
    if (!group) throw new NotFoundError('No group of this organisation has this groupId.');
    return { kind: 'GROUP', organisationId, groupId: group.id };
  }
  return { kind: 'ORGANISATION', organisationId };
}
