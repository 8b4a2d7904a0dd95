import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { AdminRole, type IAdminRole } from '../modules/admins/admin-role.entity.js';
import { activePrincipalRoleIds } from '../modules/admins/admin-role.service.js';
import { AuditEvent, type IAuditEvent } from '../modules/audit/audit-event.entity.js';
import { type AuditNames, auditNamesOf } from '../modules/audit/audit-names.js';
import {
  Agreement,
  AgreementItem,
  type IAgreement,
  type IAgreementItem,
  type IService,
  type IServiceRole,
  Service,
  ServiceRole,
} from '../modules/catalogue/service.entity.js';
import {
  Group,
  GroupMembership,
  type IGroup,
  type IGroupMembership,
} from '../modules/groups/group.entity.js';
import { type IMember, type IMemberUnit, Member, MemberUnit } from '../modules/members/member.entity.js';
import {
  type IOrganisation,
  type IUnit,
  Organisation,
  Unit,
} from '../modules/organisations/organisation.entity.js';
import { memberCounts } from '../modules/organisations/unit-counts.js';
import { type IPerson, Person } from '../modules/people/person.entity.js';
import {
  type IRequest,
  type IRequestStep,
  Request,
  RequestStep,
} from '../modules/requests/request.entity.js';
import {
  continuityOfOrganisations,
  type OrganisationContinuity,
} from '../modules/reviews/continuity.repository.js';
import { createAccessLoaders } from './access-loaders.js';

type Entity = { id: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function byId<T extends Entity>(find: (ids: string[]) => Promise<T[]>) {
  return new DataLoader<string, T | null>(async (ids) => {
    const valid = ids.filter((id) => UUID.test(id));
    const rows = valid.length > 0 ? await find(valid) : [];
    const map = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => map.get(id) ?? null);
  });
}

function groupedBy<T, K extends keyof T>(
  load: (keys: string[]) => Promise<T[]>,
  key: K,
): DataLoader<string, T[]> {
  return new DataLoader<string, T[]>(async (keys) => {
    const rows = await load([...keys]);
    const map = new Map<string, T[]>();
    for (const row of rows) {
      const k = row[key] as unknown as string;
      const list = map.get(k);
      if (list) list.push(row);
      else map.set(k, [row]);
    }
    return keys.map((k) => map.get(k) ?? []);
  });
}

