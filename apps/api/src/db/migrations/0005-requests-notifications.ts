import { Migration } from '@mikro-orm/migrations';

/**
 * Requests and notifications (issue 6). An account-creation request may name a registry number that no active
 * organisation holds: it is stored all the same, without organisation, so the requester sees the same thing
 * whether or not the organisation uses Tessera (no enumeration). The decision is kept apart from the state,
 * which moves on to CLOSED. Keyset indexes: pending requests oldest first, an organisation's history and a
 * requester's own requests newest first, a person's notifications newest first.
 */
export class Migration0005RequestsNotifications extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
alter table access_request alter column organisation_id drop not null;
alter table access_request add constraint access_request_organisation_or_account_creation check (organisation_id is not null or type = 'ACCOUNT_CREATION');
alter table access_request add column decision text null check (decision in ('APPROVED', 'REFUSED'));
create index access_request_pending_index on access_request (organisation_id, created_at, id) where state = 'SUBMITTED';
create index access_request_organisation_id_created_at_id_index on access_request (organisation_id, created_at, id);
create index access_request_requester_id_created_at_id_index on access_request (requester_id, created_at, id);
create index notification_person_id_created_at_id_index on notification (person_id, created_at, id);
`);
  }
}
