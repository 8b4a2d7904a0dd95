import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type RunningServer, screenshot, signIn as signInPage, startServer } from './harness';

/**
 * The Vaud journey (guide 000): Léa Dubois reads her personal identifier in her own account; Claire Morel,
 * principal administrator of the Commune de Morges, attaches her with it ("Rattacher un usager" → "Transmettre");
 * the attachment request is closed with its history; at her next sign-in Léa may act for Morges.
 */
describe('Vaud: attaching a person with its personal identifier', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let identifier = '';

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

  async function signOut(name: string) {
    await page.getByRole('button', { name: `Compte : ${name}` }).click();
    await page.getByRole('menuitem', { name: 'Se déconnecter' }).click();
    await page.waitForURL(/\/sign-in$/);
  }

  it('shows Léa her personal identifier in her own account, ready to copy', async () => {
    await signIn('lea.dubois@exemple.demo');
    await page.getByRole('button', { name: 'Compte : Léa Dubois' }).click();
    await page.getByRole('menuitem', { name: 'Mon compte' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mon compte' }).waitFor();
    const code = page.getByTestId('personal-identifier');
    await code.waitFor();
    identifier = (await code.textContent())?.trim() ?? '';
    expect(identifier).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    await page.getByRole('button', { name: 'Copier' }).waitFor();
    // The same identifier on the next visit: it is what she reads out to the administrator.
    await page.reload();
    await page.getByTestId('personal-identifier').waitFor();
    expect((await page.getByTestId('personal-identifier').textContent())?.trim()).toBe(identifier);
    await screenshot(page, 'vaud-01-personal-identifier');
    await signOut('Léa Dubois');
  });

  it('lets Claire Morel attach Léa with it from the members list', async () => {
    await signIn('claire.morel@morges.demo');
    await page
      .getByRole('navigation', { name: 'Navigation principale' })
      .getByRole('link', { name: 'Membres' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Membres' }).waitFor();
    await page.getByRole('region', { name: 'Liste des membres' }).getByRole('table').waitFor();
    expect(await page.getByRole('link', { name: 'Dubois Léa' }).count()).toBe(0);

    await page.getByRole('button', { name: 'Rattacher un usager' }).click();
    const dialog = page.getByRole('dialog', { name: 'Rattacher un usager' });
    await dialog.waitFor();
    // A wrong identifier is refused on the field, without attaching anyone.
    await dialog.getByLabel('Identifiant de l’usager').fill('AAAA-BBBB-CCCC');
    await dialog.getByRole('button', { name: 'Transmettre' }).click();
    await dialog.getByText('Aucune personne n’a cet identifiant').waitFor();
    await dialog.getByLabel('Identifiant de l’usager').fill(identifier.toLowerCase());
    await screenshot(page, 'vaud-02-attach-dialog');
    await dialog.getByRole('button', { name: 'Transmettre' }).click();

    await page.getByRole('heading', { level: 1, name: 'Léa Dubois' }).waitFor();
    expect(await page.getByTestId('member-status').textContent()).toBe('Actif');
    await page.getByRole('heading', { name: 'Demande de rattachement' }).waitFor();
    // The same state words as the requests list: the outcome, "Acceptée", once decided.
    expect(await page.getByTestId('request-state').textContent()).toBe('Acceptée');
    const history = page.getByRole('region', { name: 'Demande de rattachement' });
    for (const step of ['Demande déposée', 'Demande acceptée', 'Demande fermée'])
      await history.getByText(step, { exact: true }).first().waitFor();
    expect(await history.getByText('Claire Morel').count()).toBe(3);
    // Default role: user, with the free services only.
    await page.getByText('Utilisateur : accès aux prestations en libre accès').waitFor();
    await screenshot(page, 'vaud-03-member-with-closed-request');

    await page.getByRole('link', { name: 'Membres' }).first().click();
    await page.getByRole('link', { name: 'Dubois Léa' }).waitFor();

    // The closed request in the organisation's requests: about Léa in the list and on its page alike.
    await page.goto('/requests?view=history');
    const row = page.getByTestId('requests-table').getByRole('row').filter({ hasText: 'Rattachement' });
    await row.waitFor();
    expect(await row.locator('td').nth(3).textContent()).toBe('Léa Dubois');
    expect(await row.locator('td').nth(5).textContent()).toBe('Acceptée');
    await row.getByRole('link', { name: 'Détail de la demande déposée par Claire Morel' }).click();
    await page.getByRole('heading', { level: 1, name: 'Rattachement à l’organisation' }).waitFor();
    const objectField = page
      .getByRole('region', { name: 'Résumé' })
      .locator('div')
      .filter({ has: page.locator('dt', { hasText: /^Objet$/ }) });
    expect(await objectField.locator('dd').textContent()).toBe('Léa Dubois');
    await page.getByRole('main').getByText('Acceptée', { exact: true }).first().waitFor();
    await signOut('Claire Morel');
  });

  it('lets Léa act for the Commune de Morges at her next sign-in', async () => {
    await signIn('lea.dubois@exemple.demo');
    if (new URL(page.url()).pathname === '/choose-organisation')
      await page.getByRole('button', { name: /Commune de Morges/ }).click();
    await page.getByRole('banner').getByText('Commune de Morges').waitFor();
    await page.goto('/account');
    // The identifier was used up: she is shown a new one.
    await page.getByTestId('personal-identifier').waitFor();
    expect((await page.getByTestId('personal-identifier').textContent())?.trim()).not.toBe(identifier);
    await screenshot(page, 'vaud-04-lea-acts-for-morges');
  });
});
