import type { EntityManager } from '@mikro-orm/postgresql';

/** Rows of one entity to insert, by property name (every row names the same properties). */
export interface RowsOf {
  entity: string;
  rows: Record<string, unknown>[];
  /** a property whose values the statement hands back (an autoincrement key), as text */
  returning?: string;
}

/**
 * Inserts the rows of several tables in ONE statement: a data-modifying CTE per table, so a unit of work that
 * writes a request, its step, its audit event, notifications and outbox messages pays one round trip instead of
 * one per table. Foreign keys between them hold: PostgreSQL checks them at the end of the statement. The rows
 * bypass the identity map (nothing is managed afterwards), so each value is given as the entity would store it:
 * no `onCreate` or default is applied here. Returns, per entry, the `returning` values (empty without one).
 */
export async function insertAll(em: EntityManager, entries: readonly RowsOf[]): Promise<string[][]> {
  const parts: string[] = [];
  const outputs: string[] = [];
  const params: unknown[] = [];
  entries.forEach((entry, index) => {
    if (entry.rows.length === 0) return;
    const meta = em.getMetadata().get(entry.entity);
    const names = Object.keys(entry.rows[0]!);
    const props = names.map((name) => {
      const prop = meta.properties[name as keyof typeof meta.properties];
      if (prop?.fieldNames?.length !== 1)
        throw new Error(`insertAll: ${entry.entity}.${name} is not a single-column property`);
      return prop;
    });
    const json = props.map((prop) => String(prop.type).toLowerCase().includes('json'));
    const values = entry.rows.map((row) => {
      if (Object.keys(row).length !== names.length)
        throw new Error(`insertAll: every ${entry.entity} row names the same properties`);
      return `(${names
        .map((name, i) => {
          const value = row[name];
          params.push(json[i] && value != null ? JSON.stringify(value) : (value ?? null));
          return '?';
        })
        .join(', ')})`;
    });
    const columns = props.map((prop) => `"${prop.fieldNames[0]}"`).join(', ');
    let returning = '';
    if (entry.returning) {
      const prop = meta.properties[entry.returning as keyof typeof meta.properties];
      if (prop?.fieldNames?.length !== 1)
        throw new Error(`insertAll: ${entry.entity}.${entry.returning} is not a single-column property`);
      returning = ` returning "${prop.fieldNames[0]}"::text as value`;
      outputs.push(`coalesce((select json_agg(i${index}.value) from i${index}), '[]'::json) as r${index}`);
    }
    parts.push(
      `i${index} as (insert into "${meta.tableName}" (${columns}) values ${values.join(', ')}${returning})`,
    );
  });
  if (parts.length === 0) return entries.map(() => []);
  const [row] = await em.execute<Record<string, string[]>[]>(
    `with ${parts.join(',\n')}\nselect ${outputs.length > 0 ? outputs.join(', ') : 'true as done'}`,
    params,
  );
  return entries.map((_, index) => row?.[`r${index}`] ?? []);
}
