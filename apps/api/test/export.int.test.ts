import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSRF_HEADER } from '../src/http/web-surface.js';
import { startTestApp, type TestApp, type TestClient } from './app.js';
import { testData } from './builders.js';
import { actingOrganisationId, sql } from './tenants.js';

let t: TestApp;
let claire: TestClient;
let morges: string;

beforeAll(async () => {
  t = await startTestApp();
  claire = await t.as('claire.morel@morges.demo');
  morges = await actingOrganisationId(claire);
});
afterAll(async () => t?.stop());

function exportUrl(organisationId: string, params: Record<string, string> = {}): string {
  const url = new URL('/export/members.csv', t.url);
  url.searchParams.set('organisationId', organisationId);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return url.toString();
}

function download(client: TestClient | null, organisationId: string, params: Record<string, string> = {}) {
  return fetch(exportUrl(organisationId, params), {
    headers: { [CSRF_HEADER]: '1', ...(client?.cookie ? { cookie: client.cookie } : {}) },
  });
}

/** Parses the CSV the export writes: every cell quoted, quotes doubled, CRLF between rows. */
function parseCsv(text: string, separator = ';'): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === separator) {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return rows;
}

describe('exporting members with their services (Orange)', () => {
  it('writes every member in reach with the services each holds, and records the export', async () => {
    const response = await download(claire, morges);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(
      /^attachment; filename="members-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const bytes = new Uint8Array(await response.arrayBuffer());
    // A UTF-8 byte order mark, so spreadsheets read the accents; then semicolons, as French Excel expects.
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text.split('\r\n')[0]).toMatch(/^"Nom";"Prénom";/);
    const rows = parseCsv(text);
    expect(rows[0]).toEqual([
      'Nom',
      'Prénom',
      'E-mail',
      'Statut',
      'Mobilité',
      'Date d’ouverture',
      'Unités',
      'Groupes',
      'Services détenus',
    ]);
    expect(rows.length - 1).toBe(6);
    expect(Number(response.headers.get('x-member-count'))).toBe(6);
    const yves = rows.find((row) => row[2] === 'yves.perret@morges.demo')!;
    expect(yves.slice(0, 4)).toEqual(['Perret', 'Yves', 'yves.perret@morges.demo', 'Actif']);
    expect(yves[6]).toBe('Service financier');
    expect(yves[7]).toBe('Comptabilité');
    expect(yves[8]).toBe(
      'ContactData: Consultation | Facture électronique: Validation | Portail des prestations: Utilisateur',
    );
    const lucie = rows.find((row) => row[2] === 'lucie.blanc@morges.demo')!;
    expect(lucie[8]).toBe('ContactData: Consultation | Portail des prestations: Utilisateur');
    const audit = await sql(
      t,
      `select 1 from audit_event where action = 'member.exported' and actor_person = (select id from person where email = 'claire.morel@morges.demo')`,
    );
    expect(audit).toHaveLength(1);
  });

  it('writes English headers on request and filters like the list', async () => {
    const response = await download(claire, morges, { lang: 'en', search: 'perr' });
    const text = await response.text();
    // English spreadsheets split on commas, French ones on semicolons.
    expect(text.split('\r\n')[0]).toMatch(/^"Last name","First name",/);
    const rows = parseCsv(text, ',');
    expect(rows[0]![0]).toBe('Last name');
    expect(rows.slice(1).map((row) => row[0])).toEqual(['Perret']);
    expect(rows[1]![3]).toBe('Active');
  });

  it('neutralises formulas hidden in names', async () => {
    await sql(
      t,
      `update person set last_name = '=HYPERLINK("http://evil.demo","x")', first_name = '@SUM(A1)' where email = 'lucie.blanc@morges.demo'`,
    );
    const rows = parseCsv(await (await download(claire, morges)).text());
    const lucie = rows.find((row) => row[2] === 'lucie.blanc@morges.demo')!;
    expect(lucie[0]).toBe(`'=HYPERLINK("http://evil.demo","x")`);
    expect(lucie[1]).toBe(`'@SUM(A1)`);
  });

  it('limits a unit admin to its units', async () => {
    const nadia = await t.as('nadia.keller@morges.demo');
    const rows = parseCsv(await (await download(nadia, morges)).text());
    expect(
      rows
        .slice(1)
        .map((row) => row[2])
        .sort(),
    ).toEqual(['lucie.blanc@morges.demo', 'nadia.keller@morges.demo']);
  });

  it('refuses the signed-out, those without export rights, and other organisations', async () => {
    const anonymous = await download(null, morges);
    expect(anonymous.status).toBe(403);
    expect(await anonymous.json()).toMatchObject({ code: 'NOT_AUTHORISED' });
    const sophie = await t.as('sophie.martin@lumiere.demo');
    const lumiere = await actingOrganisationId(sophie);
    expect((await download(sophie, lumiere)).status).toBe(403);
    const paul = await t.as('paul.girard@lumiere.demo');
    const foreign = await download(paul, morges);
    expect(foreign.status).toBe(404);
    expect(await foreign.text()).not.toContain('morges.demo');
    const malformed = await download(claire, 'nope');
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ code: 'INVALID_INPUT', field: 'organisationId' });
    const badStatus = await download(claire, morges, { status: 'GONE' });
    expect(await badStatus.json()).toMatchObject({ field: 'status' });
  });

  it('streams 5,000 members in batches, without holding the export in memory', async () => {
    await sql(
      t,
      `with people as (
         insert into person (id, created_at, first_name, last_name, email, must_change_password, is_operator_admin)
         select gen_random_uuid(), now(), 'Prénom' || n, 'Nom' || lpad(n::text, 5, '0'), 'membre' || n || '@morges.demo', false, false
           from generate_series(1, 5000) n
         returning id, first_name, last_name)
       insert into member (id, created_at, organisation_id, person_id, status, opening_date, sort_name, mobility)
       select gen_random_uuid(), now(), o.id, p.id, 'ACTIVE', current_date, lower(p.last_name || ' ' || p.first_name), 'MOBILE'
         from people p, organisation o where o.name = 'Commune de Morges'`,
    );
    const started = Date.now();
    const response = await download(claire, morges);
    expect(response.status).toBe(200);
    // Streamed: no length known up front, the body comes in pieces as batches are written.
    expect(response.headers.get('content-length')).toBeNull();
    expect(Number(response.headers.get('x-member-count'))).toBe(5006);
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let chunks = 0;
    let firstChunkAt = 0;
    let text = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks++;
      firstChunkAt ||= Date.now() - started;
      text += decoder.decode(value, { stream: true });
    }
    const total = Date.now() - started;
    const rows = parseCsv(text);
    expect(rows.length - 1).toBe(5006);
    expect(new Set(rows.slice(1).map((row) => row[2])).size).toBe(5006);
    expect(rows[1]![2]).toBe('lucie.blanc@morges.demo');
    expect(chunks).toBeGreaterThanOrEqual(5);
    expect(firstChunkAt).toBeLessThan(total);
  });

  it('gives its database connection back when the client goes away mid-export', async () => {
    // Its own organisation and rows (longer than one chunk), so it does not rely on what an earlier test inserted.
    const data = testData(t);
    const organisation = await data.organisation();
    const principal = await data.member(organisation, { firstName: 'Paula', lastName: 'Principale' });
    await data.adminRole(principal, 'PRINCIPAL_ADMIN');
    await sql(
      t,
      `with people as (
         insert into person (id, created_at, first_name, last_name, email, must_change_password, is_operator_admin)
         select gen_random_uuid(), now(), 'Prénom' || n, 'Nom' || lpad(n::text, 5, '0'), 'parti' || n || '@example.org', false, false
           from generate_series(1, 3000) n
         returning id, first_name, last_name)
       insert into member (id, created_at, organisation_id, person_id, status, opening_date, sort_name, mobility)
       select gen_random_uuid(), now(), $1, p.id, 'ACTIVE', current_date, lower(p.last_name || ' ' || p.first_name), 'MOBILE'
         from people p`,
      [organisation.id],
    );
    const admin = await data.signIn(principal);
    // More abandoned downloads than the pool has connections (10): a cursor left open would exhaust it.
    for (let i = 0; i < 12; i++) {
      const controller = new AbortController();
      const response = await fetch(exportUrl(organisation.gid), {
        headers: { [CSRF_HEADER]: '1', cookie: admin.cookie },
        signal: controller.signal,
      });
      expect(response.status).toBe(200);
      const reader = response.body!.getReader();
      await reader.read();
      controller.abort();
    }
    const response = await download(admin, organisation.gid);
    expect(response.status).toBe(200);
    expect(parseCsv(await response.text()).length - 1).toBe(3001);
  });
});
