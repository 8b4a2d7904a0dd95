import { Migration } from '@mikro-orm/migrations';

/**
 * A member's last sign-in is its own organisation's fact (rule 2): the last time its person began acting for this
 * organisation (a session created acting for it, or switched to it), not the person's last sign-in anywhere, which
 * told one organisation's administrators when the person worked for another. The copies 0015 made from the person
 * stop: a sign-in no longer touches the memberships of other organisations, a new membership starts with none, a
 * trigger on the session records the organisation it acts for, and each value is cut to milliseconds (the keyset
 * cursor's precision, as before). The person's own last sign-in stays on the person, shown to the person itself and
 * the operator only. Values copied before this migration are the person's, so they are kept only for a person with
 * one membership; a person with several gets, in each organisation, the start of its latest session acting there
 * (null when none is left: never, as far as this organisation knows).
 */
export class Migration0022MemberSignInPerOrganisation extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
drop trigger person_last_sign_in on person;
drop function person_copy_last_sign_in();
drop trigger member_last_sign_in on member;
drop function member_take_last_sign_in();

update member m set last_sign_in_at = (
    select date_trunc('milliseconds', max(s.created_at)) from session s
     where s.person_id = m.person_id and s.acting_organisation = m.organisation_id)
  where exists (select 1 from member o where o.person_id = m.person_id and o.id <> m.id);

create function member_sign_in_precision() returns trigger language plpgsql as $$
begin
  new.last_sign_in_at := date_trunc('milliseconds', new.last_sign_in_at);
  return new;
end $$;
create trigger member_last_sign_in_precision before insert or update of last_sign_in_at on member
  for each row execute function member_sign_in_precision();

create function session_records_member_sign_in() returns trigger language plpgsql as $$
begin
  update member set last_sign_in_at = date_trunc('milliseconds', now())
    where person_id = new.person_id and organisation_id = new.acting_organisation;
  return null;
end $$;
create trigger session_member_sign_in_insert after insert on session
  for each row when (new.acting_organisation is not null)
  execute function session_records_member_sign_in();
create trigger session_member_sign_in_switch after update of acting_organisation on session
  for each row when (new.acting_organisation is not null and new.acting_organisation is distinct from old.acting_organisation)
  execute function session_records_member_sign_in();
`);
  }
}
