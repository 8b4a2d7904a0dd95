/**
 * `pnpm bench`: measures Tessera's hot paths side by side in one run, on one database holding an organisation of
 * 100,000 members, and prints ratios (never absolute thresholds). Uses TEST_DATABASE_URL's server, or an
 * embedded PostgreSQL in a temporary folder.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { startEmbeddedPostgres } from '../src/db/embedded.js';
import { initOrm } from '../src/db/orm.js';

const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30);

async function time(fn: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 3; i++) await fn(); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)]!;
}

async function main() {
  let adminUrl = process.env.TEST_DATABASE_URL;
  let stopEmbedded = async () => {};
  let dir: string | null = null;
  if (!adminUrl) {
    dir = mkdtempSync(join(tmpdir(), 'tessera-bench-'));
    const db = await startEmbeddedPostgres({
      dataDir: join(dir, 'data'),
      database: 'postgres',
      fsync: false,
    });
    adminUrl = db.url;
    stopEmbedded = db.stop;
  }
  const name = `tessera_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const orm = await initOrm(url.toString());
  await orm.close();
  const db = new pg.Client({ connectionString: url.toString() });
  await db.connect();
  try {
    console.log(`Seeding one organisation with ${MEMBERS.toLocaleString('en')} members...`);
    await db.query(`insert into organisation (id, created_at, name, registry_kind, registry_number, status)
      values ('00000000-0000-4000-8000-000000000001', now(), 'Bench SA', 'SIREN', '452178965', 'ACTIVE')`);
    await db.query(
      `insert into person (id, created_at, first_name, last_name, email)
       select gen_random_uuid(), now(), 'Prénom' || i, 'Nom' || lpad((i * 7919 % $1)::text, 6, '0'), 'person' || i || '@bench.demo'
       from generate_series(1, $1) as i`,
      [MEMBERS],
    );
    await db.query(`insert into member (id, created_at, organisation_id, person_id, status, opening_date, sort_name)
      select gen_random_uuid(), now(), '00000000-0000-4000-8000-000000000001', p.id, 'ACTIVE', current_date,
             lower(p.last_name || ' ' || p.first_name)
      from person p`);
    await db.query('analyze');

    const org = '00000000-0000-4000-8000-000000000001';
    const deep = Math.floor(MEMBERS * 0.9);
    const { rows: cursorRows } = await db.query(
      'select sort_name, id from member where organisation_id = $1 order by sort_name, id offset $2 limit 1',
      [org, deep - 1],
    );
    const cursor = cursorRows[0];

    const results: { name: string; ours: string; baseline: string; oursMs: number; baseMs: number }[] = [];
    const compare = async (
      label: string,
      ours: string,
      oursFn: () => Promise<unknown>,
      baseline: string,
      baseFn: () => Promise<unknown>,
    ) => {
      const [oursMs, baseMs] = [await time(oursFn), await time(baseFn)];
      results.push({ name: label, ours, baseline, oursMs, baseMs });
    };

    await compare(
      `member list, page 50 at row ${deep.toLocaleString('en')}`,
      'keyset (sort_name, id) > cursor',
      () =>
        db.query(
          'select id from member where organisation_id = $1 and (sort_name, id) > ($2, $3) order by sort_name, id limit 51',
          [org, cursor.sort_name, cursor.id],
        ),
      'OFFSET',
      () =>
        db.query(
          'select id from member where organisation_id = $1 order by sort_name, id offset $2 limit 51',
          [org, deep],
        ),
    );
    await compare(
      'member search by name prefix "nom0123"',
      'prefix on indexed sort_name',
      () =>
        db.query(
          `select id from member where organisation_id = $1 and sort_name like $2 order by sort_name, id limit 51`,
          [org, 'nom0123%'],
        ),
      'substring ILIKE on the join',
      () =>
        db.query(
          `select m.id from member m join person p on p.id = m.person_id
           where m.organisation_id = $1 and (p.last_name || ' ' || p.first_name) ilike $2 order by m.sort_name, m.id limit 51`,
          [org, '%nom0123%'],
        ),
    );
    await compare(
      'load the persons of a page of 50 members',
      'one batched query (dataloader)',
      async () => {
        const { rows } = await db.query(
          'select person_id from member where organisation_id = $1 order by sort_name, id limit 50',
          [org],
        );
        await db.query('select * from person where id = any($1)', [rows.map((r) => r.person_id)]);
      },
      'one query per member (N+1)',
      async () => {
        const { rows } = await db.query(
          'select person_id from member where organisation_id = $1 order by sort_name, id limit 50',
          [org],
        );
        for (const row of rows) await db.query('select * from person where id = $1', [row.person_id]);
      },
    );

    console.log(`\nMedian of ${ROUNDS} rounds each, same database, same run:\n`);
    console.log(`${'measure'.padEnd(44)} ${'Tessera'.padEnd(44)} ${'baseline'.padEnd(40)} ratio`);
    for (const r of results) {
      const ratio = r.baseMs / r.oursMs;
      console.log(
        `${r.name.padEnd(44)} ${`${r.ours} ${r.oursMs.toFixed(2)} ms`.padEnd(44)} ${`${r.baseline} ${r.baseMs.toFixed(2)} ms`.padEnd(40)} ${ratio.toFixed(1)}x faster`,
      );
    }
  } finally {
    await db.end();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
    await stopEmbedded();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

await main();
