import { Migration } from '@mikro-orm/migrations';

/**
 * Indexes for the members list and the account flows (issue 4): members of one organisation paged by name within
 * one status (the status filter of the list and the export), and a person's live one-time links (a new link
 * retires the older ones of its kind).
 */
export class Migration0003MembersAccounts extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
create index member_organisation_id_status_sort_name_id_index on member (organisation_id, status, sort_name, id);
create index one_time_token_person_id_purpose_live_index on one_time_token (person_id, purpose) where used_at is null;
`);
  }
}
