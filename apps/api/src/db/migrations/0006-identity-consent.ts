import { Migration } from '@mikro-orm/migrations';

/**
 * Sealed identities (issue 9, rule 7). A person remembers which organisation created its account: that
 * organisation alone may help with its identity while the person belongs to no other. A backup address waits in
 * pending_backup_email until the person follows the link sent to it. Invitations carry an organisation's request
 * to a person, who accepts or declines it in its own account: one pending invitation per organisation and address.
 */
export class Migration0006IdentityConsent extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
alter table person add column pending_backup_email varchar(255) null;
alter table person add column created_by_organisation_id uuid null references organisation (id) on update cascade on delete set null;
create index person_created_by_organisation_index on person (created_by_organisation_id);
alter table one_time_token drop constraint one_time_token_purpose_check;
alter table one_time_token add constraint one_time_token_purpose_check check (purpose in ('PASSWORD_RESET', 'WELCOME', 'BACKUP_EMAIL'));
create table invitation (
  id uuid not null primary key,
  created_at timestamptz not null,
  organisation_id uuid not null references organisation (id) on update cascade,
  email varchar(255) not null,
  invited_by_id uuid not null references person (id) on update cascade,
  unit_ids text[] not null default '{}',
  as_principal_admin boolean not null default false,
  status text not null default 'PENDING' check (status in ('PENDING', 'ACCEPTED', 'DECLINED', 'REVOKED')),
  expires_at timestamptz not null,
  decided_at timestamptz null,
  person_id uuid null references person (id) on update cascade on delete set null
);
create index invitation_invited_by_id_index on invitation (invited_by_id);
create index invitation_person_id_index on invitation (person_id);
create index invitation_organisation_id_status_created_at_index on invitation (organisation_id, status, created_at);
create index invitation_email_status_index on invitation (email, status);
create unique index invitation_one_pending_per_address on invitation (organisation_id, email) where status = 'PENDING';
`);
  }
}
