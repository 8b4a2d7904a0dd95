import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type RunningServer, screenshot, signIn as signInPage, startServer } from './harness';

/**
 * Guide 003 (health establishments): at least two referents in each establishment. Claire Morel, principal admin of
 * the Commune de Morges, sees "Sans référent" on its units; removing the substitute referent (Julie Rochat) warns
 * that the organisation would be left with one referent only; once removed, the Administrators page says
 * "Un seul référent" and the dashboard counts the finding and lists it. The members-by-status chart has its table.
 */
describe('Guide 003: continuity checks', () => {
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

  async function signIn(email: string) {
    await signInPage(page, email);
  }

  const continuity = () => page.getByRole('region', { name: 'Contrôles de continuité' });

  it('shows the principal admin the counts on the dashboard, and the members by status as a table', async () => {
    await signIn('claire.morel@morges.demo');
    await continuity().waitFor();
    await continuity().getByRole('link', { name: 'Moins de deux référents : 3 constats' }).waitFor();
    const table = page.getByTestId('members-by-status');
    await table.getByRole('rowheader', { name: 'Actif' }).waitFor();
    const active = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Actif' }) });
    expect(Number((await active.getByRole('cell').textContent())?.trim())).toBeGreaterThan(0);
    await screenshot(page, 'continuity-01-dashboard');
  });

  it('marks units without referents and warns before removing the substitute referent', async () => {
    await page
      .getByRole('navigation', { name: 'Navigation principale' })
      .getByRole('link', { name: 'Administrateurs' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Administrateurs' }).waitFor();
    const population = page.getByRole('region', { name: 'Unité : Service de la population' });
    await population.getByText('Sans référent').waitFor();
    const organisation = page.getByRole('region', { name: 'Organisation entière' });
    expect(await organisation.getByTestId('referent-shortage').count()).toBe(0);

    // Keyboard: the removal button is reached and pressed without a mouse.
    const remove = page.getByRole('button', { name: /^Retirer le rôle\W+Julie Rochat$/ });
    await remove.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Retirer ce rôle ?' });
    await dialog.waitFor();
    await dialog.getByText('Ce retrait crée un constat de continuité').waitFor();
    await dialog.getByText('L’organisation n’aura plus qu’un seul référent à son niveau.').waitFor();
    await screenshot(page, 'continuity-02-removal-warning');
    await dialog.getByRole('button', { name: 'Retirer le rôle' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await organisation.getByText('Un seul référent').waitFor();
    // The list is read again after the removal: Julie's role leaves it.
    await page
      .getByRole('button', { name: /^Retirer le rôle\W+Julie Rochat$/ })
      .waitFor({ state: 'detached' });
  });

  it('does not warn when removing a role that leaves every scope as it was', async () => {
    await page.getByRole('button', { name: /^Retirer le rôle\W+Nadia Keller$/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Retirer ce rôle ?' });
    await dialog.waitFor();
    expect(await dialog.getByTestId('removal-warning').count()).toBe(0);
    await dialog.getByRole('button', { name: 'Annuler' }).click();
    await dialog.waitFor({ state: 'hidden' });
  });

  it('counts the new finding on the dashboard and lists it', async () => {
    await page
      .getByRole('navigation', { name: 'Navigation principale' })
      .getByRole('link', { name: 'Tableau de bord' })
      .click();
    const link = continuity().getByRole('link', { name: 'Moins de deux référents : 4 constats' });
    await link.waitFor();
    await link.click();
    await page.getByRole('heading', { level: 1, name: 'Constats de continuité' }).waitFor();
    expect(new URL(page.url()).searchParams.get('kind')).toBe('FEWER_THAN_TWO_REFERENTS');
    const findings = page.getByTestId('findings');
    await findings.getByText('L’organisation n’a qu’un seul référent à son niveau.').waitFor();
    await findings.getByText('L’établissement « Service de la population » n’a aucun référent.').waitFor();
    expect(await findings.getByRole('listitem').count()).toBe(4);
    await screenshot(page, 'continuity-03-findings');

    // The principal admin sets the organisation's inactivity threshold.
    const threshold = page.getByLabel('Compte inutilisé après (jours sans connexion)');
    expect(await threshold.inputValue()).toBe('180');
    await threshold.fill('365');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByText('Le seuil d’inactivité est enregistré.').waitFor();
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Constats de continuité' }).waitFor();
    await expect.poll(() => threshold.inputValue()).toBe('365');
  });
});
