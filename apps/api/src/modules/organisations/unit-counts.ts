import type { EntityManager } from '@mikro-orm/postgresql';

/** Members attached to each unit (archived members left out), in one grouped query. */
export async function memberCounts(
  em: EntityManager,
  unitIds: readonly string[],
): Promise<Map<string, number>> {
  if (unitIds.length === 0) return new Map();
  const rows: { unit_id: string; count: string }[] = await em.execute(
    `select mu.unit_id, count(*) as count from member_unit mu join member m on m.id = mu.member_id
     where mu.unit_id in (${unitIds.map(() => '?').join(', ')}) and m.status <> 'ARCHIVED' group by mu.unit_id`,
    [...unitIds],
  );
  return new Map(rows.map((row) => [row.unit_id, Number(row.count)]));
}
