import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type RunningServer, screenshot, signIn, startServer } from './harness';

/**
 * The CSAM journey's user management (guide 002), as Paul Girard, principal administrator of the Centre social
 * Lumière: block Hugo Lefèvre for all groups and unblock him, block him in one group and unblock him, then remove
 * him from the group, seeing each status change.
 */
describe('CSAM: blocking and removing a user', () => {
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
      viewport: { width: 1280, height: 900 },
    });
    page = await context.newPage();
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  const status = () => page.getByTestId('member-status').first();
  const groupRow = () => page.getByTestId('group-row-Accueil');

  it('finds Hugo Lefèvre in the members list by searching', async () => {
    await signIn(page, 'paul.girard@lumiere.demo');
    await page
      .getByRole('navigation', { name: 'Navigation principale' })
      .getByRole('link', { name: 'Membres' })
      .click();
    await page.getByRole('region', { name: 'Liste des membres' }).getByRole('table').waitFor();
    await page.getByLabel('Rechercher').fill('lef');
    await page.waitForURL(/search=lef/);
    await expect
      .poll(() =>
        page.getByRole('region', { name: 'Liste des membres' }).getByRole('table').getByRole('row').count(),
      )
      .toBe(2);
    await page.getByRole('link', { name: 'Lefèvre Hugo' }).click();
    await page.getByRole('heading', { level: 1, name: 'Hugo Lefèvre' }).waitFor();
    expect(await status().textContent()).toBe('Actif');
  });

  it('blocks him for all groups, after confirming, then unblocks him', async () => {
    await page.getByRole('button', { name: 'Bloquer pour tous les groupes' }).click();
    const dialog = page.getByRole('dialog', { name: 'Bloquer Hugo Lefèvre pour tous les groupes ?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Bloquer' }).click();
    await expect.poll(() => status().textContent()).toBe('Bloqué');
    await page.getByText('bloqué pour tous les groupes : il n’a accès à aucun service').waitFor();
    await screenshot(page, 'csam-01-blocked-for-all-groups');
    await page.getByRole('button', { name: 'Débloquer', exact: true }).click();
    await expect.poll(() => status().textContent()).toBe('Actif');
  });

  it('blocks him in the group Accueil only, then unblocks him there', async () => {
    expect(await groupRow().getByText('Actif').count()).toBe(1);
    await page.getByRole('button', { name: 'Bloquer dans le groupe Accueil' }).click();
    await expect.poll(() => groupRow().getByText('Bloqué', { exact: true }).count()).toBe(1);
    // Blocked in one group is not blocked everywhere.
    expect(await status().textContent()).toBe('Actif');
    await screenshot(page, 'csam-02-blocked-in-one-group');
    await page.getByRole('button', { name: 'Débloquer dans le groupe Accueil' }).click();
    await expect.poll(() => groupRow().getByText('Actif', { exact: true }).count()).toBe(1);
  });

  it('removes him from the group; he stays a member of the organisation', async () => {
    await page.getByRole('button', { name: 'Retirer du groupe Accueil' }).click();
    await page.getByText('Membre d’aucun groupe.').waitFor();
    expect(await groupRow().count()).toBe(0);
    expect(await status().textContent()).toBe('Actif');
    await screenshot(page, 'csam-03-removed-from-group');
    await page.reload();
    await page.getByText('Membre d’aucun groupe.').waitFor();
  });
});
