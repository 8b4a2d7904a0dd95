import { createServer, type Server } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type RunningServer, screenshot, signIn, startServer } from './harness';

/**
 * A mail relay that refuses every recipient with a permanent 550 until told to accept, and counts what it accepts:
 * enough SMTP for nodemailer (no extensions, no TLS).
 */
async function startRelay() {
  const state = { refusing: true, accepted: [] as string[] };
  const waiters: (() => void)[] = [];
  const server: Server = createServer((socket) => {
    let buffer = '';
    let inData = false;
    let recipient = '';
    socket.write('220 relay.test ESMTP\r\n');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          buffer = buffer.slice(end + 5);
          inData = false;
          state.accepted.push(recipient);
          for (const wake of waiters.splice(0)) wake();
          socket.write('250 queued\r\n');
          continue;
        }
        const newline = buffer.indexOf('\r\n');
        if (newline < 0) return;
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') socket.write('250 relay.test\r\n');
        else if (verb === 'MAIL' || verb === 'RSET' || verb === 'NOOP') socket.write('250 OK\r\n');
        else if (verb === 'RCPT') {
          recipient = /<([^>]*)>/.exec(line)?.[1] ?? '';
          socket.write(state.refusing ? '550 5.1.1 Mailbox unavailable\r\n' : '250 OK\r\n');
        } else if (verb === 'DATA') {
          inData = true;
          socket.write('354 go ahead\r\n');
        } else if (verb === 'QUIT') socket.end('221 bye\r\n');
        else socket.write('502 not implemented\r\n');
      }
    });
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `smtp://127.0.0.1:${port}`,
    state,
    /** resolves once a message to `recipient` has been accepted */
    async accepted(recipient: string): Promise<void> {
      while (!state.accepted.includes(recipient)) await new Promise<void>((wake) => waiters.push(wake));
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * The operator's failed jobs: a reset e-mail the relay refuses fails its dispatch job at once (a permanent
 * refusal is not retried); the operator finds it on the Failed jobs page, with the relay's message, and retries it
 * once the relay accepts again. The e-mail then goes, and the job leaves the list.
 */
describe('the operator retries a failed background job', () => {
  let relay: Awaited<ReturnType<typeof startRelay>>;
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    relay = await startRelay();
    const previous = process.env.SMTP_URL;
    process.env.SMTP_URL = relay.url;
    try {
      server = await startServer();
    } finally {
      if (previous === undefined) delete process.env.SMTP_URL;
      else process.env.SMTP_URL = previous;
    }
    browser = await launchBrowser();
    context = await browser.newContext({
      baseURL: server.url,
      locale: 'fr-FR',
      viewport: { width: 1280, height: 900 },
    });
    page = await context.newPage();
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
    await relay?.close();
  });

  it('lists the dispatch job of a refused e-mail, then runs it again when the operator retries it', async () => {
    await page.goto('/forgot-password');
    await page.getByLabel('Adresse e-mail').fill('claire.morel@morges.demo');
    await page.getByRole('button', { name: 'Envoyer le lien' }).click();
    await page.getByText(/Si un compte existe pour claire\.morel@morges\.demo/).waitFor();

    await signIn(page, 'operateur@tessera.demo');
    await page
      .getByRole('navigation', { name: 'Navigation principale' })
      .getByRole('link', { name: 'Tâches en échec' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Tâches en échec' }).waitFor();

    // The job fails within a second or two of the request; the page shows it once reloaded after that.
    const table = page.getByRole('table', { name: 'Tâches en échec' });
    for (let attempt = 0; ; attempt++) {
      // Each load ends with the list or with its empty state.
      await table.getByText('mail.dispatch').or(page.getByText('Aucune tâche en échec.')).first().waitFor();
      if (await table.getByText('mail.dispatch').isVisible()) break;
      if (attempt >= 20) throw new Error('the failed dispatch job never appeared');
      await page.waitForTimeout(500);
      await page.reload();
    }
    const row = table.getByRole('row').filter({ hasText: 'mail.dispatch' });
    await row.getByText(/550 5\.1\.1 Mailbox unavailable/).waitFor();
    await expect(row.getByRole('cell').nth(1).textContent()).resolves.toBe('1');
    await screenshot(page, 'failed-jobs-01-list');

    relay.state.refusing = false;
    await row.getByRole('button', { name: /^Relancer la tâche mail\.dispatch/ }).click();
    await page.getByText('La tâche est relancée.').waitFor();
    await page.getByText('Aucune tâche en échec.').waitFor();
    await relay.accepted('claire.morel@morges.demo');
  });
});
