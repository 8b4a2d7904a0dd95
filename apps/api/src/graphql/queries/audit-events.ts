import { decodeGlobalID } from '@pothos/plugin-relay';
import { InvalidInputError } from '../../errors.js';
import { parseOptionalId } from '../../lib/ids.js';
import { listAuditEvents } from '../../modules/audit/audit.service.js';
import { scopeId } from '../authz.js';
import { builder } from '../builder.js';
import { AuditEventRef } from '../refs.js';

/** The raw id of any global id (audit targets are of many types). */
function anyTargetId(value: string | null | undefined): string | null {
  if (value == null) return null;
  try {
    return decodeGlobalID(value).id;
  } catch {
    throw new InvalidInputError('targetId', 'targetId is not a valid id.');
  }
}

builder.queryField('auditEvents', (t) =>
  t.connection({
    type: AuditEventRef,
    description:
      'The audit log, newest first: of one organisation for its readers (audit:read), or of every organisation for the operator.',
    authScopes: (_root, args) =>
      args.organisationId
        ? {
            can: {
              action: 'audit:read',
              scope: { kind: 'ORGANISATION', organisationId: scopeId(args.organisationId, 'Organisation') },
            },
          }
        : { operator: true },
    args: {
      organisationId: t.arg.id({ required: false }),
      actorId: t.arg.id({ required: false, description: 'A Person id: what this person did.' }),
      targetId: t.arg.id({ required: false, description: 'Any global id: what was done to it.' }),
      action: t.arg.string({ required: false, description: 'One action code, e.g. unit.renamed.' }),
      family: t.arg.string({
        required: false,
        description: 'A family of actions, the code’s word before the dot: member, group, unit, admin-role…',
      }),
      memberId: t.arg.id({
        required: false,
        description:
          'A Member id of the listed organisation: what its person did or what was done to it (another organisation’s member matches nothing).',
      }),
      from: t.arg({ type: 'DateTime', required: false }),
      to: t.arg({ type: 'DateTime', required: false }),
    },
    resolve: (_root, args, ctx) =>
      listAuditEvents(
        ctx.em,
        {
          organisationId: parseOptionalId(args.organisationId, 'Organisation', 'organisationId'),
          actorPersonId: parseOptionalId(args.actorId, 'Person', 'actorId'),
          targetId: anyTargetId(args.targetId),
          action: args.action,
          family: args.family,
          memberId: parseOptionalId(args.memberId, 'Member', 'memberId'),
          from: args.from,
          to: args.to,
        },
        args,
      ),
  }),
);
