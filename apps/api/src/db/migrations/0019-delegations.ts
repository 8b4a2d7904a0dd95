import { Migration } from '@mikro-orm/migrations';

/**
 * Delegations for a period (issue 15, guide 004): a delegator hands one of its admin roles, whole or on one unit or
 * group of it, to another member of its organisation from a start to an end, with a reason. The state is read at
 * each check; `started_notified_at` / `ended_notified_at` are the row-state guards of the start and end notices
 * (`delegations.transitions`: `update … where … is null returning`, so exactly once whatever the instances).
 * Database-only: `delegation_period` (ends after it starts), `delegation_scope` (a unit or a group, not both) and
 * the trigger `delegation_topology_version` (a delegation created or revoked bumps the organisation's
 * authorisation version, as admin roles do in 0013). `audit_event.on_behalf_of`: the delegator member when an action
 * was taken under a delegation (no foreign key: the audit outlives members).
 */
export class Migration0019Delegations extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
create table "delegation" ("id" uuid not null, "created_at" timestamptz not null, "organisation_id" uuid not null,
  "delegator_id" uuid not null, "delegate_id" uuid not null,
  "role_kind" text check ("role_kind" in ('PRINCIPAL_ADMIN', 'CO_ADMIN', 'REFERENT', 'SUBSTITUTE_REFERENT', 'UNIT_ADMIN', 'GROUP_MANAGER')) not null,
  "unit_id" uuid null, "group_id" uuid null, "starts_at" timestamptz not null, "ends_at" timestamptz not null,
  "reason" text not null, "created_by_id" uuid null, "revoked_at" timestamptz null, "revoked_by_id" uuid null,
  "started_notified_at" timestamptz null, "ended_notified_at" timestamptz null,
  constraint "delegation_pkey" primary key ("id"),
  constraint delegation_period check (ends_at > starts_at),
  constraint delegation_scope check (unit_id is null or group_id is null));
create index "delegation_organisation_id_index" on "delegation" ("organisation_id");
create index "delegation_delegator_id_index" on "delegation" ("delegator_id");
create index "delegation_delegate_id_index" on "delegation" ("delegate_id");
create index "delegation_unit_id_index" on "delegation" ("unit_id");
create index "delegation_group_id_index" on "delegation" ("group_id");
create index "delegation_starts_at_index" on "delegation" ("starts_at");
create index "delegation_ends_at_index" on "delegation" ("ends_at");
create index "delegation_created_by_id_index" on "delegation" ("created_by_id");
create index "delegation_revoked_by_id_index" on "delegation" ("revoked_by_id");
create index "delegation_organisation_id_created_at_id_index" on "delegation" ("organisation_id", "created_at", "id");
alter table "delegation" add constraint "delegation_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id") on update cascade;
alter table "delegation" add constraint "delegation_delegator_id_foreign" foreign key ("delegator_id") references "member" ("id") on update cascade on delete cascade;
alter table "delegation" add constraint "delegation_delegate_id_foreign" foreign key ("delegate_id") references "member" ("id") on update cascade on delete cascade;
alter table "delegation" add constraint "delegation_unit_id_foreign" foreign key ("unit_id") references "unit" ("id") on update cascade on delete cascade;
alter table "delegation" add constraint "delegation_group_id_foreign" foreign key ("group_id") references "member_group" ("id") on update cascade on delete cascade;
alter table "delegation" add constraint "delegation_created_by_id_foreign" foreign key ("created_by_id") references "person" ("id") on update cascade on delete set null;
alter table "delegation" add constraint "delegation_revoked_by_id_foreign" foreign key ("revoked_by_id") references "person" ("id") on update cascade on delete set null;

alter table "notification" drop constraint "notification_kind_check";
alter table "notification" add constraint "notification_kind_check" check ("kind" in ('REQUEST_SUBMITTED', 'REQUEST_DECIDED', 'ATTACHED', 'REVIEW_REMINDER', 'DELEGATION_GRANTED', 'DELEGATION_STARTED', 'DELEGATION_ENDED', 'DELEGATION_REVOKED'));
alter table "audit_event" add column "on_behalf_of" uuid null;

create trigger delegation_topology_version after insert or delete or update of revoked_at, starts_at, ends_at on delegation
  for each row execute function bump_topology_version();
`);
  }
}
