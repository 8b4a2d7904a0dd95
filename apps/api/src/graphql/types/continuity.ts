import {
  can,
  countFindings,
  FINDING_KIND_VALUES,
  type Finding,
  type FindingKind,
  findingsCreatedByRemoving,
  type MemberStatus,
  membersByStatus,
  organisationScope,
  referentShortage,
  type ScopeRef,
  unitScope,
  visibleFindings,
} from '@tessera/domain';
import type { RequestContext } from '../../context.js';
import { InvalidInputError } from '../../errors.js';
import { type KeyValue, keysetPage } from '../../lib/keyset.js';
import { builder } from '../builder.js';
import { AdminRoleRef, GroupRef, MemberRef, OrganisationRef, ServiceRoleRef, UnitRef } from '../refs.js';
import { MemberStatusEnum } from './member.js';

export const FindingKindEnum = builder.enumType('FindingKind', {
  values: FINDING_KIND_VALUES,
  description:
    'A continuity check (guide 003): FEWER_THAN_TWO_REFERENTS (organisation or unit), INACTIVE_ACCOUNT, ATTACHED_NOWHERE, ROLE_HELD_BY_INACTIVE_MEMBER (archived or blocked), DELEGATION_EXPIRED, GRANT_SUSPENDED (by the agreement), NO_PRINCIPAL_ADMIN.',
});
export const ReferentShortageEnum = builder.enumType('ReferentShortage', {
  values: ['NONE', 'ONE'] as const,
  description: 'How short of the two referents a scope needs: none at all, or only one.',
});

type FindingShape = Finding & { organisationId: string };
type ContinuityShape = {
  organisationId: string;
  inactiveAfterDays: number;
  findings: FindingShape[];
  membersByStatus: { status: MemberStatus; count: number }[];
  viewerCanSetThreshold: boolean;
};

/** The findings of an organisation the viewer may see: where it may read members (a unit admin: its units). */
async function visibleContinuity(
  ctx: RequestContext,
  organisationId: string,
): Promise<ContinuityShape | null> {
  const actor = await ctx.actor();
  const continuity = await ctx.loaders.continuity.load(organisationId);
  if (!actor || !continuity) return null;
  const topology = await ctx.topology(organisationId);
  return {
    organisationId,
    inactiveAfterDays: continuity.input.inactiveAfterDays,
    findings: visibleFindings(actor, continuity.findings, topology, ctx.now).map((finding) => ({
      ...finding,
      organisationId,
    })),
    membersByStatus: membersByStatus(actor, continuity.input, topology, ctx.now),
    // The setInactivityThreshold check (review:read on the whole organisation), on the request's actor.
    viewerCanSetThreshold: can(actor, 'review:read', organisationScope(organisationId), topology, ctx.now),
  };
}

const FindingRef = builder.objectRef<FindingShape>('ContinuityFinding');
FindingRef.implement({
  description:
    'One standing problem of the continuity checks; what it is about is in the field of its kind (member, unit, adminRole, group, serviceRole).',
  // Only handed out by Organisation.continuity, already filtered to what the viewer may read.
  authScopes: (finding) => ({ organisation: finding.organisationId }),
  fields: (t) => ({
    kind: t.field({ type: FindingKindEnum, resolve: (finding) => finding.kind }),
    key: t.exposeString('key', { description: 'Names the finding; the same while the problem stands.' }),
    referentCount: t.int({
      nullable: true,
      description: 'FEWER_THAN_TWO_REFERENTS: how many referents the scope has (0 or 1).',
      resolve: (finding) => finding.referentCount ?? null,
    }),
    organisationWide: t.boolean({
      description:
        'FEWER_THAN_TWO_REFERENTS: whether it is about the organisation itself rather than a unit.',
      resolve: (finding) => finding.scope?.kind === 'ORGANISATION',
    }),
    unit: t.field({
      type: UnitRef,
      nullable: true,
      description: 'FEWER_THAN_TWO_REFERENTS on a unit: the unit.',
      resolve: (finding, _args, ctx) =>
        finding.scope?.kind === 'UNIT' ? ctx.loaders.unit.load(finding.scope.unitId) : null,
    }),
    member: t.field({
      type: MemberRef,
      nullable: true,
      description:
        'The member concerned (inactive, attached nowhere, holding a role, holding a suspended grant).',
      resolve: (finding, _args, ctx) => (finding.memberId ? ctx.loaders.member.load(finding.memberId) : null),
    }),
    adminRole: t.field({
      type: AdminRoleRef,
      nullable: true,
      description: 'ROLE_HELD_BY_INACTIVE_MEMBER, DELEGATION_EXPIRED: the role.',
      resolve: (finding, _args, ctx) =>
        finding.adminRoleId ? ctx.loaders.adminRole.load(finding.adminRoleId) : null,
    }),
    group: t.field({
      type: GroupRef,
      nullable: true,
      description: 'GRANT_SUSPENDED on a group: the group.',
      resolve: (finding, _args, ctx) => (finding.groupId ? ctx.loaders.group.load(finding.groupId) : null),
    }),
    serviceRole: t.field({
      type: ServiceRoleRef,
      nullable: true,
      description: 'GRANT_SUSPENDED: the service role the agreement does not allow.',
      resolve: (finding, _args, ctx) =>
        finding.serviceRoleId ? ctx.loaders.serviceRole.load(finding.serviceRoleId) : null,
    }),
  }),
});

const FindingCountRef = builder.objectRef<{ organisationId: string; kind: FindingKind; count: number }>(
  'FindingCount',
);
FindingCountRef.implement({
  authScopes: (count) => ({ organisation: count.organisationId }),
  fields: (t) => ({
    kind: t.field({ type: FindingKindEnum, resolve: (count) => count.kind }),
    count: t.exposeInt('count'),
  }),
});

