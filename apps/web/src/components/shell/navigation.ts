import {
  IconAlertTriangle,
  IconApps,
  IconBooks,
  IconBuildingCommunity,
  IconChecklist,
  IconClipboardList,
  IconHistory,
  IconInbox,
  IconLayoutDashboard,
  IconSend,
  IconShieldCheck,
  IconSitemap,
  IconUserPlus,
  IconUsers,
  IconUsersGroup,
} from '@tabler/icons-react';
import type { ViewerData } from '../../auth/viewer';
import type { fr } from '../../i18n/fr';

/** A domain action as the API names it (MEMBER_READ…). */
export type Action = NonNullable<ViewerData['acting']>['may'][number];

export interface NavItem {
  to:
    | '/'
    | '/members'
    | '/groups'
    | '/services'
    | '/requests'
    | '/administrators'
    | '/units'
    | '/audit-log'
    | '/reviews'
    | '/jobs'
    | '/organisations'
    | '/catalogue'
    | '/my-requests'
    | '/request-service'
    | '/join';
  label: `nav.${keyof typeof fr.nav}`;
  /** One-line summary shown on dashboard shortcuts, when the item deserves one. */
  shortcut?: `shortcuts.${keyof typeof fr.shortcuts}`;
  icon: typeof IconUsers;
  /** The action the server must say the viewer may perform somewhere here (`ActingContext.may`) to offer it. */
  requires?: Action;
  /** Its detail pages are everyone's too (a request's page is also its requester's): only the list is withheld. */
  openDetails?: boolean;
}

const dashboard: NavItem = { to: '/', label: 'nav.dashboard', icon: IconLayoutDashboard };
const auditLog: NavItem = {
  to: '/audit-log',
  label: 'nav.auditLog',
  shortcut: 'shortcuts.auditLog',
  icon: IconHistory,
  requires: 'AUDIT_READ',
};

const myRequests: NavItem = { to: '/my-requests', label: 'nav.myRequests', icon: IconClipboardList };
const requestService: NavItem = { to: '/request-service', label: 'nav.requestService', icon: IconSend };
const join: NavItem = { to: '/join', label: 'nav.join', icon: IconUserPlus };

const organisationItems: NavItem[] = [
  dashboard,
  {
    to: '/members',
    label: 'nav.members',
    shortcut: 'shortcuts.members',
    icon: IconUsers,
    requires: 'MEMBER_READ',
  },
  {
    to: '/groups',
    label: 'nav.groups',
    shortcut: 'shortcuts.groups',
    icon: IconUsersGroup,
    requires: 'GROUP_READ',
  },
  { to: '/services', label: 'nav.services', icon: IconApps, requires: 'MEMBER_READ' },
  {
    to: '/requests',
    label: 'nav.requests',
    shortcut: 'shortcuts.requests',
    icon: IconInbox,
    requires: 'REQUEST_READ',
    openDetails: true,
  },
  {
    to: '/administrators',
    label: 'nav.administrators',
    shortcut: 'shortcuts.administrators',
    icon: IconShieldCheck,
    requires: 'ADMIN_READ',
  },
  { to: '/units', label: 'nav.units', icon: IconSitemap, requires: 'UNIT_READ' },
  // Reviewers who administer nothing reach their items from the reminder (the campaign's page is open to them).
  { to: '/reviews', label: 'nav.reviews', icon: IconChecklist, requires: 'REVIEW_READ', openDetails: true },
  auditLog,
  myRequests,
  requestService,
];

const operatorItems: NavItem[] = [
  dashboard,
  {
    to: '/organisations',
    label: 'nav.organisations',
    shortcut: 'shortcuts.organisations',
    icon: IconBuildingCommunity,
  },
  { to: '/catalogue', label: 'nav.catalogue', shortcut: 'shortcuts.catalogue', icon: IconBooks },
  auditLog,
  { to: '/jobs', label: 'nav.jobs', shortcut: 'shortcuts.jobs', icon: IconAlertTriangle },
];

/**
 * The screens offered in the acting context: an organisation's administration, or the operator's, each only
 * when the server says the viewer may do what it is for (a member without an admin role keeps its dashboard,
 * its requests and the request form).
 */
export function navItemsFor(acting: ViewerData['acting']): NavItem[] {
  if (!acting) return [dashboard, myRequests, join];
  const items = acting.kind === 'OPERATOR' ? operatorItems : organisationItems;
  const may = new Set(acting.may);
  return items.filter((item) => !item.requires || may.has(item.requires));
}

/**
 * The navigation item a path belongs to, when the viewer is NOT offered it: `/members/…` under `/members`.
 * Null when the path is offered or belongs to no guarded item.
 */
export function withheldItemFor(acting: ViewerData['acting'], pathname: string): NavItem | null {
  if (!acting) return null;
  const all = acting.kind === 'OPERATOR' ? operatorItems : organisationItems;
  const offered = new Set(navItemsFor(acting).map((item) => item.to));
  const owner = all.find(
    (item) =>
      item.to !== '/' && (pathname === item.to || (!item.openDetails && pathname.startsWith(`${item.to}/`))),
  );
  return owner && !offered.has(owner.to) ? owner : null;
}
