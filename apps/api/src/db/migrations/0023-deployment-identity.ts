import { Migration } from '@mikro-orm/migrations';

/**
 * A random id for this database, made once: the Redis channel prefix of the deployment (src/live/events.ts). The
 * instances of one database share it; two deployments on one Redis never do, even when their databases have the
 * same host, port and name on different machines (two `localhost:5432/tessera`), which the URL could not tell.
 */
export class Migration0023DeploymentIdentity extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
create table deployment_identity (
  one boolean primary key default true check (one),
  id uuid not null default gen_random_uuid(),
  created_at timestamptz not null default now()
);
insert into deployment_identity default values;
`);
  }
}