export const MemberStatusCountRef = builder.objectRef<{
  organisationId: string;
  status: MemberStatus;
  count: number;
}>('MemberStatusCount');
MemberStatusCountRef.implement({
  authScopes: (count) => ({ organisation: count.organisationId }),
  fields: (t) => ({
    status: t.field({ type: MemberStatusEnum, resolve: (count) => count.status }),
    count: t.exposeInt('count'),
  }),
});

const ContinuityRef = builder.objectRef<ContinuityShape>('Continuity');
ContinuityRef.implement({
  description: 'The continuity checks of an organisation, as far as the viewer may read its members.',
  authScopes: (continuity) => ({ organisation: continuity.organisationId }),
  fields: (t) => ({
    inactiveAfterDays: t.exposeInt('inactiveAfterDays', {
      description: 'Days without a sign-in after which an account counts as no longer used.',
    }),
    total: t.int({ resolve: (continuity) => continuity.findings.length }),
    viewerCanSetThreshold: t.boolean({
      description: 'Whether the viewer may change the threshold (setInactivityThreshold).',
      resolve: (continuity) => continuity.viewerCanSetThreshold,
    }),
    counts: t.field({
      type: [FindingCountRef],
      description: 'How many findings of each kind (every kind, zero included).',
      resolve: (continuity) =>
        countFindings(continuity.findings).map((count) => ({
          ...count,
          organisationId: continuity.organisationId,
        })),
    }),
    membersByStatus: t.field({
      type: [MemberStatusCountRef],
      description: 'How many members of each status the viewer may read.',
      deprecationReason: 'Use Organisation.figures.membersByStatus (one grouped statement).',
      resolve: (continuity) =>
        continuity.membersByStatus.map((count) => ({ ...count, organisationId: continuity.organisationId })),
    }),
    findings: t.connection(
      {
        type: FindingRef,
        description: 'The findings, by kind then key; `kind` keeps one kind.',
        args: { kind: t.arg({ type: FindingKindEnum, required: false }) },
        resolve: (continuity, args) => {
          const order = (finding: Finding): KeyValue[] => [
            FINDING_KIND_VALUES.indexOf(finding.kind),
            finding.key,
          ];
          const sorted = continuity.findings
            .filter((finding) => !args.kind || finding.kind === args.kind)
            .sort((a, b) => compareKeys(order(a), order(b)));
          return keysetPage(args, order, 2, async (after, limit) => {
            if (after && (typeof after[0] !== 'number' || typeof after[1] !== 'string'))
              throw new InvalidInputError('after', 'This cursor is not valid for this list.');
            return sorted
              .filter((finding) => !after || compareKeys(order(finding), after) > 0)
              .slice(0, limit);
          });
        },
      },
      { name: 'ContinuityFindingConnection' },
      { name: 'ContinuityFindingEdge' },
    ),
  }),
});

function compareKeys(a: readonly KeyValue[], b: readonly KeyValue[]): number {
  for (let index = 0; index < a.length; index++) {
    const x = a[index]!;
    const y = b[index]!;
    if (x === y) continue;
    return (x as number | string) < (y as number | string) ? -1 : 1;
  }
  return 0;
}

builder.objectField(OrganisationRef, 'continuity', (t) =>
  t.field({
    type: ContinuityRef,
    nullable: true,
    description:
      'The continuity checks (guide 003): for its administrators who may read members, the findings within their reach.',
    authScopes: (organisation) => ({
      canSomewhereIn: { action: 'member:read', organisationId: organisation.id },
    }),
    resolve: (organisation, _args, ctx) => visibleContinuity(ctx, organisation.id),
  }),
);

async function shortageOf(ctx: RequestContext, scope: ScopeRef) {
  const continuity = await ctx.loaders.continuity.load(scope.organisationId);
  return continuity ? referentShortage(continuity.findings, scope) : null;
}

builder.objectField(OrganisationRef, 'referentShortage', (t) =>
  t.field({
    type: ReferentShortageEnum,
    nullable: true,
    description:
      'NONE or ONE when the organisation has fewer than two referents at its own level; null when it has two, or the viewer may not read its members.',
    authScopes: (organisation) => ({
      can: { action: 'member:read', scope: organisationScope(organisation.id) },
    }),
    unauthorizedResolver: () => null,
    resolve: (organisation, _args, ctx) => shortageOf(ctx, organisationScope(organisation.id)),
  }),
);

builder.objectField(UnitRef, 'referentShortage', (t) =>
  t.field({
    type: ReferentShortageEnum,
    nullable: true,
    description:
      'NONE or ONE when the unit (establishment) has fewer than two referents; null when it has two, or the viewer may not read its members.',
    authScopes: (unit) => ({ can: { action: 'member:read', scope: unitScope(unit.organisation, unit.id) } }),
    unauthorizedResolver: () => null,
    resolve: (unit, _args, ctx) => shortageOf(ctx, unitScope(unit.organisation, unit.id)),
  }),
);

builder.objectField(AdminRoleRef, 'removalCreatesFindings', (t) =>
  t.field({
    type: [FindingRef],
    description:
      'What removing this role would leave flagged (the warning before removeAdministrator): a scope left with one referent or none, no principal admin.',
    resolve: async (role, _args, ctx) => {
      const continuity = await ctx.loaders.continuity.load(role.organisation);
      if (!continuity) return [];
      return findingsCreatedByRemoving(continuity.input, role.id).map((finding) => ({
        ...finding,
        organisationId: role.organisation,
      }));
    },
  }),
);
