import { Migration } from '@mikro-orm/migrations';

/**
 * The members list sorts and filters by last sign-in (issue 18, guide 003: archive accounts no longer used). The
 * person's `last_sign_in_at` is copied onto each of its memberships, as `sort_name` is, so an organisation's members
 * page by (last sign-in, id) on one index instead of sorting every member joined to its person. Two triggers keep the
 * copy, so no writer can forget it: a new member takes its person's value, and a sign-in (any change of
 * `person.last_sign_in_at`) updates every membership of the person. The copy is cut to milliseconds, the precision
 * of the keyset cursor (a JavaScript date), so a page boundary never falls inside a microsecond.
 * The index puts never-signed-in members first (`nulls first`), so "never, then oldest" is a forward scan and
 * "newest first, never last" a backward one, and "not signed in since d" (null or before d) is one range.
 */
export class Migration0015MemberLastSignIn extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
alter table member add column last_sign_in_at timestamptz null;
update member m set last_sign_in_at = date_trunc('milliseconds', p.last_sign_in_at)
  from person p where p.id = m.person_id and p.last_sign_in_at is not null;
create index member_organisation_id_last_sign_in_at_id_index on member (organisation_id, last_sign_in_at asc nulls first, id);

create function member_take_last_sign_in() returns trigger language plpgsql as $$
begin
  new.last_sign_in_at := (select date_trunc('milliseconds', p.last_sign_in_at) from person p where p.id = new.person_id);
  return new;
end $$;
create trigger member_last_sign_in before insert or update of person_id, last_sign_in_at on member
  for each row execute function member_take_last_sign_in();

create function person_copy_last_sign_in() returns trigger language plpgsql as $$
begin
  update member set last_sign_in_at = date_trunc('milliseconds', new.last_sign_in_at)
    where person_id = new.id and last_sign_in_at is distinct from date_trunc('milliseconds', new.last_sign_in_at);
  return null;
end $$;
create trigger person_last_sign_in after update of last_sign_in_at on person
  for each row when (old.last_sign_in_at is distinct from new.last_sign_in_at)
  execute function person_copy_last_sign_in();
`);
  }
}
