/**
 * `pnpm bench`: Tessera's hot paths side by side with their limit, in one run on this machine, on one database
 * holding an organisation of BENCH_MEMBERS members (default 100,000) and one of a tenth of it. Tessera (the real
 * API, NODE_ENV=production) and a bare node:http + pg server (bench/bare-server.ts) each run in their own
 * process; this process is the load generator. It prints ratios; nothing is asserted (statement counts are,
 * in test/statement-counts.int.test.ts). Uses TEST_DATABASE_URL's server, or an embedded PostgreSQL.
 *
 * BENCH_MEMBERS (default 100000), BENCH_SECONDS (each load phase, default 8), BENCH_CLIENTS (default 8).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { hashPassword } from '../src/auth/passwords.js';
import { startEmbeddedPostgres } from '../src/db/embedded.js';
import { migrateDatabase, type RuntimeRole, urlForRole } from '../src/db/roles.js';
import { CSRF_HEADER } from '../src/http/web-surface.js';
import { globalId } from '../src/lib/ids.js';
import { encodeCursor } from '../src/lib/keyset.js';
import { webDocument } from '../test/web-documents.js';

const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 100_000);
const SMALL = Math.max(10, Math.floor(MEMBERS / 10));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 8);
const PASSWORD = 'bench-password-not-secret-0';
/** BENCH_PHASES=page,lastpage,flood,typename,export,write,statements (default all): run only some phases */
const PHASES = new Set(
  (process.env.BENCH_PHASES ?? 'page,lastpage,flood,typename,export,write,statements').split(','),
);
const BENCH_ROLE: RuntimeRole = { name: 'tessera_bench_app', password: 'tessera-bench-app' };
const here = dirname(fileURLToPath(import.meta.url));

// --- load generation ------------------------------------------------------------------------------------------

const agent = new Agent({ keepAlive: true, maxSockets: 64 });

interface Call {
  method: 'GET' | 'POST';
  url: string;
  body?: string;
  headers?: Record<string, string>;
}

function send(call: Call): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      call.url,
      {
        method: call.method,
        agent,
        headers: { ...(call.body ? { 'content-type': 'application/json' } : {}), ...call.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(call.body);
  });
}

interface LoadResult {
  p50: number;
  p99: number;
  rps: number;
  ok: number;
  failed: number;
}

/** `clients` loops sending `next(client, i)` for SECONDS; a call whose answer `check` refuses counts as failed. */
async function load(
  next: (client: number, i: number) => Call,
  check: (answer: { status: number; body: string }) => boolean,
  clients = CLIENTS,
): Promise<LoadResult> {
  // warm-up
  for (let c = 0; c < clients; c++) await send(next(c, -1 - c));
  const samples: number[] = [];
  let failed = 0;
  const end = performance.now() + SECONDS * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (let i = 0; performance.now() < end; i++) {
        const t0 = performance.now();
        const answer = await send(next(client, i));
        samples.push(performance.now() - t0);
        if (!check(answer)) failed++;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(samples.length * q))]!;
  return { p50: at(0.5), p99: at(0.99), rps: samples.length / elapsed, ok: samples.length - failed, failed };
}

// --- processes -------------------------------------------------------------------------------------------------

