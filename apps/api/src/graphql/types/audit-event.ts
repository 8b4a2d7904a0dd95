import { globalId } from '../../lib/ids.js';
import type { AuditDetail } from '../../modules/audit/audit-names.js';
import { builder } from '../builder.js';
import { AuditEventRef, OrganisationRef, PersonRef } from '../refs.js';

export const ActingAsEnum = builder.enumType('ActingAs', {
  description:
    'In which capacity the actor acted: an operator crossing into an organisation is recorded as such (rule 2).',
  values: ['OPERATOR', 'MEMBER', 'SELF', 'SYSTEM'] as const,
});

const AuditValueKindEnum = builder.enumType('AuditValueKind', {
  description: 'NAME: the values are names (ids resolved); VALUE: the values as recorded.',
  values: ['NAME', 'VALUE'] as const,
});

type AuditDetailShape = AuditDetail & { organisationId: string | null };

const AuditDetailRef = builder.objectRef<AuditDetailShape>('AuditDetail');
builder.objectType(AuditDetailRef, {
  description:
    'One field of an audit event, before and after, ids replaced by names of the event’s organisation (null where the record was deleted or is not the reader’s to know).',
  authScopes: (detail) =>
    detail.organisationId
      ? {
          can: {
            action: 'audit:read',
            scope: { kind: 'ORGANISATION', organisationId: detail.organisationId },
          },
        }
      : { operator: true },
  fields: (t) => ({
    field: t.exposeString('field', { description: 'The field’s name, e.g. name, groupId, filter.unitId.' }),
    kind: t.field({ type: AuditValueKindEnum, resolve: (detail) => detail.kind }),
    before: t.stringList({
      nullable: { list: true, items: true },
      description: 'Its values before (null: the field was not recorded before).',
      resolve: (detail) => detail.before,
    }),
    after: t.stringList({
      nullable: { list: true, items: true },
      description: 'Its values after (null: the field was not recorded after).',
      resolve: (detail) => detail.after,
    }),
  }),
});

const json = (value: Record<string, unknown> | null | undefined) =>
  value == null ? null : JSON.stringify(value);

builder.node(AuditEventRef, {
  description: 'An append-only record of who did what, for which organisation, when, with before and after.',
  authScopes: (event) =>
    event.organisation
      ? { can: { action: 'audit:read', scope: { kind: 'ORGANISATION', organisationId: event.organisation } } }
      : { operator: true },
  id: { resolve: (event) => String(event.id) },
  loadMany: (ids, ctx) => Promise.all(ids.map((id) => ctx.loaders.auditEvent.load(id))),
  fields: (t) => ({
    at: t.field({ type: 'DateTime', resolve: (event) => event.at }),
    actingAs: t.field({ type: ActingAsEnum, resolve: (event) => event.actingAs }),
    action: t.exposeString('action', { description: 'What happened, e.g. admin-role.named, unit.moved.' }),
    targetType: t.exposeString('targetType'),
    targetId: t.id({
      nullable: true,
      description: 'The global id of what was acted on.',
      resolve: (event) => (event.targetId ? globalId(event.targetType, event.targetId) : null),
    }),
    before: t.string({
      nullable: true,
      description: 'The state before, as JSON.',
      resolve: (e) => json(e.before),
    }),
    after: t.string({
      nullable: true,
      description: 'The state after, as JSON.',
      resolve: (e) => json(e.after),
    }),
    targetName: t.string({
      nullable: true,
      description:
        'The name of what was acted on, only from the event’s own organisation (rule 2); the name the event kept when it was deleted; null when unknown.',
      resolve: async (event, _args, ctx) => (await ctx.loaders.auditNames.load(event)).targetName,
    }),
    details: t.field({
      type: [AuditDetailRef],
      description: 'The fields of before and after, ids replaced by names.',
      resolve: async (event, _args, ctx) =>
        (await ctx.loaders.auditNames.load(event)).details.map((detail) => ({
          ...detail,
          organisationId: event.organisation ?? null,
        })),
    }),
    organisation: t.field({
      type: OrganisationRef,
      nullable: true,
      resolve: (event, _args, ctx) =>
        event.organisation ? ctx.loaders.organisation.load(event.organisation) : null,
    }),
    actor: t.field({
      type: PersonRef,
      nullable: true,
      description: 'Who acted, when the reader may see that person; `actorName` always says who.',
      resolve: (event, _args, ctx) => (event.actorPerson ? ctx.loaders.person.load(event.actorPerson) : null),
    }),
    actorName: t.string({
      nullable: true,
      description: 'The name of who acted (null for the system).',
      resolve: async (event, _args, ctx) => {
        if (!event.actorPerson) return null;
        const person = await ctx.loaders.person.load(event.actorPerson);
        return person ? `${person.firstName} ${person.lastName}` : null;
      },
    }),
    onBehalfOfName: t.string({
      nullable: true,
      description:
        'When the actor acted under a delegation: the name of the delegator (a member of the event’s organisation).',
      resolve: async (event, _args, ctx) => {
        if (!event.onBehalfOf) return null;
        const member = await ctx.loaders.member.load(event.onBehalfOf);
        if (!member || member.organisation !== event.organisation) return null;
        const person = await ctx.loaders.person.load(member.person);
        return person ? `${person.firstName} ${person.lastName}` : null;
      },
    }),
  }),
});
