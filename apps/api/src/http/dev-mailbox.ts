import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { type AddressObject, simpleParser } from 'mailparser';
import type { Config } from '../config.js';
import { isLoopbackAddress } from './web-surface.js';

export const DEV_MAILBOX_PATH = '/dev/mail';

/** Whether this request may see the dev mailbox: never in production, only from this machine. */
export function devMailboxAllowed(config: Config, req: IncomingMessage): boolean {
  // Behind a proxy the socket peer is the proxy, however remote the client: then never.
  return (
    config.NODE_ENV !== 'production' &&
    config.TRUST_PROXY.kind === 'off' &&
    req.headers?.['x-forwarded-for'] === undefined &&
    req.headers?.forwarded === undefined &&
    isLoopbackAddress(req.socket.remoteAddress)
  );
}

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/** Escapes plain text and turns its http(s) links into anchors (no other scheme can become a link). */
export function linkify(text: string): string {
  let html = '';
  let last = 0;
  for (const match of text.matchAll(/https?:\/\/[^\s<>"')]+/g)) {
    html += escapeHtml(text.slice(last, match.index));
    const href = escapeHtml(match[0]);
    html += `<a href="${href}">${href}</a>`;
    last = match.index + match[0].length;
  }
  return html + escapeHtml(text.slice(last));
}

const addresses = (value: AddressObject | AddressObject[] | undefined) =>
  (Array.isArray(value) ? value : value ? [value] : []).map((address) => address.text).join(', ');

const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>` +
  `<body><p><a href="${DEV_MAILBOX_PATH}">Dev mailbox</a></p>${body}</body></html>`;

/**
 * The development mailbox: without SMTP_URL, mail is kept as .eml files; this lists them and shows each one
 * MIME-decoded (encoded-word subjects, quoted-printable and base64 bodies), its links clickable. The server
 * calls it only when `devMailboxAllowed`; it answers 404 otherwise so a stray call shows nothing either.
 */
export async function handleDevMailbox(
  config: Config,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  if (!devMailboxAllowed(config, req)) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
    return;
  }
  const dir = config.mailDir;
  const files = existsSync(dir)
    ? (await readdir(dir))
        .filter((f) => f.endsWith('.eml'))
        .sort()
        .reverse()
    : [];
  let name: string;
  try {
    name = decodeURIComponent(url.pathname.slice(`${DEV_MAILBOX_PATH}/`.length));
  } catch {
    name = '\0';
  }
  const html = (status: number, body: string) =>
    res
      .writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
      .end(body);
  if (name) {
    // Only names from the listing: no path can reach outside the mail folder.
    if (!files.includes(name)) return void html(404, page('Not found', '<p>No such message.</p>'));
    const mail = await simpleParser(await readFile(join(dir, name)));
    const subject = mail.subject ?? '(no subject)';
    return void html(
      200,
      page(
        subject,
        `<h1>${escapeHtml(subject)}</h1><dl><dt>From</dt><dd>${escapeHtml(addresses(mail.from))}</dd>` +
          `<dt>To</dt><dd>${escapeHtml(addresses(mail.to))}</dd>` +
          `<dt>Date</dt><dd>${escapeHtml(mail.date?.toISOString() ?? '')}</dd></dl>` +
          `<pre>${linkify(mail.text ?? '')}</pre>`,
      ),
    );
  }
  const items: string[] = [];
  for (const file of files) {
    const mail = await simpleParser(await readFile(join(dir, file)));
    items.push(
      `<li><a href="${DEV_MAILBOX_PATH}/${encodeURIComponent(file)}">${escapeHtml(mail.subject ?? file)}</a>` +
        ` — ${escapeHtml(addresses(mail.to))}</li>`,
    );
  }
  html(
    200,
    page(
      'Dev mailbox',
      `<h1>Dev mailbox</h1><p>${escapeHtml(dir)}</p><ul>${items.join('') || '<li>No mail yet.</li>'}</ul>`,
    ),
  );
}
