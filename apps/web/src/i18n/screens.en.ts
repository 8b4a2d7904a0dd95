import type { screensFr } from './screens.fr';

/** The guide screens of issue 15 (direct grants, block in a group, create in a group, forced password change). */
export const screensEn: typeof screensFr = {
  directGrants: {
    title: 'Roles given directly',
    help: 'Service roles given to this member outside its groups, within the agreement.',
    none: 'No role given directly.',
    open: 'Give a role',
    dialogTitle: 'Give a role to {name}',
    dialogHelp: 'Only the roles the agreement allows and that you may give are offered.',
    role: 'Service and role',
    rolePlaceholder: 'Choose a role',
    nothingToGive: 'No other role of the agreement can be given to this member.',
    submit: 'Give',
    granted: 'Role “{role}” given to {name}.',
    revoke: 'Take back',
    revokeNamed: 'Take back the role “{role}”',
    revokeTitle: 'Take this role back?',
    revokeBody: '{name} will lose the role “{role}” given directly. Roles from its groups stay.',
    revokeConfirm: 'Take the role back',
    revoked: 'Role “{role}” taken back.',
    suspended: 'Suspended by the agreement',
    cancel: 'Cancel',
  },
  groupMemberActions: {
    menu: 'Actions for {name}',
    block: 'Block in this group',
    unblock: 'Unblock in this group',
    remove: 'Remove from the group',
    blockTitle: 'Block in this group?',
    blockBody:
      '{name} will no longer get the services of the group “{group}”. Its other groups and direct roles do not change.',
    unblockTitle: 'Unblock in this group?',
    unblockBody: '{name} will get the services of the group “{group}” again.',
    removeTitle: 'Remove from the group?',
    removeBody:
      '{name} will leave the group “{group}” and lose its services. It stays a member of the organisation.',
    blocked: '{name} is blocked in this group.',
    unblocked: '{name} is unblocked in this group.',
    cancel: 'Cancel',
  },
  createInGroup: {
    open: 'Create a member in this group',
    servicesTitle: 'Services the member will get',
    servicesHelp: 'Through the chosen groups, besides the free services.',
    noServices: 'The chosen groups give no protected service.',
    fromGroup: 'through “{group}”',
  },
  forcePassword: {
    open: 'Force a password change',
    title: 'Force a password change?',
    body: '{name} will have to choose a new password at the next sign-in. Its open sessions end now.',
    confirm: 'Force the change',
    done: '{name} will have to change the password at the next sign-in.',
    cancel: 'Cancel',
  },
};
