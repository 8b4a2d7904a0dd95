import { Migration } from '@mikro-orm/migrations';

/**
 * Continuity checks (issue 14, guide 003): each organisation chooses after how many days without a sign-in an
 * account counts as no longer used (default 180, between a week and ten years).
 */
export class Migration0014Continuity extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
alter table organisation add column inactive_after_days integer not null default 180;
alter table organisation add constraint organisation_inactive_after_days_check check (inactive_after_days between 7 and 3650);
`);
  }
}
