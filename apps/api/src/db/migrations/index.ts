import { Migration0001Initial } from './0001-initial.js';
import { Migration0002OrganisationsAdminsAudit } from './0002-organisations-admins-audit.js';
import { Migration0003MembersAccounts } from './0003-members-accounts.js';
import { Migration0004GroupsGrants } from './0004-groups-grants.js';
import { Migration0005RequestsNotifications } from './0005-requests-notifications.js';
import { Migration0006IdentityConsent } from './0006-identity-consent.js';
import { Migration0007Versions } from './0007-versions.js';
import { Migration0008IdentitySeal } from './0008-identity-seal.js';
import { Migration0009SchemaDrift } from './0009-schema-drift.js';
import { Migration0012MemberWordSearch } from './0012-member-word-search.js';
import { Migration0013TopologyVersion } from './0013-topology-version.js';
import { Migration0014Continuity } from './0014-continuity.js';
import { Migration0015MemberLastSignIn } from './0015-member-last-sign-in.js';
import { Migration0016AuditFilters } from './0016-audit-filters.js';
import { Migration0017CatalogueVersion } from './0017-catalogue-version.js';
import { Migration0019Delegations } from './0019-delegations.js';

export const migrationsList = [
  { name: '0001-initial', class: Migration0001Initial },
  { name: '0002-organisations-admins-audit', class: Migration0002OrganisationsAdminsAudit },
  { name: '0003-members-accounts', class: Migration0003MembersAccounts },
  { name: '0004-groups-grants', class: Migration0004GroupsGrants },
  { name: '0005-requests-notifications', class: Migration0005RequestsNotifications },
  { name: '0006-identity-consent', class: Migration0006IdentityConsent },
  { name: '0007-versions', class: Migration0007Versions },
  { name: '0008-identity-seal', class: Migration0008IdentitySeal },
  { name: '0009-schema-drift', class: Migration0009SchemaDrift },
  { name: '0012-member-word-search', class: Migration0012MemberWordSearch },
  { name: '0013-topology-version', class: Migration0013TopologyVersion },
  { name: '0014-continuity', class: Migration0014Continuity },
  { name: '0015-member-last-sign-in', class: Migration0015MemberLastSignIn },
  { name: '0016-audit-filters', class: Migration0016AuditFilters },
  { name: '0017-catalogue-version', class: Migration0017CatalogueVersion },
  { name: '0019-delegations', class: Migration0019Delegations },
];
