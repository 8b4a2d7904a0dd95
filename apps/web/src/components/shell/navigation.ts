import {
  IconAlertTriangle,
  IconApps,
  IconBooks,
  IconBuildingCommunity,
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
}

const dashboard: NavItem = { to: '/', label: 'nav.dashboard', icon: IconLayoutDashboard };
const auditLog: NavItem = {
  to: '/audit-log',
  label: 'nav.auditLog',
  shortcut: 'shortcuts.auditLog',
  icon: IconHistory,
};

const myRequests: NavItem = { to: '/my-requests', label: 'nav.myRequests', icon: IconClipboardList };
const requestService: NavItem = { to: '/request-service', label: 'nav.requestService', icon: IconSend };
const join: NavItem = { to: '/join', label: 'nav.join', icon: IconUserPlus };

const organisationItems: NavItem[] = [
  dashboard,
  { to: '/members', label: 'nav.members', shortcut: 'shortcuts.members', icon: IconUsers },
  { to: '/groups', label: 'nav.groups', shortcut: 'shortcuts.groups', icon: IconUsersGroup },
  { to: '/services', label: 'nav.services', icon: IconApps },
  { to: '/requests', label: 'nav.requests', shortcut: 'shortcuts.requests', icon: IconInbox },
  {
    to: '/administrators',
    label: 'nav.administrators',
    shortcut: 'shortcuts.administrators',
    icon: IconShieldCheck,
  },
  { to: '/units', label: 'nav.units', icon: IconSitemap },
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

/** The screens offered in the acting context: an organisation's administration, or the operator's. */
export function navItemsFor(acting: ViewerData['acting']): NavItem[] {
  if (!acting) return [dashboard, myRequests, join];
  return acting.kind === 'OPERATOR' ? operatorItems : organisationItems;
}
