import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type RunningServer, screenshot, startServer } from './harness';

const password = 'Tessera-Demo-2026';
const principalAdmin = {
  email: 'claire.morel@morges.demo',
  name: 'Claire Morel',
  organisation: 'Commune de Morges',
};

describe('the authenticated shell', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    context = await browser.newContext({
      baseURL: server.url,
      locale: 'fr-FR',
      viewport: { width: 1280, height: 800 },
    });
    page = await context.newPage();
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  it('sends a signed-out visitor to the sign-in page, in French by default', async () => {
    await page.goto('/members');
    await page.waitForURL(/\/sign-in\?redirect=%2Fmembers/);
    await page.getByRole('heading', { level: 1, name: 'Connexion à votre espace' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    await screenshot(page, '01-sign-in');
  });

  it('explains a wrong password without saying which field was wrong', async () => {
    await page.getByLabel('Adresse e-mail').fill(principalAdmin.email);
    await page.getByLabel('Mot de passe', { exact: true }).fill('not-the-password');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Adresse e-mail ou mot de passe incorrect' });
    await alert.waitFor();
    await screenshot(page, '02-sign-in-wrong-password');
  });

  it('signs the principal administrator in and shows their name and organisation in the header', async () => {
    await page.getByLabel('Mot de passe', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Se connecter' }).click();

    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
    if (new URL(page.url()).pathname === '/choose-organisation') {
      await page.getByRole('button', { name: new RegExp(principalAdmin.organisation) }).click();
    }
    await page.waitForURL(/\/members$/);

    const header = page.getByRole('banner');
    await header.getByText(principalAdmin.name).waitFor();
    await header.getByText(principalAdmin.organisation).waitFor();
    const nav = page.getByRole('navigation', { name: 'Navigation principale' });
    expect(await nav.getByRole('link', { name: 'Membres' }).getAttribute('aria-current')).toBe('page');
    await screenshot(page, '03-shell-members');

    await nav.getByRole('link', { name: 'Tableau de bord' }).click();
    await page.getByRole('heading', { level: 1, name: 'Tableau de bord' }).waitFor();
    await page.getByTestId('dashboard-context').getByText(principalAdmin.organisation).waitFor();
    // Focus moves to the new page's heading so screen readers announce it.
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    await screenshot(page, '04-dashboard-fr');
  });

  it('switches the whole interface to English', async () => {
    // The radio itself is visually hidden; people click its label.
    const english = page.getByRole('radio', { name: 'English' });
    await page.locator(`label[for="${await english.getAttribute('id')}"]`).click();
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    for (const label of [
      'Dashboard',
      'Members',
      'Groups',
      'Services',
      'Requests',
      'Administrators',
      'Units',
      'Audit log',
    ]) {
      await nav.getByRole('link', { name: label, exact: true }).waitFor();
    }
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await screenshot(page, '05-dashboard-en');
  });

  it('signs out and returns to the sign-in page', async () => {
    await page.getByRole('button', { name: `Account: ${principalAdmin.name}` }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.waitForURL(/\/sign-in$/);
    await page.getByRole('heading', { level: 1, name: 'Sign in to your workspace' }).waitFor();
    await screenshot(page, '06-signed-out');

    await page.goto('/');
    await page.waitForURL(/\/sign-in$/);
  });
});
