import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type RunningServer, screenshot, signIn, startServer } from './harness';

/**
 * Guide 003 (issue 14): a referent starts an account review of the organisation, decides as reviewer (keeps one
 * right, revokes another with a reason), sees the progress, and the revoked right is gone from the member's access.
 */
describe('review campaign: start, decide keep and revoke, progress, access', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext | undefined;
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
    await signIn(page, 'marc.favre@morges.demo', { language: 'fr' });
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  const items = () => page.getByRole('table', { name: 'Éléments à certifier' });
  const row = (member: string, right: string) =>
    items().getByRole('row').filter({ hasText: member }).filter({ hasText: right });

  async function accessRows(member: string): Promise<string[]> {
    await page.goto('/members');
    await page.getByRole('region', { name: 'Liste des membres' }).getByRole('link', { name: member }).click();
    await page.getByRole('link', { name: 'Voir les services détenus et les habilitations' }).click();
    const access = page.getByRole('table', { name: 'Services détenus' });
    await access.waitFor();
    return access.getByRole('row').allTextContents();
  }

  it('shows Yves’s role held through the group Comptabilité before the review', async () => {
    const rows = await accessRows('Perret Yves');
    expect(rows.some((line) => line.includes('Groupe Comptabilité'))).toBe(true);
  });

  it('lets the referent start a campaign over the organisation from the Reviews page', async () => {
    await page.goto('/');
    await page
      .getByRole('navigation', { name: 'Navigation principale' })
      .getByRole('link', { name: 'Revues' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Revues des comptes' }).waitFor();
    await page.getByLabel('Nom').fill('Revue annuelle 2026');
    await page.getByRole('button', { name: 'Lancer la campagne' }).click();
    await page.getByRole('heading', { level: 1, name: 'Revue annuelle 2026' }).waitFor();
    await items().waitFor();
    await screenshot(page, 'review-campaign-01-started');
  });

  it('keeps one right with the keyboard and refuses a revoke without a reason, then revokes with one', async () => {
    const keep = row('Nadia Keller', 'Rattachement').getByRole('button', { name: 'Conserver' });
    await keep.focus();
    await page.keyboard.press('Enter');
    await row('Nadia Keller', 'Rattachement').getByText('Conservé').waitFor();

    const membership = row('Yves Perret', 'Membre du groupe « Comptabilité »');
    await membership.getByRole('button', { name: 'Retirer' }).click();
    await membership.getByRole('button', { name: 'Valider la décision' }).click();
    await membership.getByText('Dites pourquoi ce droit est retiré.').waitFor();
    await membership.getByLabel('Commentaire').fill('A quitté la comptabilité');
    await membership.getByRole('button', { name: 'Valider la décision' }).click();
    await row('Yves Perret', 'Membre du groupe « Comptabilité »').getByText('Retiré').waitFor();
    await expect
      .poll(() => page.getByTestId('overall-progress').textContent())
      .toMatch(/^2 sur \d+ décidés$/);
    await screenshot(page, 'review-campaign-02-decided');
  });

  it('exports the evidence: who decided what, when, why', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Exporter les preuves (CSV)' }).click(),
    ]);
    const csv = await readFile((await download.path())!, 'utf8');
    const revoked = csv.split('\r\n').find((line) => line.includes('A quitté la comptabilité'));
    expect(revoked).toContain('"Yves Perret";"GROUP_MEMBERSHIP";"Comptabilité"');
    expect(revoked).toContain('"REVOKE"');
    expect(revoked).toContain('"Marc Favre"');
  });

  it('shows the progress on the list of campaigns', async () => {
    await page.getByRole('link', { name: 'Toutes les campagnes' }).click();
    const campaigns = page.getByRole('table', { name: 'Campagnes de revue' });
    await expect
      .poll(() => campaigns.getByRole('row').filter({ hasText: 'Revue annuelle 2026' }).textContent())
      .toMatch(/2 sur \d+ décidés/);
  });

  it('has taken the revoked right away from Yves’s effective access', async () => {
    const rows = await accessRows('Perret Yves');
    expect(rows.some((line) => line.includes('Groupe Comptabilité'))).toBe(false);
    await screenshot(page, 'review-campaign-03-access');
  });

  it('fits a 390 px wide screen', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/reviews');
    await page.getByRole('heading', { level: 1, name: 'Revues des comptes' }).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'review-campaign-04-narrow');
  });
});
