import { Migration } from '@mikro-orm/migrations';

/**
 * An organisation's authorisation version (issue 13): a counter bumped by the database itself whenever a unit,
 * a group or an admin role of the organisation is inserted, deleted or moved. The acting-context statement reads
 * it with the actor, so each instance keeps the organisation's topology (unit and group trees) in memory and
 * knows, at no extra cost, when its copy is stale. Triggers rather than application code: no writer (a service, a
 * migration, the seed, a test's raw SQL) can change a tree without the version moving.
 *
 * No foreign key to organisation on purpose: deleting an organisation cascades to its units, whose triggers would
 * then write a row for an organisation being deleted. A row left for a removed organisation is harmless.
 */
export class Migration0013TopologyVersion extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
create table topology_version (
  organisation_id uuid not null primary key,
  version bigint not null default 0
);

create function bump_topology_version() returns trigger language plpgsql as $$
declare
  org uuid;
begin
  if tg_op = 'DELETE' then
    org := old.organisation_id;
  else
    org := new.organisation_id;
  end if;
  insert into topology_version as t (organisation_id, version) values (org, 1)
    on conflict (organisation_id) do update set version = t.version + 1;
  if tg_op = 'UPDATE' and old.organisation_id is distinct from new.organisation_id then
    insert into topology_version as t (organisation_id, version) values (old.organisation_id, 1)
      on conflict (organisation_id) do update set version = t.version + 1;
  end if;
  return null;
end;
$$;

create trigger unit_topology_version after insert or delete or update of parent_id, organisation_id on unit
  for each row execute function bump_topology_version();
create trigger member_group_topology_version after insert or delete or update of parent_id, unit_id, organisation_id on member_group
  for each row execute function bump_topology_version();
create trigger admin_role_topology_version after insert or delete or update on admin_role
  for each row execute function bump_topology_version();
`);
  }
}
