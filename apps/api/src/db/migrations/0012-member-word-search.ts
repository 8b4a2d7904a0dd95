import { Migration } from '@mikro-orm/migrations';

/**
 * Member search finds a word anywhere in the name, first name included, accents and case ignored (issue 18):
 * `(' ' || sort_name) like '% amelie%'` through a trigram index. sort_name is already folded
 * (last name, first name, no accents, lower case). The e-mail prefix keeps person's own index.
 */
export class Migration0012MemberWordSearch extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
create extension if not exists pg_trgm;
create index member_sort_name_words_trgm_index on member using gin ((' ' || sort_name) gin_trgm_ops);
`);
  }
}
