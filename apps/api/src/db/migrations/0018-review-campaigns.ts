import { Migration } from '@mikro-orm/migrations';

/**
 * Review campaigns (issue 14, guide 003): a campaign over an organisation or a unit, and its items, one per right
 * of each member (attachment, group membership, direct grant) snapshot when it starts, each with its reviewers
 * (`reviewer_ids`, searched by a GIN index: a reviewer's own items) and its decision. The partial index finds a
 * campaign's undecided items (the default decision at the due date). Reviewers get a REVIEW_REMINDER notification.
 */
export class Migration0018ReviewCampaigns extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
create table "review_campaign" ("id" uuid not null, "created_at" timestamptz not null, "organisation_id" uuid not null, "unit_id" uuid null, "started_by_id" uuid null, "name" varchar(255) not null, "due_at" timestamptz not null, "default_decision" text check ("default_decision" in ('KEEP', 'REVOKE')) not null, "recurrence" text check ("recurrence" in ('NONE', 'YEARLY')) not null default 'NONE', "state" text check ("state" in ('OPEN', 'CLOSED')) not null default 'OPEN', "item_count" int not null default 0, "reminded_at" timestamptz null, "closed_at" timestamptz null, "previous_id" uuid null, constraint "review_campaign_pkey" primary key ("id"));
create index "review_campaign_unit_id_index" on "review_campaign" ("unit_id");
create index "review_campaign_started_by_id_index" on "review_campaign" ("started_by_id");
create index "review_campaign_previous_id_index" on "review_campaign" ("previous_id");
create index "review_campaign_organisation_id_created_at_id_index" on "review_campaign" ("organisation_id", "created_at", "id");
create index "review_campaign_state_due_at_index" on "review_campaign" ("state", "due_at");
create table "review_item" ("id" uuid not null, "created_at" timestamptz not null, "campaign_id" uuid not null, "organisation_id" uuid not null, "member_id" uuid not null, "kind" text check ("kind" in ('ATTACHMENT', 'GROUP_MEMBERSHIP', 'DIRECT_GRANT')) not null, "subject_id" uuid not null, "service_role_ids" text[] not null default '{}', "reviewer_ids" text[] not null, "decision" text check ("decision" in ('KEEP', 'REVOKE', 'CHANGE_ATTACHMENT')) null, "new_unit_id" uuid null, "comment" text null, "decided_at" timestamptz null, "decided_by_id" uuid null, "by_default" boolean not null default false, constraint "review_item_pkey" primary key ("id"));
create index "review_item_organisation_id_index" on "review_item" ("organisation_id");
create index "review_item_member_id_index" on "review_item" ("member_id");
create index "review_item_decided_by_id_index" on "review_item" ("decided_by_id");
alter table "review_item" add constraint "review_item_campaign_id_member_id_kind_subject_id_unique" unique ("campaign_id", "member_id", "kind", "subject_id");
alter table "review_campaign" add constraint "review_campaign_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id") on update cascade;
alter table "review_campaign" add constraint "review_campaign_unit_id_foreign" foreign key ("unit_id") references "unit" ("id") on update cascade on delete cascade;
alter table "review_campaign" add constraint "review_campaign_started_by_id_foreign" foreign key ("started_by_id") references "member" ("id") on update cascade on delete set null;
alter table "review_campaign" add constraint "review_campaign_previous_id_foreign" foreign key ("previous_id") references "review_campaign" ("id") on update cascade on delete set null;
alter table "review_item" add constraint "review_item_campaign_id_foreign" foreign key ("campaign_id") references "review_campaign" ("id") on update cascade on delete cascade;
alter table "review_item" add constraint "review_item_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id") on update cascade;
alter table "review_item" add constraint "review_item_member_id_foreign" foreign key ("member_id") references "member" ("id") on update cascade on delete cascade;
alter table "review_item" add constraint "review_item_decided_by_id_foreign" foreign key ("decided_by_id") references "member" ("id") on update cascade on delete set null;
create index "review_item_reviewer_ids_index" on "review_item" using gin ("reviewer_ids");
create index "review_item_open_index" on "review_item" ("campaign_id") where "decision" is null;
alter table "notification" drop constraint "notification_kind_check";
alter table "notification" add constraint "notification_kind_check" check ("kind" in ('REQUEST_SUBMITTED', 'REQUEST_DECIDED', 'ATTACHED', 'REVIEW_REMINDER'));
`);
  }
}
