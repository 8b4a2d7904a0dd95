import type { EntityManager } from '@mikro-orm/postgresql';
import { assertCanMoveUnit, type ScopeRef } from '@tessera/domain';
import { ConflictError, NotFoundError } from '../../errors.js';
import { afterKey, type ConnectionArgs, keysetPage } from '../../lib/keyset.js';
import { AdminRole } from '../admins/admin-role.entity.js';
import { audit } from '../audit/audit.service.js';
import { type Authz, assertAllowed, assertReaches, rule } from '../authz/authz.js';
import { loadTopology } from '../authz/topology.js';
import { assertVersion, bumpVersion } from '../common.js';
import { Group } from '../groups/group.entity.js';
import { type IUnit, Unit } from './organisation.entity.js';
import { lockOrganisation, requiredName } from './organisation.service.js';
import { memberCounts } from './unit-counts.js';

/** The units of one organisation, by name; the caller's scope has already admitted it to the organisation. */
export function listUnits(em: EntityManager, organisationId: string, args: ConnectionArgs) {
  return keysetPage<IUnit>(
    args,
    (unit) => [unit.name, unit.id],
    2,
    (after, limit) => {
      const qb = em.createQueryBuilder(Unit, 'u').select('*').where({ organisation: organisationId });
      if (after) qb.andWhere(afterKey(['u.name', 'u.id']), after);
      return qb.orderBy({ name: 'asc', id: 'asc' }).limit(limit).getResultList();
    },
  );
}

/** A unit of the actor's reach, or NOT_FOUND (rule 2: another organisation's unit looks like no unit). */
async function reachableUnit(
  em: EntityManager,
  authz: Authz,
  unitId: string,
  field = 'unitId',
): Promise<IUnit> {
  const unit = await em.findOne(Unit, { id: unitId });
  if (!unit) throw new NotFoundError(`No unit has this ${field}.`);
  assertReaches(authz.actor, unit.organisation);
  return unit;
}

/** The unit a change is about, read after its organisation is locked (organisation first, then rows). */
async function lockedUnit(em: EntityManager, authz: Authz, unitId: string): Promise<IUnit> {
  const organisationId = await lockOrganisationOfReached(em, authz, unitId);
  const unit = await em.findOne(Unit, { id: unitId, organisation: organisationId });
  if (!unit) throw new NotFoundError('No unit has this unitId.');
  return unit;
}

async function lockOrganisationOfReached(em: EntityManager, authz: Authz, unitId: string): Promise<string> {
  const [row] = await em.execute<{ organisation_id: string }[]>(
    'select organisation_id from unit where id = ?',
    [unitId],
  );
  if (!row) throw new NotFoundError('No unit has this unitId.');
  assertReaches(authz.actor, row.organisation_id);
  await lockOrganisation(em, row.organisation_id);
  return row.organisation_id;
}

const unitScope = (unit: IUnit): ScopeRef => ({
  kind: 'UNIT',
  organisationId: unit.organisation,
  unitId: unit.id,
});
const parentScope = (organisationId: string, parentId: string | null): ScopeRef =>
  parentId ? { kind: 'UNIT', organisationId, unitId: parentId } : { kind: 'ORGANISATION', organisationId };

async function assertUniqueSiblingName(
  em: EntityManager,
  organisationId: string,
  parentId: string | null,
  name: string,
  exceptId?: string,
) {
  const clash = await em.findOne(Unit, {
    organisation: organisationId,
    parent: parentId,
    ...(exceptId ? { id: { $ne: exceptId } } : {}),
    name: { $ilike: name.replace(/[\\%_]/g, (c) => `\\${c}`) },
  });
  if (clash) throw new ConflictError('Another unit at this place already has this name.', 'name');
}

export interface CreateUnitInput {
  organisationId: string;
  parentId: string | null;
  name: string;
}

