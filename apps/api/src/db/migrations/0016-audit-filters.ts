import { Migration } from '@mikro-orm/migrations';

/**
 * The audit log's filters (issue 18): within one organisation, by person (what it did, or what was done to it)
 * and by family of actions (the code's word before the dot), newest first. Each reads one index in key order.
 */
export class Migration0016AuditFilters extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
create index audit_event_organisation_actor_person_at_id_index on audit_event (organisation, actor_person, at, id);
create index audit_event_organisation_target_id_at_id_index on audit_event (organisation, target_id, at, id);
create index audit_event_organisation_family_at_id_index on audit_event (organisation, split_part(action, '.', 1), at, id);
`);
  }
}
