/**
 * Everything an admin can be allowed to do, as `'resource:verb'` literals (the GraphQL Hive style).
 * `member:help` covers helping a locked-out person: welcome e-mail, reset e-mail, backup e-mail (health-portal guide).
 */
export const ACTIONS = [
  'organisation:read',
  'organisation:activate',
  'unit:read',
  'unit:manage',
  'member:read',
  'member:create',
  'member:attach',
  'member:block',
  'member:archive',
  'member:remove',
  'member:export',
  'member:help',
  'group:read',
  'group:manage',
  'grant:manage',
  'admin:read',
  'admin:name',
  'audit:read',
  'request:read',
  'request:decide',
  'review:read',
] as const;

export type Action = (typeof ACTIONS)[number];

const ACTION_SET: ReadonlySet<string> = new Set(ACTIONS);

/** Tells whether a string is one of the known actions. */
export function isAction(value: string): value is Action {
  return ACTION_SET.has(value);
}

/** The resource part of an action, e.g. 'member' for 'member:block'. */
export function actionResource(action: Action): string {
  return action.slice(0, action.indexOf(':'));
}
