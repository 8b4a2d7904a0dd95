import { Migration } from '@mikro-orm/migrations';

/**
 * Indexes for the operator's and administrators' lists (issue 3): organisations paged by name and searched by
 * any part of their name (trigram) or the start of their registry number; the catalogue by name; units and
 * administrators of one organisation; the audit log newest first, across organisations or within one.
 */
export class Migration0002OrganisationsAdminsAudit extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
create extension if not exists pg_trgm;
create index organisation_name_id_index on organisation (name, id);
create index organisation_status_name_id_index on organisation (status, name, id);
create index organisation_name_trgm_index on organisation using gin (lower(name) gin_trgm_ops);
create index organisation_registry_number_prefix_index on organisation (registry_number text_pattern_ops);
create index service_name_id_index on service (name, id);
create index unit_organisation_id_name_id_index on unit (organisation_id, name, id);
create index admin_role_organisation_id_created_at_id_index on admin_role (organisation_id, created_at, id);
create index audit_event_at_id_index on audit_event (at, id);
create index audit_event_organisation_at_id_index on audit_event (organisation, at, id);
`);
  }
}