/** Batching loaders for one request: each related object costs one query per page, not one per row. */
export function createLoaders(em: EntityManager, now: Date = new Date()) {
  // The service catalogue is global and small: one query per request serves every service and role lookup,
  // whenever in the request it happens (so a page's statement count does not depend on I/O timing).
  let cataloguePromise: Promise<{ services: IService[]; roles: IServiceRole[] }> | undefined;
  const catalogue = () => {
    cataloguePromise ??= (async () => ({
      services: await em.find(Service, {}, { orderBy: { name: 'asc' } }),
      roles: await em.find(ServiceRole, {}, { orderBy: { name: 'asc', id: 'asc' } }),
    }))();
    return cataloguePromise;
  };
  return {
    ...createAccessLoaders(em),
    person: byId<IPerson>((ids) => em.find(Person, { id: { $in: ids } })),
    organisation: byId<IOrganisation>((ids) => em.find(Organisation, { id: { $in: ids } })),
    unit: byId<IUnit>((ids) => em.find(Unit, { id: { $in: ids } })),
    member: byId<IMember>((ids) => em.find(Member, { id: { $in: ids } })),
    group: byId<IGroup>((ids) => em.find(Group, { id: { $in: ids } })),
    service: byId<IService>(async (ids) => (await catalogue()).services.filter((s) => ids.includes(s.id))),
    serviceRole: byId<IServiceRole>(async (ids) =>
      (await catalogue()).roles.filter((r) => ids.includes(r.id)),
    ),
    agreementByOrganisation: new DataLoader<string, IAgreement | null>(async (ids) => {
      const rows = await em.find(Agreement, { organisation: { $in: [...ids] } });
      const map = new Map(rows.map((row) => [row.organisation, row]));
      return ids.map((id) => map.get(id) ?? null);
    }),
    unitsOfMember: groupedBy<IMemberUnit, 'member'>(
      (ids) => em.find(MemberUnit, { member: { $in: ids } }),
      'member',
    ),
    groupsOfMember: groupedBy<IGroupMembership, 'member'>(
      (ids) => em.find(GroupMembership, { member: { $in: ids } }),
      'member',
    ),
    membersOfPerson: groupedBy<IMember, 'person'>(
      (ids) => em.find(Member, { person: { $in: ids } }),
      'person',
    ),
    rolesOfService: groupedBy<IServiceRole, 'service'>(
      async (ids) => (await catalogue()).roles.filter((r) => ids.includes(r.service)),
      'service',
    ),
    adminRole: byId<IAdminRole>((ids) => em.find(AdminRole, { id: { $in: ids } })),
    adminRolesOfMember: groupedBy<IAdminRole, 'member'>(
      (ids) => em.find(AdminRole, { member: { $in: ids } }, { orderBy: { createdAt: 'asc', id: 'asc' } }),
      'member',
    ),
    /** The ids of an organisation's active principal admin roles (rule 6), one grouped query per request. */
    principalRoleIdsOfOrganisation: new DataLoader<string, string[]>(async (ids) => {
      const map = await activePrincipalRoleIds(
        em,
        ids.filter((id) => UUID.test(id)),
        now,
      );
      return ids.map((id) => map.get(id) ?? []);
    }),
    /** The continuity checks of an organisation (all findings; fields filter what the viewer may see). */
    continuity: new DataLoader<string, OrganisationContinuity | null>(async (ids) => {
      const map = await continuityOfOrganisations(
        em,
        ids.filter((id) => UUID.test(id)),
        now,
      );
      return ids.map((id) => map.get(id) ?? null);
    }),
    agreement: byId<IAgreement>((ids) => em.find(Agreement, { id: { $in: ids } })),
    agreementItem: byId<IAgreementItem>((ids) => em.find(AgreementItem, { id: { $in: ids } })),
    itemsOfAgreement: groupedBy<IAgreementItem, 'agreement'>(
      (ids) =>
        em.find(AgreementItem, { agreement: { $in: ids } }, { orderBy: { createdAt: 'asc', id: 'asc' } }),
      'agreement',
    ),
    childrenOfUnit: groupedBy<IUnit, 'parent'>(
      (ids) => em.find(Unit, { parent: { $in: ids } }, { orderBy: { name: 'asc', id: 'asc' } }),
      'parent',
    ),
    memberCountOfUnit: new DataLoader<string, number>(async (ids) => {
      const counts = await memberCounts(
        em,
        ids.filter((id) => UUID.test(id)),
      );
      return ids.map((id) => counts.get(id) ?? 0);
    }),
    auditEvent: new DataLoader<string, IAuditEvent | null>(async (ids) => {
      const valid = ids.filter((id) => /^\d{1,18}$/.test(id));
      const rows = valid.length > 0 ? await em.find(AuditEvent, { id: { $in: valid } }) : [];
      const map = new Map(rows.map((row) => [String(row.id), row]));
      return ids.map((id) => map.get(id) ?? null);
    }),
    /** The names an audit event shows (its target's, and those of the ids in its data): one statement a page. */
    auditNames: new DataLoader<IAuditEvent, AuditNames, string>((events) => auditNamesOf(em, events), {
      cacheKeyFn: (event) => String(event.id),
    }),
    request: byId<IRequest>((ids) => em.find(Request, { id: { $in: ids } })),
    attachmentRequestsOfMember: groupedBy<IRequest & { subjectMember: string }, 'subjectMember'>(
      (ids) =>
        em.find(
          Request,
          { subjectMember: { $in: ids }, type: 'ATTACHMENT' },
          { orderBy: { createdAt: 'desc', id: 'desc' } },
        ) as Promise<(IRequest & { subjectMember: string })[]>,
      'subjectMember',
    ),
    stepsOfRequest: groupedBy<IRequestStep, 'request'>(
      (ids) => em.find(RequestStep, { request: { $in: ids } }, { orderBy: { id: 'asc' } }),
      'request',
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
