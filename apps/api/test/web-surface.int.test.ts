import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { devMailboxAllowed, handleDevMailbox } from '../src/http/dev-mailbox.js';
import { CSRF_HEADER, isLoopbackAddress } from '../src/http/web-surface.js';
import { startTestApp, type TestApp } from './app.js';

const PUBLIC_URL = 'https://tessera.example.org';
const PARTNER = 'https://partner.example.org';

interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** One HTTP request with exactly these headers (fetch would not let a test forge Host). */
function raw(
  baseUrl: string,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      new URL(path, baseUrl),
      { method: options.method ?? 'GET', headers: options.headers },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const SIGN_IN = JSON.stringify({
  query:
    'mutation { signIn(input: { email: "claire.morel@morges.demo", password: "Tessera-Demo-2026" }) { __typename } }',
});
const REQUEST_RESET = (email: string) =>
  JSON.stringify({
    query: 'mutation($email: String!) { requestPasswordReset(input: { email: $email }) { __typename } }',
    variables: { email },
  });

const json = { 'content-type': 'application/json', [CSRF_HEADER]: '1' };

function expectSecurityHeaders(headers: IncomingHttpHeaders) {
  const csp = String(headers['content-security-policy']);
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('no-referrer');
  expect(headers['permissions-policy']).toContain('camera=()');
}

describe('web surface, with PUBLIC_URL on https and one extra CORS origin', () => {
  let t: TestApp;
  let webDist: string;

  beforeAll(async () => {
    webDist = mkdtempSync(join(tmpdir(), 'tessera-web-'));
    mkdirSync(join(webDist, 'assets'));
    writeFileSync(
      join(webDist, 'index.html'),
      '<!doctype html><script type="module" src="/assets/app.js"></script>',
    );
    writeFileSync(join(webDist, 'assets', 'app.js'), 'console.log("app");');
    t = await startTestApp({
      PUBLIC_URL,
      CORS_ORIGINS: `${PARTNER}, http://localhost:5173`,
      WEB_DIST: webDist,
    });
  });

  afterAll(async () => {
    await t?.stop();
    rmSync(webDist, { recursive: true, force: true });
  });

  describe('e-mail links', () => {
    it('builds a reset link from PUBLIC_URL even when the request forges its Host header', async () => {
      const response = await raw(t.url, '/graphql', {
        method: 'POST',
        headers: { ...json, host: 'evil.example:8080', 'x-forwarded-host': 'evil.example:8080' },
        body: REQUEST_RESET('marc.favre@morges.demo'),
      });
      expect(JSON.parse(response.body).data.requestPasswordReset.__typename).toBe(
        'MutationRequestPasswordResetSuccess',
      );
      const mail = await t.smtp.waitFor((m) => m.to.includes('marc.favre@morges.demo'));
      const links = mail.text.match(/https?:\/\/\S+/g) ?? [];
      expect(links.length).toBeGreaterThan(0);
      for (const link of links) expect(link.startsWith(`${PUBLIC_URL}/`)).toBe(true);
      expect(mail.text).not.toContain('evil.example');
    });
  });

  describe('CORS', () => {
    it('gives a foreign origin no allow-origin, on the request and on its preflight', async () => {
      const post = await raw(t.url, '/graphql', {
        method: 'POST',
        headers: { ...json, origin: 'https://evil.example' },
        body: SIGN_IN,
      });
      expect(post.headers['access-control-allow-origin']).toBeUndefined();
      expect(post.headers['access-control-allow-credentials']).toBeUndefined();
      const preflight = await raw(t.url, '/graphql', {
        method: 'OPTIONS',
        headers: {
          origin: 'https://evil.example',
          'access-control-request-method': 'POST',
          'access-control-request-headers': `content-type, ${CSRF_HEADER}`,
        },
      });
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
      expect(preflight.headers['access-control-allow-headers']).toBeUndefined();
    });

    it('never reflects an origin that only resembles a configured one', async () => {
      for (const origin of [`${PARTNER}.evil.example`, 'http://partner.example.org', 'null', PUBLIC_URL]) {
        const response = await raw(t.url, '/graphql', {
          method: 'POST',
          headers: { ...json, origin },
          body: SIGN_IN,
        });
        expect(response.headers['access-control-allow-origin'], origin).toBeUndefined();
      }
    });

    it('allows a configured origin, with credentials, the CSRF header and a Vary on Origin', async () => {
      const preflight = await raw(t.url, '/graphql', {
        method: 'OPTIONS',
        headers: {
          origin: PARTNER,
          'access-control-request-method': 'POST',
          'access-control-request-headers': `content-type, ${CSRF_HEADER}`,
        },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers['access-control-allow-origin']).toBe(PARTNER);
      expect(preflight.headers['access-control-allow-credentials']).toBe('true');
      expect(preflight.headers['access-control-allow-headers']).toContain(CSRF_HEADER);
      const post = await raw(t.url, '/graphql', {
        method: 'POST',
        headers: { ...json, origin: PARTNER },
        body: SIGN_IN,
      });
      expect(post.headers['access-control-allow-origin']).toBe(PARTNER);
      expect(post.headers.vary).toMatch(/origin/i);
    });
  });

  describe('CSRF prevention', () => {
    const mutation =
      'mutation { signIn(input: { email: "claire.morel@morges.demo", password: "Tessera-Demo-2026" }) { __typename } }';
    const cases: { name: string; contentType: string; body: string }[] = [
      {
        name: 'form-encoded',
        contentType: 'application/x-www-form-urlencoded',
        body: new URLSearchParams({ query: mutation }).toString(),
      },
      {
        name: 'multipart',
        contentType: 'multipart/form-data; boundary=XyZ',
        body: `--XyZ\r\nContent-Disposition: form-data; name="operations"\r\n\r\n${JSON.stringify({ query: mutation })}\r\n--XyZ\r\nContent-Disposition: form-data; name="map"\r\n\r\n{}\r\n--XyZ--\r\n`,
      },
      { name: 'text/plain', contentType: 'text/plain', body: JSON.stringify({ query: mutation }) },
    ];

    for (const { name, contentType, body } of cases) {
      it(`refuses a ${name} mutation with a typed 4xx, with or without the CSRF header, and opens no session`, async () => {
        const without = await raw(t.url, '/graphql', {
          method: 'POST',
          headers: { 'content-type': contentType },
          body,
        });
        expect(without.status).toBe(403);
        expect(JSON.parse(without.body).errors[0].extensions.code).toBe('CSRF_HEADER_REQUIRED');
        expect(without.headers['set-cookie']).toBeUndefined();
        const withHeader = await raw(t.url, '/graphql', {
          method: 'POST',
          headers: { 'content-type': contentType, [CSRF_HEADER]: '1' },
          body,
        });
        expect(withHeader.status).toBe(415);
        expect(JSON.parse(withHeader.body).errors[0].extensions.code).toBe('UNSUPPORTED_MEDIA_TYPE');
        expect(withHeader.headers['set-cookie']).toBeUndefined();
      });
    }

    it('refuses a JSON request without the CSRF header with a typed 403', async () => {
      const response = await raw(t.url, '/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: SIGN_IN,
      });
      expect(response.status).toBe(403);
      expect(JSON.parse(response.body)).toEqual({
        errors: [
          {
            message: `Send the ${CSRF_HEADER} header with every request (any value).`,
            extensions: { code: 'CSRF_HEADER_REQUIRED' },
          },
        ],
      });
      expect(response.headers['set-cookie']).toBeUndefined();
    });

    it('runs a JSON mutation that carries the CSRF header', async () => {
      const response = await raw(t.url, '/graphql', { method: 'POST', headers: json, body: SIGN_IN });
      expect(response.status).toBe(200);
      expect(JSON.parse(response.body).data.signIn.__typename).toBe('MutationSignInSuccess');
      expect(response.headers['set-cookie']?.[0]).toMatch(/^tessera_session=.+; Secure/);
    });

    it('refuses a GET without the header, and never runs a mutation over GET even with it', async () => {
      const query = encodeURIComponent('{ __typename }');
      const plain = await raw(t.url, `/graphql?query=${query}`, { headers: { accept: 'application/json' } });
      expect(plain.status).toBe(403);
      expect(JSON.parse(plain.body).errors[0].extensions.code).toBe('CSRF_HEADER_REQUIRED');
      const read = await raw(t.url, `/graphql?query=${query}`, {
        headers: { accept: 'application/json', [CSRF_HEADER]: '1' },
      });
      expect(JSON.parse(read.body)).toEqual({ data: { __typename: 'Query' } });
      const write = await raw(t.url, `/graphql?query=${encodeURIComponent(JSON.parse(SIGN_IN).query)}`, {
        headers: { accept: 'application/json', [CSRF_HEADER]: '1' },
      });
      expect(write.status).toBe(405);
      expect(write.headers['set-cookie']).toBeUndefined();
    });

    it('refuses a members export without the CSRF header with a typed 403', async () => {
      const response = await raw(t.url, '/export/members.csv?organisationId=x');
      expect(response.status).toBe(403);
      expect(JSON.parse(response.body).code).toBe('CSRF_HEADER_REQUIRED');
    });

    it('opens a WebSocket only for the app’s own origin, a configured one, or no Origin at all', async () => {
      const wsUrl = `${t.url.replace(/^http/, 'ws')}/graphql`;
      const attempt = (origin?: string) =>
        new Promise<number>((resolve, reject) => {
          const socket = new WebSocket(wsUrl, 'graphql-transport-ws', origin ? { origin } : {});
          socket.on('open', () => {
            socket.close();
            resolve(101);
          });
          socket.on('unexpected-response', (_req, res: IncomingMessage) => resolve(res.statusCode ?? 0));
          socket.on('error', reject);
        });
      expect(await attempt('https://evil.example')).toBe(401);
      expect(await attempt(PARTNER)).toBe(101);
      expect(await attempt(PUBLIC_URL)).toBe(101);
      expect(await attempt()).toBe(101);
    });
  });

  describe('security headers', () => {
    it('are on /graphql answers, with HSTS since PUBLIC_URL is https', async () => {
      const response = await raw(t.url, '/graphql', { method: 'POST', headers: json, body: SIGN_IN });
      expectSecurityHeaders(response.headers);
      expect(response.headers['strict-transport-security']).toMatch(/^max-age=\d{7,}/);
      const refused = await raw(t.url, '/graphql', {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
      });
      expectSecurityHeaders(refused.headers);
    });

    it('give GraphiQL (outside production only) its own policy, still without framing', async () => {
      const page = await raw(t.url, '/graphql', { headers: { accept: 'text/html' } });
      expect(page.status).toBe(200);
      expect(page.body).toContain(CSRF_HEADER);
      const csp = String(page.headers['content-security-policy']);
      expect(csp).toContain('https://unpkg.com');
      expect(csp).toContain("frame-ancestors 'none'");
      expect(page.headers['x-content-type-options']).toBe('nosniff');
    });

    it('are on the SPA page, a static asset, the export and the health check', async () => {
      const page = await raw(t.url, '/');
      expect(page.body).toContain('/assets/app.js');
      expectSecurityHeaders(page.headers);
      const deepLink = await raw(t.url, '/members');
      expect(deepLink.body).toContain('/assets/app.js');
      expectSecurityHeaders(deepLink.headers);
      const asset = await raw(t.url, '/assets/app.js');
      expect(asset.body).toContain('console.log');
      expectSecurityHeaders(asset.headers);
      expect(asset.headers['strict-transport-security']).toBeDefined();
      expectSecurityHeaders((await raw(t.url, '/export/members.csv')).headers);
      expectSecurityHeaders((await raw(t.url, '/healthz')).headers);
    });
  });
});

describe('web surface, with the defaults and mail kept in files (no SMTP_URL)', () => {
  let t: TestApp;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'tessera-data-'));
    t = await startTestApp({ SMTP_URL: '', DATA_DIR: dataDir, WEB_DIST: join(dataDir, 'no-web') });
  });

  afterAll(async () => {
    await t?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Lists the dev mailbox until a message whose subject contains `subject` shows, or fails at the deadline. */
  async function mailboxEntry(subject: string): Promise<string> {
    // Mail is written by the outbox dispatcher after the commit: drain it, then the mailbox holds it or never will.
    await t.drainOutbox();
    const list = await raw(t.url, '/dev/mail');
    expect(list.status).toBe(200);
    const entry = list.body.split('<li>').find((item) => item.includes(subject));
    const href = entry && /href="(\/dev\/mail\/[^"]+)"/.exec(entry)?.[1];
    if (!href) throw new Error(`no mail "${subject}" in the dev mailbox: ${list.body}`);
    return href;
  }

  it('links e-mails to the address the server prints at start (http://localhost:PORT), whatever the Host', async () => {
    expect(t.url).toMatch(/^http:\/\/localhost:\d+$/);
    await raw(t.url, '/graphql', {
      method: 'POST',
      headers: { ...json, host: 'evil.example:8080' },
      body: REQUEST_RESET('nadia.keller@morges.demo'),
    });
    const href = await mailboxEntry('Réinitialisation de votre mot de passe');
    const message = await raw(t.url, href);
    expect(message.status).toBe(200);
    expect(message.body).toContain('nadia.keller@morges.demo');
    expect(message.body).toMatch(
      new RegExp(`<a href="${t.url}/reset-password\\?token=[^"]+">${t.url}/reset-password\\?token=`),
    );
    expect(message.body).not.toContain('evil.example');
    // A real message as the mailer writes it (encoded-word subject, quoted-printable body) reads decoded.
    expect(message.body).toContain('<h1>Réinitialisation de votre mot de passe / Reset your password</h1>');
    expect(message.body).toContain(
      'Une réinitialisation du mot de passe de votre compte Tessera a été demandée.',
    );
    expect(message.body).not.toMatch(/=\?utf-8\?|=C3=|=\r?\n/i);
  });

  it('shows a message MIME-decoded (encoded-word subject, base64 body), HTML-escaped, with its links clickable', async () => {
    const subject = 'Réinitialisation <script>alert(1)</script>';
    const body =
      'Bonjour Zoé,\nsuivez https://tessera.test/reset?token=a&b=1 <b>ici</b>\nou javascript:alert(2)';
    writeFileSync(
      join(t.app.config.mailDir, '9999-crafted.eml'),
      [
        'From: Tessera <no-reply@tessera.local>',
        'To: zoe@example.test',
        `Subject: =?UTF-8?B?${Buffer.from(subject).toString('base64')}?=`,
        'MIME-Version: 1.0',
        'Content-Type: text/plain; charset=utf-8',
        'Content-Transfer-Encoding: base64',
        '',
        Buffer.from(body).toString('base64'),
        '',
      ].join('\r\n'),
    );
    const list = await raw(t.url, '/dev/mail');
    expect(list.body).toContain('Réinitialisation &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(list.body).not.toContain('<script>');
    const message = await raw(t.url, '/dev/mail/9999-crafted.eml');
    expectSecurityHeaders(message.headers);
    expect(message.headers['strict-transport-security']).toBeUndefined();
    expect(message.body).toContain('<h1>Réinitialisation &lt;script&gt;alert(1)&lt;/script&gt;</h1>');
    expect(message.body).toContain('Bonjour Zoé,');
    expect(message.body).toContain(
      '<a href="https://tessera.test/reset?token=a&amp;b=1">https://tessera.test/reset?token=a&amp;b=1</a> &lt;b&gt;ici&lt;/b&gt;',
    );
    expect(message.body).not.toContain('href="javascript:');
    expect(message.body).not.toContain('<script>');
  });

  it('answers 404 for a file that is not in the listing', async () => {
    expect((await raw(t.url, '/dev/mail/..%2F..%2Fetc%2Fpasswd')).status).toBe(404);
    expect((await raw(t.url, '/dev/mail/%E0%A4%A')).status).toBe(404);
  });

  it('refuses a connection from another machine, without sending any traffic off this one', async () => {
    const from = (remoteAddress: string) => ({ socket: { remoteAddress } }) as IncomingMessage;
    let status = 0;
    let sent = '';
    const res = {
      writeHead(code: number) {
        status = code;
        return res;
      },
      end(chunk?: string) {
        sent = chunk ?? '';
        return res;
      },
    };
    await handleDevMailbox(t.app.config, from('192.0.2.10'), res as never, new URL('http://x/dev/mail'));
    expect(status).toBe(404);
    expect(sent).not.toContain('Dev mailbox');
    await handleDevMailbox(t.app.config, from('::ffff:10.0.0.5'), res as never, new URL('http://x/dev/mail'));
    expect(status).toBe(404);
    await handleDevMailbox(t.app.config, from('127.0.0.1'), res as never, new URL('http://x/dev/mail'));
    expect(status).toBe(200);
    expect(sent).toContain('Dev mailbox');
  });

  it('is closed in production even on loopback', () => {
    const loopback = { socket: { remoteAddress: '127.0.0.1' } } as IncomingMessage;
    expect(devMailboxAllowed(t.app.config, loopback)).toBe(true);
    expect(devMailboxAllowed({ ...t.app.config, NODE_ENV: 'production' }, loopback)).toBe(false);
  });

  it('treats only 127.0.0.0/8, ::1 and IPv4-mapped 127.x as loopback', () => {
    for (const address of ['127.0.0.1', '127.255.3.4', '::1', '::ffff:127.0.0.1', '::FFFF:127.1.2.3'])
      expect(isLoopbackAddress(address), address).toBe(true);
    for (const address of [
      '10.0.0.1',
      '192.0.2.10',
      '::ffff:10.0.0.5',
      '::2',
      'fe80::1',
      '128.0.0.1',
      '1270.0.0.1',
      '',
      undefined,
    ])
      expect(isLoopbackAddress(address), String(address)).toBe(false);
  });
});