interface Child {
  url: string;
  pid: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

function startChild(script: string, env: Record<string, string>): Promise<Child> {
  // BENCH_PROFILE=dir: each server writes a V8 CPU profile there when it stops
  const profile = process.env.BENCH_PROFILE
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`]
    : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', join(here, script)], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let buffer = '';
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      for (const line of buffer.split('\n')) {
        if (!line.startsWith('{"benchUrl"')) continue;
        const { benchUrl, pid } = JSON.parse(line) as { benchUrl: string; pid: number };
        child.removeAllListeners('exit');
        resolve({
          url: benchUrl,
          pid,
          process: child,
          stop: () =>
            new Promise((done) => {
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
      }
    });
  });
}

function rssKiB(pid: number, field: 'VmRSS' | 'VmHWM' = 'VmRSS'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
}

// --- seeding -----------------------------------------------------------------------------------------------------

function siren(prefix: string): string {
  const digits = prefix.padStart(8, '0').split('').map(Number);
  for (let check = 0; check < 10; check++) {
    const all = [...digits, check];
    const sum = all.reduce((total, digit, i) => {
      const value = i % 2 === 1 ? digit * 2 : digit;
      return total + (value > 9 ? value - 9 : value);
    }, 0);
    if (sum % 10 === 0) return all.join('');
  }
  throw new Error('no check digit');
}

const ROLES = {
  portail: '00000000-0000-4000-8000-00000000a001',
  cdapConsultation: '00000000-0000-4000-8000-00000000a011',
  cdapSaisie: '00000000-0000-4000-8000-00000000a012',
  factureValidation: '00000000-0000-4000-8000-00000000a021',
};

async function seedCatalogue(db: pg.Client) {
  await db.query(`insert into service (id, created_at, code, name, access_level) values
    ('00000000-0000-4000-8000-00000000a000', now(), 'PORTAIL', 'Portail', 'FREE'),
    ('00000000-0000-4000-8000-00000000a010', now(), 'CDAP', 'Consultation du dossier allocataire', 'PROTECTED'),
    ('00000000-0000-4000-8000-00000000a020', now(), 'FACTURE', 'Facture électronique', 'PROTECTED')`);
  await db.query(`insert into service_role (id, created_at, service_id, code, name) values
    ('${ROLES.portail}', now(), '00000000-0000-4000-8000-00000000a000', 'acces', 'Accès'),
    ('${ROLES.cdapConsultation}', now(), '00000000-0000-4000-8000-00000000a010', 'consultation', 'Consultation'),
    ('${ROLES.cdapSaisie}', now(), '00000000-0000-4000-8000-00000000a010', 'saisie', 'Saisie'),
    ('${ROLES.factureValidation}', now(), '00000000-0000-4000-8000-00000000a020', 'validation', 'Validation')`);
}

/**
 * An organisation of `count` members in seconds (generate_series): 20 units, 20 groups (half of them granting a
 * protected role, a sixth of the memberships blocked), a third of the members in a group, a seventh with a direct
 * grant, and a principal administrator who signs in with PASSWORD.
 */
async function seedOrganisation(db: pg.Client, tag: string, count: number, hash: string) {
  const { rows } = await db.query<{ id: string }>(
    `insert into organisation (id, created_at, name, registry_kind, registry_number, status, activated_at)
     values (gen_random_uuid(), now(), $1, 'SIREN', $2, 'ACTIVE', now()) returning id`,
    [`Bench ${tag}`, siren(String(count))],
  );
  const org = rows[0]!.id;
  await db.query(
    `insert into agreement (id, created_at, organisation_id, reference, valid_from)
     values (gen_random_uuid(), now(), $1, $2, current_date - 1)`,
    [org, `BENCH-${tag}`],
  );
  await db.query(
    `insert into agreement_item (id, created_at, agreement_id, organisation_id, service_role_id)
     select gen_random_uuid(), now(), a.id, $1, r.id from agreement a, service_role r where a.organisation_id = $1`,
    [org],
  );
  await db.query(
    `insert into unit (id, created_at, organisation_id, parent_id, name)
     select gen_random_uuid(), now(), $1, null, 'Unité ' || lpad(i::text, 2, '0') from generate_series(1, 20) i`,
    [org],
  );
  await db.query(
    `insert into member_group (id, created_at, organisation_id, name)
     select gen_random_uuid(), now(), $1, 'Groupe ' || lpad(i::text, 2, '0') from generate_series(1, 20) i`,
    [org],
  );
  await db.query(
    `insert into service_grant (id, created_at, organisation_id, service_role_id, group_id)
     select gen_random_uuid(), now(), $1, case when n % 2 = 0 then $2::uuid else $3::uuid end, g.id
       from (select id, row_number() over (order by name) n from member_group where organisation_id = $1) g
      where n <= 10`,
    [org, ROLES.cdapConsultation, ROLES.factureValidation],
  );
  await db.query(
    `insert into person (id, created_at, first_name, last_name, email, terms_accepted_at)
     select gen_random_uuid(), now(), 'Prénom' || i, 'Nom' || lpad((i * 7919 % $1)::text, 6, '0'),
            $2 || '.' || i || '@bench.demo', now()
       from generate_series(1, $1) as i`,
    [count, tag],
  );
  await db.query(
    `insert into member (id, created_at, organisation_id, person_id, status, opening_date, sort_name, mobility)
     select gen_random_uuid(), now(), $1, p.id, 'ACTIVE', current_date, lower(p.last_name || ' ' || p.first_name), 'DESK'
       from person p where p.email like $2 || '.%@bench.demo'`,
    [org, tag],
  );
  await db.query(
    `with m as (select id, row_number() over (order by id) n from member where organisation_id = $1),
          u as (select id, row_number() over (order by name) - 1 k from unit where organisation_id = $1)
     insert into member_unit (member_id, unit_id, organisation_id) select m.id, u.id, $1 from m join u on u.k = m.n % 20`,
    [org],
  );
  await db.query(
    `with m as (select id, row_number() over (order by id) n from member where organisation_id = $1),
          g as (select id, row_number() over (order by name) - 1 k from member_group where organisation_id = $1)
     insert into group_membership (group_id, member_id, organisation_id, blocked, added_at)
     select g.id, m.id, $1, m.n % 18 = 0, now() from m join g on g.k = m.n % 20 where m.n % 3 = 0`,
    [org],
  );
  await db.query(
    `with m as (select id, row_number() over (order by id) n from member where organisation_id = $1)
     insert into service_grant (id, created_at, organisation_id, service_role_id, member_id)
     select gen_random_uuid(), now(), $1, $2, m.id from m where m.n % 7 = 0`,
    [org, ROLES.cdapSaisie],
  );
  const email = `admin.${tag}@bench.demo`;
  const { rows: admin } = await db.query<{ id: string }>(
    `with p as (insert into person (id, created_at, first_name, last_name, email, password_hash, terms_accepted_at)
                values (gen_random_uuid(), now(), 'Aline', 'Admin', $2, $3, now()) returning id)
     insert into member (id, created_at, organisation_id, person_id, status, opening_date, sort_name)
     select gen_random_uuid(), now(), $1, p.id, 'ACTIVE', current_date, 'admin aline' from p returning id`,
    [org, email, hash],
  );
  await db.query(
    `insert into admin_role (id, created_at, organisation_id, member_id, kind) values (gen_random_uuid(), now(), $1, $2, 'PRINCIPAL_ADMIN')`,
    [org, admin[0]!.id],
  );
  return { org, email };
}

// --- GraphQL against the running API -------------------------------------------------------------------------

async function signIn(url: string, email: string): Promise<string> {
  const answer = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [CSRF_HEADER]: '1' },
    body: JSON.stringify({
      query: `mutation($input: SignInInput!) { signIn(input: $input) { __typename } }`,
      variables: { input: { email, password: PASSWORD } },
    }),
  });
  const body = (await answer.json()) as { data?: { signIn?: { __typename: string } } };
  if (body.data?.signIn?.__typename !== 'MutationSignInSuccess')
    throw new Error(`bench sign-in failed: ${JSON.stringify(body)}`);
  return answer.headers.get('set-cookie')!.split(';')[0]!;
}

function gqlCall(url: string, cookie: string, query: string, variables: Record<string, unknown> = {}): Call {
  return {
    method: 'POST',
    url: `${url}/graphql`,
    body: JSON.stringify({ query, variables }),
    headers: { cookie, [CSRF_HEADER]: '1' },
  };
}

const noErrors = (answer: { status: number; body: string }) =>
  answer.status === 200 && !answer.body.includes('"errors"');

/** The statements one operation cost, from the API's own histogram (knex's count: BEGIN/COMMIT not included). */
async function statementsOf(api: string, operation: string, call: Call): Promise<number> {
  const read = async () => {
    const text = (
      await send({
        method: 'GET',
        url: `${api}/metrics`,
        headers: { authorization: 'Bearer bench-metrics-token-0000' },
      })
    ).body;
    const line = text
      .split('\n')
      .find((l) => l.startsWith(`tessera_graphql_sql_statements_sum{operationName="${operation}"`));
    return Number(line?.split(' ').at(-1) ?? 0);
  };
  await send(call); // warm
  const before = await read();
  const answer = await send(call);
  if (!noErrors(answer)) throw new Error(`${operation}: ${answer.body.slice(0, 300)}`);
  return (await read()) - before;
}

// --- main --------------------------------------------------------------------------------------------------------

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
  const databaseUrl = url.toString();
  const children: Child[] = [];
  const db = new pg.Client({ connectionString: databaseUrl });
  try {
    // As in production: migrated by the owner, served by a runtime role that owns nothing.
    await migrateDatabase(databaseUrl, BENCH_ROLE);
    await db.connect();
    const seedStart = performance.now();
    const hash = await hashPassword(PASSWORD);
    await seedCatalogue(db);
    const large = await seedOrganisation(db, 'large', MEMBERS, hash);
    const small = await seedOrganisation(db, 'small', SMALL, hash);
    await db.query('analyze');
    console.log(
      `Seeded ${MEMBERS.toLocaleString('en')} + ${SMALL.toLocaleString('en')} members in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`,
    );

    const apiEnv = {
      NODE_ENV: 'production',
      DATABASE_URL: urlForRole(databaseUrl, BENCH_ROLE),
      MIGRATE: 'off',
      PORT: '0',
      HOST: '127.0.0.1',
      PUBLIC_URL: 'http://127.0.0.1',
      SESSION_SECRET: randomBytes(24).toString('hex'),
      SEED: 'never',
      BACKGROUND_SCHEDULE: 'off',
      LOG_LEVEL: 'warn',
      METRICS_TOKEN: 'bench-metrics-token-0000',
      REDIS_URL: '',
      WEB_DIST: join(tmpdir(), 'tessera-bench-no-web'),
    };
    const api = await startChild('api-server.ts', apiEnv);
    children.push(api);
    const bare = await startChild('bare-server.ts', { DATABASE_URL: databaseUrl });
    children.push(bare);
    const cookie = await signIn(api.url, large.email);
    const smallCookie = await signIn(api.url, small.email);

    const rows: [string, string, string, string][] = [];
    const ratio = (ours: number, base: number) => `${(ours / base).toFixed(2)}×`;
    const fmt = (r: LoadResult) =>
      `p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, ${r.rps.toFixed(0)} req/s${r.failed ? `, ${r.failed} failed` : ''}`;

    // 1. The SPA's member page, 50 members, at CLIENTS clients.
    const MEMBERS_DOC = webDocument('Members');
    const organisationId = globalId('Organisation', large.org);
    if (PHASES.has('page')) {
      const ours = await load(
        () => gqlCall(api.url, cookie, MEMBERS_DOC, { organisationId, first: 50 }),
        noErrors,
      );
      const base = await load(
        () => ({ method: 'GET', url: `${bare.url}/members?first=50`, headers: { cookie } }),
        (a) => a.status === 200,
      );
      rows.push([`member page (50, ${CLIENTS} clients)`, fmt(ours), fmt(base), '']);
      rows.push([
        '  p50 / p99 vs bare',
        '',
        '',
        `${ratio(ours.p50, base.p50)} / ${ratio(ours.p99, base.p99)}`,
      ]);
      rows.push(['  req/s vs bare', '', '', ratio(ours.rps, base.rps)]);
    }

    // 1b. The last page against the first: a keyset page costs the same wherever it starts.
    const firstPage = () => gqlCall(api.url, cookie, MEMBERS_DOC, { organisationId, first: 50 });
    if (PHASES.has('lastpage')) {
      const { rows: tail } = await db.query<{ sort_name: string; id: string }>(
        `select sort_name, id from member where organisation_id = $1 and status in ('ACTIVE', 'BLOCKED')
          order by sort_name desc, id desc offset 50 limit 1`,
        [large.org],
      );
      const after = encodeCursor([tail[0]!.sort_name, tail[0]!.id]);
      const first = await load(firstPage, noErrors);
      const last = await load(
        () => gqlCall(api.url, cookie, MEMBERS_DOC, { organisationId, first: 50, after }),
        (a) => noErrors(a) && a.body.includes('"hasNextPage":false'),
      );
      rows.push(['member page: first page', fmt(first), '', '']);
      rows.push(['member page: last page', fmt(last), '', `p50 ${ratio(last.p50, first.p50)} of first`]);
    }

    // 1c. The member page's p99 while other clients sign in as fast as they can (argon2 on its bounded pool).
    if (PHASES.has('flood')) {
      const quiet = await load(firstPage, noErrors);
      let stop = false;
      const outcomes = { signedIn: 0, rateLimited: 0, other: 0 };
      const signInCall: Call = {
        method: 'POST',
        url: `${api.url}/graphql`,
        body: JSON.stringify({
          query: `mutation($input: SignInInput!) { signIn(input: $input) { __typename } }`,
          variables: { input: { email: small.email, password: PASSWORD } },
        }),
        headers: { [CSRF_HEADER]: '1' },
      };
      const flood = Promise.all(
        Array.from({ length: CLIENTS }, async () => {
          while (!stop) {
            const answer = await send(signInCall);
            if (answer.body.includes('MutationSignInSuccess')) outcomes.signedIn++;
            else if (answer.body.includes('RateLimitedError')) outcomes.rateLimited++;
            else outcomes.other++;
          }
        }),
      );
      const during = await load(firstPage, noErrors);
      stop = true;
      await flood;
      rows.push(['member page, no sign-in flood', fmt(quiet), '', '']);
      rows.push([
        `member page, ${CLIENTS} clients signing in`,
        fmt(during),
        `${outcomes.signedIn} sign-ins, ${outcomes.rateLimited} refused (pool full), ${outcomes.other} other`,
        `p99 ${ratio(during.p99, quiet.p99)} of quiet`,
      ]);
    }

    // 2. { __typename } signed in, against a bare handler.
    if (PHASES.has('typename')) {
      const typename = await load(() => gqlCall(api.url, cookie, '{ __typename }'), noErrors);
      const bareTypename = await load(
        () => ({ method: 'POST', url: `${bare.url}/graphql-typename`, body: '{"query":"{ __typename }"}' }),
        (a) => a.status === 200,
      );
      rows.push([
        '{ __typename } (signed in)',
        fmt(typename),
        fmt(bareTypename),
        ratio(typename.rps, bareTypename.rps),
      ]);
    }

    // 3. CSV export (the real route) against COPY ... TO STDOUT, and the API's memory growth 100k vs 10k.
    if (PHASES.has('export')) {
      const exportOnce = async (org: string, who: string, count: number) => {
        const before = rssKiB(api.pid);
        let peak = before;
        const sampler = setInterval(() => {
          peak = Math.max(peak, rssKiB(api.pid));
        }, 20);
        const t0 = performance.now();
        const answer = await send({
          method: 'GET',
          url: `${api.url}/export/members.csv?organisationId=${encodeURIComponent(globalId('Organisation', org))}&lang=en`,
          headers: { cookie: who, [CSRF_HEADER]: '1' },
        });
        const seconds = (performance.now() - t0) / 1000;
        clearInterval(sampler);
        peak = Math.max(peak, rssKiB(api.pid));
        const lines = answer.body.split('\n').filter((line) => line.length > 0).length - 1;
        if (answer.status !== 200 || lines < count)
          throw new Error(`export: ${answer.status}, ${lines} rows`);
        return { rowsPerSecond: lines / seconds, growthMiB: (peak - before) / 1024, lines };
      };
      const exportSmall = await exportOnce(small.org, smallCookie, SMALL);
      const exportLarge = await exportOnce(large.org, cookie, MEMBERS);
      const copySql = `copy (select m.status, m.mobility, m.opening_date, p.last_name, p.first_name, p.email,
        array(select u.name from member_unit mu join unit u on u.id = mu.unit_id where mu.member_id = m.id order by u.name),
        (select json_agg(json_build_array(g.name, gm.blocked) order by g.name) from group_membership gm
           join member_group g on g.id = gm.group_id where gm.member_id = m.id),
        array(select sg.service_role_id from service_grant sg where sg.member_id = m.id)
      from member m join person p on p.id = m.person_id where m.organisation_id = '${large.org}'
      order by m.sort_name, m.id) to stdout with (format csv)`;
      const copyStart = performance.now();
      const copyRows = await new Promise<number>((resolve, reject) => {
        const psql = spawn('psql', [databaseUrl, '-X', '-q', '-c', copySql], {
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        let lines = 0;
        psql.stdout.on('data', (chunk: Buffer) => {
          for (const byte of chunk) if (byte === 10) lines++;
        });
        psql.once('exit', (code) => (code === 0 ? resolve(lines) : reject(new Error(`psql ${code}`))));
      });
      const copyRate = copyRows / ((performance.now() - copyStart) / 1000);
      rows.push([
        `CSV export ${MEMBERS.toLocaleString('en')} rows`,
        `${exportLarge.rowsPerSecond.toFixed(0)} rows/s`,
        `COPY ${copyRate.toFixed(0)} rows/s`,
        ratio(exportLarge.rowsPerSecond, copyRate),
      ]);
      rows.push([
        `  API memory growth ${MEMBERS.toLocaleString('en')} vs ${SMALL.toLocaleString('en')}`,
        `${exportLarge.growthMiB.toFixed(1)} MiB`,
        `${exportSmall.growthMiB.toFixed(1)} MiB`,
        `${(exportLarge.growthMiB - exportSmall.growthMiB).toFixed(1)} MiB more`,
      ]);
    }

    // 4. A write: blockMember / unblockMember, each client on its own member, against a bare replay.
    if (PHASES.has('write')) {
      const { rows: targets } = await db.query<{ id: string }>(
        `select id from member where organisation_id = $1 and sort_name <> 'admin aline' order by sort_name limit $2`,
        [large.org, CLIENTS * 2],
      );
      const BLOCK = `mutation($input: MemberIdInput!) { blockMember(input: $input) { __typename ... on Error { code } } }`;
      const UNBLOCK = `mutation($input: MemberIdInput!) { unblockMember(input: $input) { __typename ... on Error { code } } }`;
      const state = new Map<number, boolean>();
      const writes = await load(
        (client) => {
          const blocked = state.get(client) ?? false;
          state.set(client, !blocked);
          return gqlCall(api.url, cookie, blocked ? UNBLOCK : BLOCK, {
            input: { memberId: globalId('Member', targets[client]!.id) },
          });
        },
        (a) => noErrors(a) && /Success|CONFLICT|STALE/.test(a.body),
      );
      await db.query(`update member set status = 'ACTIVE' where id = any($1)`, [targets.map((t) => t.id)]);
      const bareState = new Map<number, boolean>();
      const bareWrites = await load(
        (client) => {
          const blocked = bareState.get(client) ?? false;
          bareState.set(client, !blocked);
          return {
            method: 'POST',
            url: `${bare.url}/replay-block?member=${targets[CLIENTS + client]!.id}&status=${blocked ? 'ACTIVE' : 'BLOCKED'}`,
            headers: { cookie },
          };
        },
        (a) => a.status === 200,
      );
      rows.push([
        'blockMember / unblockMember',
        `${fmt(writes)}, ${((writes.ok / (writes.ok + writes.failed)) * 100).toFixed(0)} % ok`,
        fmt(bareWrites),
        ratio(writes.rps, bareWrites.rps),
      ]);
    }

    // 5. Statements per document (the API's own count) for N = 10, 50, 100.
    const counts: string[] = [];
    if (PHASES.has('statements')) {
      const { rows: subject } = await db.query<{ id: string }>(
        `select m.id from member m join group_membership gm on gm.member_id = m.id
        where m.organisation_id = $1 and m.status = 'ACTIVE' limit 1`,
        [large.org],
      );
      const subjectId = globalId('Member', subject[0]!.id);
      for (const n of [10, 50, 100]) {
        const members = await statementsOf(
          api.url,
          'Members',
          gqlCall(api.url, cookie, MEMBERS_DOC, { organisationId, first: n }),
        );
        counts.push(`Members N=${n}: ${members}`);
      }
      counts.push(
        `MemberDetail: ${await statementsOf(api.url, 'MemberDetail', gqlCall(api.url, cookie, webDocument('MemberDetail'), { id: subjectId }))}`,
      );
      counts.push(
        `MemberAccess: ${await statementsOf(api.url, 'MemberAccess', gqlCall(api.url, cookie, webDocument('MemberAccess'), { id: subjectId }))}`,
      );
    }

    console.log(
      `\nTessera vs the limit, ${CLIENTS} clients, ${SECONDS} s per phase, one run on this machine:\n`,
    );
    console.log(`${'measure'.padEnd(42)} ${'Tessera'.padEnd(52)} ${'limit'.padEnd(46)} ratio`);
    for (const [label, a, b, r] of rows)
      console.log(`${label.padEnd(42)} ${a.padEnd(52)} ${b.padEnd(46)} ${r}`);
    console.log(
      `\nSQL statements per document (the API's histogram; reads send no BEGIN/COMMIT): ${counts.join(', ')}`,
    );
    console.log(
      'Not measured here: live SSE fan-out (100 / 1,000 subscribers, one and two instances), submitting a request.',
    );
  } finally {
    for (const child of children) await child.stop().catch(() => {});
    agent.destroy();
    await db.end().catch(() => {});
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
    await stopEmbedded();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

await main();
