import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { ADMIN_ROLE_KIND_VALUES } from '@tessera/domain';
import { baseProperties } from '../common.js';
import { Group } from '../groups/group.entity.js';
import { Member } from '../members/member.entity.js';
import { Organisation, Unit } from '../organisations/organisation.entity.js';
import { Person } from '../people/person.entity.js';

/**
 * A delegation for a period (migration 0019): the delegator's admin role of `roleKind`, on the whole organisation
 * or on one unit or one group (`unit`/`group`), handed to the delegate from `startsAt` to `endsAt`. Its state is
 * read at each check (packages/domain `delegationStateAt`); `startedNotifiedAt` / `endedNotifiedAt` only record
 * that the start and end notices went out (the `delegations.transitions` job), exactly once.
 */
export const Delegation = defineEntity({
  name: 'Delegation',
  properties: {
    ...baseProperties,
    organisation: () => p.manyToOne(Organisation).mapToPk().index(),
    delegator: () => p.manyToOne(Member).mapToPk().index().deleteRule('cascade'),
    delegate: () => p.manyToOne(Member).mapToPk().index().deleteRule('cascade'),
    roleKind: p.enum([...ADMIN_ROLE_KIND_VALUES]),
    unit: () => p.manyToOne(Unit).mapToPk().nullable().index().deleteRule('cascade'),
    group: () => p.manyToOne(Group).mapToPk().nullable().index().deleteRule('cascade'),
    startsAt: p.datetime().index(),
    endsAt: p.datetime().index(),
    reason: p.text(),
    createdBy: () => p.manyToOne(Person).mapToPk().nullable().index(),
    revokedAt: p.datetime().nullable(),
    revokedBy: () => p.manyToOne(Person).mapToPk().nullable().index(),
    startedNotifiedAt: p.datetime().nullable(),
    endedNotifiedAt: p.datetime().nullable(),
  },
  indexes: [{ properties: ['organisation', 'createdAt', 'id'] }],
});
export type IDelegation = InferEntity<typeof Delegation>;
