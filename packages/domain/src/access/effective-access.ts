import { type AgreementItem, agreementAllows } from '../agreements/agreement';
import type { AccessLevel, MemberStatus, OrganisationStatus } from '../model';

/** One service of the operator's catalogue with its service role ids (each role id belongs to one service). */
export type CatalogueService = { serviceId: string; accessLevel: AccessLevel; roleIds: readonly string[] };

/** A group the member belongs to, whether the member is blocked in it, and the group's granted role ids. */
export type MemberGroupGrants = { groupId: string; blocked: boolean; roleIds: readonly string[] };

/** Everything effective access depends on, for one member at one instant. */
export type AccessInput = {
  at: Date;
  organisationStatus: OrganisationStatus;
  memberStatus: MemberStatus;
  catalogue: readonly CatalogueService[];
  agreement: readonly AgreementItem[];
  groups: readonly MemberGroupGrants[];
  directRoleIds: readonly string[];
};

/** Why a member holds a service role: the service is free, a group grants it, or it was granted directly. */
export type AccessSource = { kind: 'FREE' } | { kind: 'GROUP'; groupId: string } | { kind: 'DIRECT' };

/** A service role the member may use, with every reason it holds it. */
export type EffectiveRole = { serviceRoleId: string; sources: AccessSource[] };

/** A service the member may use; `free` tells whether it is open to every active member. */
export type EffectiveService = { serviceId: string; free: boolean; roles: EffectiveRole[] };

/** A grant the member holds but cannot use because the agreement no longer (or not yet) allows its role. */
export type SuspendedGrant = { serviceRoleId: string; source: AccessSource };

/** What a member may use, sorted by serviceId then serviceRoleId, and the grants the agreement suspends. */
export type EffectiveAccess = { services: EffectiveService[]; suspended: SuspendedGrant[] };

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Orders sources FREE, then GROUP by groupId, then DIRECT. */
export function compareAccessSources(a: AccessSource, b: AccessSource): number {
  const order = { FREE: 0, GROUP: 1, DIRECT: 2 } as const;
  if (a.kind !== b.kind) return order[a.kind] - order[b.kind];
  return a.kind === 'GROUP' && b.kind === 'GROUP' ? compareText(a.groupId, b.groupId) : 0;
}

function sourceKey(source: AccessSource): string {
  return source.kind === 'GROUP' ? `GROUP:${source.groupId}` : source.kind;
}

/** Tells whether a member in that state, in an organisation in that state, can use anything at all. */
export function accessOpen(organisationStatus: OrganisationStatus, memberStatus: MemberStatus): boolean {
  return organisationStatus === 'ACTIVE' && memberStatus === 'ACTIVE';
}

/**
 * THE effective access of a member (rule 3): free services + grants of the groups it is not blocked in +
 * its direct grants, each grant kept only while the agreement allows its role at `at` (otherwise listed
 * in `suspended`). Empty while the organisation is not ACTIVE or the member is BLOCKED (blocked for all
 * groups) or ARCHIVED. Free services are open to every active member whatever the agreement, and list
 * all their roles with a FREE source. Role ids missing from the catalogue are ignored; if a role id
 * appears in several services, the first one in catalogue order owns it. The output is deterministic.
 */
export function effectiveAccess(input: AccessInput): EffectiveAccess {
  if (!accessOpen(input.organisationStatus, input.memberStatus)) return { services: [], suspended: [] };

  const serviceOfRole = new Map<string, CatalogueService>();
  for (const service of input.catalogue) {
    for (const roleId of service.roleIds) if (!serviceOfRole.has(roleId)) serviceOfRole.set(roleId, service);
  }

  // serviceId -> serviceRoleId -> sourceKey -> source
  const granted = new Map<string, Map<string, Map<string, AccessSource>>>();
  const suspended = new Map<string, SuspendedGrant>();
  const give = (serviceId: string, serviceRoleId: string | null, source: AccessSource | null) => {
    let roles = granted.get(serviceId);
    if (!roles) {
      roles = new Map();
      granted.set(serviceId, roles);
    }
    if (serviceRoleId === null || source === null) return;
    let sources = roles.get(serviceRoleId);
    if (!sources) {
      sources = new Map();
      roles.set(serviceRoleId, sources);
    }
    sources.set(sourceKey(source), source);
  };

  for (const service of input.catalogue) {
    if (service.accessLevel !== 'FREE') continue;
    give(service.serviceId, null, null);
    for (const roleId of service.roleIds) {
      if (serviceOfRole.get(roleId) === service) give(service.serviceId, roleId, { kind: 'FREE' });
    }
  }

  const grant = (serviceRoleId: string, source: AccessSource) => {
    const service = serviceOfRole.get(serviceRoleId);
    if (!service) return;
    if (agreementAllows(input.agreement, serviceRoleId, input.at))
      give(service.serviceId, serviceRoleId, source);
    else suspended.set(`${serviceRoleId}\u0000${sourceKey(source)}`, { serviceRoleId, source });
  };
  for (const group of input.groups) {
    if (group.blocked) continue;
    for (const roleId of group.roleIds) grant(roleId, { kind: 'GROUP', groupId: group.groupId });
  }
  for (const roleId of input.directRoleIds) grant(roleId, { kind: 'DIRECT' });

  const freeServices = new Set(
    input.catalogue.filter((s) => s.accessLevel === 'FREE').map((s) => s.serviceId),
  );
  const services: EffectiveService[] = [...granted.entries()]
    .map(([serviceId, roles]) => ({
      serviceId,
      free: freeServices.has(serviceId),
      roles: [...roles.entries()]
        .map(([serviceRoleId, sources]) => ({
          serviceRoleId,
          sources: [...sources.values()].sort(compareAccessSources),
        }))
        .sort((a, b) => compareText(a.serviceRoleId, b.serviceRoleId)),
    }))
    .sort((a, b) => compareText(a.serviceId, b.serviceId));

  return {
    services,
    suspended: [...suspended.values()].sort(
      (a, b) => compareText(a.serviceRoleId, b.serviceRoleId) || compareAccessSources(a.source, b.source),
    ),
  };
}

/** Tells whether effective access includes a service role. */
export function hasServiceRole(access: EffectiveAccess, serviceRoleId: string): boolean {
  return access.services.some((service) =>
    service.roles.some((role) => role.serviceRoleId === serviceRoleId),
  );
}

/** Tells whether effective access includes a service (free, or through at least one role). */
export function hasService(access: EffectiveAccess, serviceId: string): boolean {
  return access.services.some((service) => service.serviceId === serviceId);
}
