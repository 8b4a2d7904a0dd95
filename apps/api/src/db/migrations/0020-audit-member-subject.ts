import { Migration } from '@mikro-orm/migrations';

/**
 * The audit log's member filter also finds events that name the member only in their data: an admin role named
 * or removed (its snapshot carries `memberId`, and the role row itself is gone after removal), memberships added
 * in bulk (`memberIds`). Containment (`@>`) on each side reads these GIN indexes.
 */
export class Migration0020AuditMemberSubject extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
create index audit_event_after_path_index on audit_event using gin (after jsonb_path_ops);
create index audit_event_before_path_index on audit_event using gin (before jsonb_path_ops);
`);
  }
}
