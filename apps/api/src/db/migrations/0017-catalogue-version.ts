import { Migration } from '@mikro-orm/migrations';

/**
 * The catalogue's version (issue 13): one counter bumped by the database itself by every statement that inserts,
 * updates, deletes or truncates services or service roles. The acting-context statement reads it with the actor,
 * so each instance keeps the (global, small) catalogue in memory and knows, at no extra cost, when its copy is
 * stale: a request never uses a catalogue older than the one committed when its acting statement ran. Triggers
 * rather than application code, as for the topology version (0013): no writer can change the catalogue without
 * the version moving.
 */
export class Migration0017CatalogueVersion extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
create table catalogue_version (
  id boolean primary key default true check (id),
  version bigint not null default 0
);
insert into catalogue_version (id, version) values (true, 0);

create function bump_catalogue_version() returns trigger language plpgsql as $$
begin
  update catalogue_version set version = version + 1 where id;
  return null;
end;
$$;

create trigger service_catalogue_version after insert or update or delete or truncate on service
  for each statement execute function bump_catalogue_version();
create trigger service_role_catalogue_version after insert or update or delete or truncate on service_role
  for each statement execute function bump_catalogue_version();
`);
  }
}