/** CSAM domains, Vaud units, health-portal establishments: a new unit, at the top or under a parent. */
export async function createUnit(em: EntityManager, authz: Authz, input: CreateUnitInput): Promise<IUnit> {
  assertReaches(authz.actor, input.organisationId);
  if (input.parentId) {
    const parent = await reachableUnit(em, authz, input.parentId, 'parentId');
    if (parent.organisation !== input.organisationId) throw new NotFoundError('No unit has this parentId.');
  }
  await assertAllowed(authz, 'unit:manage', parentScope(input.organisationId, input.parentId));
  const name = requiredName(input.name);
  await lockOrganisation(em, input.organisationId);
  await assertUniqueSiblingName(em, input.organisationId, input.parentId, name);
  const unit = em.create(Unit, { organisation: input.organisationId, parent: input.parentId, name });
  audit(em, authz.actor, {
    organisation: unit.organisation,
    action: 'unit.created',
    targetType: 'Unit',
    targetId: unit.id,
    after: { name, parentId: input.parentId },
  });
  await em.flush();
  return unit;
}

export async function renameUnit(
  em: EntityManager,
  authz: Authz,
  unitId: string,
  newName: string,
  expectedVersion?: number | null,
): Promise<IUnit> {
  const unit = await lockedUnit(em, authz, unitId);
  await assertAllowed(authz, 'unit:manage', unitScope(unit));
  assertVersion(unit, expectedVersion, 'unit');
  const name = requiredName(newName);
  await assertUniqueSiblingName(em, unit.organisation, unit.parent ?? null, name, unit.id);
  const before = { name: unit.name };
  unit.name = name;
  bumpVersion(unit);
  audit(em, authz.actor, {
    organisation: unit.organisation,
    action: 'unit.renamed',
    targetType: 'Unit',
    targetId: unit.id,
    before,
    after: { name },
  });
  await em.flush();
  return unit;
}

/** Moves a unit (with its subtree) under another parent of the same organisation, or to the top; never into itself. */
export async function moveUnit(
  em: EntityManager,
  authz: Authz,
  unitId: string,
  parentId: string | null,
  expectedVersion?: number | null,
): Promise<IUnit> {
  // The organisation lock serialises changes to its tree, so two concurrent moves cannot close a loop.
  const unit = await lockedUnit(em, authz, unitId);
  assertVersion(unit, expectedVersion, 'unit');
  if (parentId) {
    const parent = await reachableUnit(em, authz, parentId, 'parentId');
    if (parent.organisation !== unit.organisation) throw new NotFoundError('No unit has this parentId.');
  }
  await assertAllowed(authz, 'unit:manage', unitScope(unit));
  await assertAllowed(authz, 'unit:manage', parentScope(unit.organisation, parentId));
  const topology = await loadTopology(em, unit.organisation);
  rule(() => assertCanMoveUnit(unit.id, parentId, topology));
  await assertUniqueSiblingName(em, unit.organisation, parentId, unit.name, unit.id);
  const before = { parentId: unit.parent ?? null };
  unit.parent = parentId;
  bumpVersion(unit);
  audit(em, authz.actor, {
    organisation: unit.organisation,
    action: 'unit.moved',
    targetType: 'Unit',
    targetId: unit.id,
    before,
    after: { parentId },
  });
  await em.flush();
  return unit;
}

/**
 * Deletes an empty unit. Refused while it has sub-units, members (archived ones aside), groups or admin roles:
 * deleting would otherwise detach members and drop administrators silently, without their own audited decision.
 */
export async function deleteUnit(
  em: EntityManager,
  authz: Authz,
  unitId: string,
  expectedVersion?: number | null,
): Promise<string> {
  const unit = await lockedUnit(em, authz, unitId);
  await assertAllowed(authz, 'unit:manage', unitScope(unit));
  assertVersion(unit, expectedVersion, 'unit');
  const [children, members, groups, admins] = await Promise.all([
    em.count(Unit, { parent: unit.id }),
    memberCounts(em, [unit.id]).then((counts) => counts.get(unit.id) ?? 0),
    em.count(Group, { unit: unit.id }),
    em.count(AdminRole, { unit: unit.id }),
  ]);
  if (children > 0) throw new ConflictError('This unit has sub-units: move or delete them first.');
  if (members > 0) throw new ConflictError('Members are attached to this unit: detach them first.');
  if (groups > 0) throw new ConflictError('Groups sit in this unit: move or delete them first.');
  if (admins > 0) throw new ConflictError('Administrators are named on this unit: remove their roles first.');
  audit(em, authz.actor, {
    organisation: unit.organisation,
    action: 'unit.deleted',
    targetType: 'Unit',
    targetId: unit.id,
    before: { name: unit.name, parentId: unit.parent ?? null },
  });
  em.remove(unit);
  await em.flush();
  return unit.id;
}
