import { Migration } from '@mikro-orm/migrations';

/**
 * The migrated schema made equal to what the entities say (test/schema-drift.int.test.ts, issue 12): the
 * invitation's foreign keys, written inline in 0006, take the names MikroORM gives them, and the index on
 * `person.created_by_organisation_id` the name MikroORM derives from its column. Names only: no rule changes.
 */
export class Migration0009SchemaDrift extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
alter table invitation rename constraint invitation_organisation_id_fkey to invitation_organisation_id_foreign;
alter table invitation rename constraint invitation_invited_by_id_fkey to invitation_invited_by_id_foreign;
alter table invitation rename constraint invitation_person_id_fkey to invitation_person_id_foreign;
alter index person_created_by_organisation_index rename to person_created_by_organisation_id_index;
`);
  }
}
