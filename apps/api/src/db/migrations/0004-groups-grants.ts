import { Migration } from '@mikro-orm/migrations';

/**
 * Groups and grants (issue 5): the groups of one organisation paged by name; two groups side by side (same
 * parent, or both at the top) cannot share a name, whatever its case.
 */
export class Migration0004GroupsGrants extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
create index member_group_organisation_id_name_id_index on member_group (organisation_id, name, id);
create unique index member_group_sibling_name_unique on member_group
  (organisation_id, coalesce(parent_id, '00000000-0000-0000-0000-000000000000'::uuid), lower(name));
`);
  }
}
