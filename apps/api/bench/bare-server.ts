/**
 * `pnpm bench`'s limit: a bare node:http + pg server answering the same JSON as Tessera with hand-written SQL,
 * no framework. Routes: POST /graphql-typename (a static `{ __typename }` answer), GET /members (the SPA's
 * member list page: the session checked by one statement, the page with persons, units and the list's
 * totalCount in another),
 * POST /replay-block (the statements of blockMember/unblockMember replayed by hand in one transaction).
 */
import { createServer } from 'node:http';
import pg from 'pg';
import { hashToken } from '../src/auth/tokens.js';
import { globalId } from '../src/lib/ids.js';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const TYPENAME = JSON.stringify({ data: { __typename: 'Query' } });

async function session(
  cookie: string | undefined,
): Promise<{ personId: string; organisationId: string } | null> {
  const token = /tessera_session=([^;]+)/.exec(cookie ?? '')?.[1];
  if (!token) return null;
  const { rows } = await pool.query(
    `select s.person_id, s.acting_organisation from session s
      where s.id = $1 and s.revoked_at is null and s.expires_at > now()`,
    [hashToken(decodeURIComponent(token))],
  );
  return rows[0] ? { personId: rows[0].person_id, organisationId: rows[0].acting_organisation } : null;
}

const PAGE_SQL = `select m.id, m.status, m.last_sign_in_at, p.first_name, p.last_name, p.email,
    (select count(*) from member c where c.organisation_id = $1 and c.status in ('ACTIVE', 'BLOCKED'))::int
      as total_count,
    coalesce((select json_agg(json_build_object('id', u.id, 'name', u.name) order by u.name)
                from member_unit mu join unit u on u.id = mu.unit_id where mu.member_id = m.id), '[]'::json) as units
  from member m join person p on p.id = m.person_id
 where m.organisation_id = $1 and m.status in ('ACTIVE', 'BLOCKED')
 order by m.sort_name, m.id limit $2`;

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', async () => {
    try {
      if (url.pathname === '/graphql-typename') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(TYPENAME);
        return;
      }
      const who = await session(req.headers.cookie);
      if (!who) {
        res.writeHead(401).end();
        return;
      }
      if (url.pathname === '/members') {
        const first = Number(url.searchParams.get('first') ?? 50);
        const { rows } = await pool.query(PAGE_SQL, [who.organisationId, first + 1]);
        const edges = rows.slice(0, first).map((row) => ({
          node: {
            id: globalId('Member', row.id),
            status: row.status,
            lastSignInAt: row.last_sign_in_at ? new Date(row.last_sign_in_at).toISOString() : null,
            person: { firstName: row.first_name, lastName: row.last_name, email: row.email },
            units: (row.units as { id: string; name: string }[]).map((unit) => ({
              id: globalId('Unit', unit.id),
              name: unit.name,
            })),
          },
        }));
        const last = rows[Math.min(first, rows.length) - 1];
        res.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            data: {
              members: {
                totalCount: rows[0]?.total_count ?? 0,
                edges,
                pageInfo: { hasNextPage: rows.length > first, endCursor: last ? String(last.id) : null },
              },
            },
          }),
        );
        return;
      }
      if (url.pathname === '/replay-block') {
        const memberId = url.searchParams.get('member')!;
        const status = url.searchParams.get('status')!;
        const client = await pool.connect();
        try {
          await client.query('begin');
          await client.query('select id from organisation where id = $1 for update', [who.organisationId]);
          const { rows } = await client.query('select * from member where id = $1 and organisation_id = $2', [
            memberId,
            who.organisationId,
          ]);
          await client.query('select * from admin_role where member_id = $1', [memberId]);
          await client.query('update member set status = $2, version = version + 1 where id = $1', [
            memberId,
            status,
          ]);
          await client.query(
            `insert into audit_event (at, organisation, actor_person, acting_as, action, target_type, target_id, before, after)
             values (now(), $1, $2, 'MEMBER', 'member.blocked', 'Member', $3, $4, $5)`,
            [who.organisationId, who.personId, memberId, { status: rows[0]?.status }, { status }],
          );
          await client.query('commit');
        } catch (error) {
          await client.query('rollback');
          throw error;
        } finally {
          client.release();
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"data":{"ok":true}}');
        return;
      }
      res.writeHead(404).end();
    } catch (error) {
      res.writeHead(500).end(String(error));
    }
  });
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address() as { port: number };
  process.stdout.write(
    `${JSON.stringify({ benchUrl: `http://127.0.0.1:${address.port}`, pid: process.pid })}\n`,
  );
});
process.on('SIGTERM', () => {
  server.close();
  void pool.end().then(() => process.exit(0));
});
