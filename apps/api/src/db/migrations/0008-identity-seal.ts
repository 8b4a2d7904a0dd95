import { Migration } from '@mikro-orm/migrations';

/**
 * Identities stay sealed when a person's owner changes (attack review of issue 9). A link remembers which
 * organisation had it sent (null: the person itself), a backup address remembers which organisation set it, so
 * both can be voided when the person joins another organisation. A person's own address is verified once a link
 * sent to it alone has been followed; invitations are accepted only on a verified address.
 */
export class Migration0008IdentitySeal extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
alter table person add column email_verified_at timestamptz null;
alter table person add column backup_email_set_by_organisation_id uuid null references organisation (id) on update cascade on delete set null;
create index person_backup_email_set_by_organisation_id_index on person (backup_email_set_by_organisation_id);
alter table one_time_token add column issued_by_organisation_id uuid null references organisation (id) on update cascade on delete set null;
create index one_time_token_issued_by_organisation_id_index on one_time_token (issued_by_organisation_id);
alter table one_time_token drop constraint one_time_token_purpose_check;
alter table one_time_token add constraint one_time_token_purpose_check check (purpose in ('PASSWORD_RESET', 'WELCOME', 'BACKUP_EMAIL', 'EMAIL_VERIFICATION'));
`);
  }
}
