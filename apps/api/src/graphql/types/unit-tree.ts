import { builder } from '../builder.js';
import { UnitRef } from '../refs.js';

// Unit is declared in member.ts (with its scope: the operator or a member acting for its organisation); the
// tree fields live here.
builder.objectFields(UnitRef, (t) => ({
  children: t.field({
    type: [UnitRef],
    description: 'The sub-units, by name.',
    resolve: (unit, _args, ctx) => ctx.loaders.childrenOfUnit.load(unit.id),
  }),
  memberCount: t.int({
    description: 'Members attached to this unit itself (archived members left out).',
    resolve: (unit, _args, ctx) => ctx.loaders.memberCountOfUnit.load(unit.id),
  }),
}));
