import { Migration } from '@mikro-orm/migrations';

/**
 * Concurrent writers (issue 10): every editable object carries a version that the client sends back, so a
 * stale write is refused instead of overwriting a change it never saw; one member holds one admin role once
 * per scope, so two namings racing each other end in a typed conflict rather than a duplicate.
 */
export class Migration0007Versions extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
alter table organisation add column version int not null default 1;
alter table unit add column version int not null default 1;
alter table member_group add column version int not null default 1;
alter table agreement add column version int not null default 1;
alter table member add column version int not null default 1;
create unique index admin_role_member_kind_scope_unique on admin_role
  (member_id, kind, coalesce(unit_id, '00000000-0000-0000-0000-000000000000'::uuid),
   coalesce(group_id, '00000000-0000-0000-0000-000000000000'::uuid));
`);
  }
}
