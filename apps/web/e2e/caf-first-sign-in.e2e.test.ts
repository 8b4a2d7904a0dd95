import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type RunningServer, screenshot, signIn as signInPage, startServer } from './harness';

/**
 * The Caf journey's accounts (guide 001): the partner administrator creates a user (nominative e-mail typed
 * twice, mobility, opening date today by default) and hands over the temporary password; at first sign-in the
 * user accepts the terms and replaces the password, with the policy checked live, before anything else. Then
 * the administrator exports the users with the services they hold (Orange, guide 004).
 */
const password = 'Tessera-Demo-2026';

describe('Caf: a new user’s first sign-in', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let temporary = '';

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

  async function signIn(email: string, secret: string) {
    await signInPage(page, email, { password: secret });
  }

  it('lets Paul Girard create a user, refusing a shared mailbox and a mistyped confirmation', async () => {
    await signIn('paul.girard@lumiere.demo', password);
    await page.goto('/members');
    await page.getByRole('link', { name: 'Créer un membre' }).click();
    await page.getByRole('heading', { level: 1, name: 'Créer un membre' }).waitFor();
    const today = new Date();
    // The opening date starts on today, written as a French reader reads a day (the calendar input, issue 18).
    const day = `${String(today.getDate()).padStart(2, '0')}.${String(today.getMonth() + 1).padStart(2, '0')}.${today.getFullYear()}`;
    expect(await page.getByLabel('Date d’ouverture').inputValue()).toBe(day);
    await page.getByRole('textbox', { name: /^Nom/ }).fill('Garnier');
    await page.getByRole('textbox', { name: /^Prénom/ }).fill('Manon');
    await page.getByRole('textbox', { name: /^Adresse e-mail/ }).fill('accueil@lumiere.demo');
    await page.getByRole('textbox', { name: /^Confirmation/ }).fill('accueil@lumiere.demo');
    await page.getByRole('button', { name: 'Valider' }).click();
    await page.getByText('Utilisez l’adresse personnelle de la personne').waitFor();
    await page.getByRole('textbox', { name: /^Adresse e-mail/ }).fill('manon.garnier@lumiere.demo');
    await page.getByRole('textbox', { name: /^Confirmation/ }).fill('manon.granier@lumiere.demo');
    await page.getByRole('button', { name: 'Valider' }).click();
    await page.getByText('Les deux adresses ne sont pas identiques.').waitFor();
    await page.getByRole('textbox', { name: /^Confirmation/ }).fill('manon.garnier@lumiere.demo');
    await page.getByLabel('Mobile').check();
    await screenshot(page, 'caf-first-01-create-member');
    await page.getByRole('button', { name: 'Valider' }).click();
    await page.getByRole('heading', { level: 1, name: 'Membre créé' }).waitFor();
    temporary = (await page.getByTestId('temporary-password').textContent())?.trim() ?? '';
    expect(temporary).toMatch(/^\w{4}-\w{4}-\w{4}-\w{4}$/);
    await screenshot(page, 'caf-first-02-temporary-password');
  });

  it('exports the users with their services, showing the export as it goes', async () => {
    await page.goto('/members');
    await page.getByRole('region', { name: 'Liste des membres' }).getByRole('table').waitFor();
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Exporter (CSV)' }).click();
    const file = await download;
    const text = await readFile((await file.path())!, 'utf8');
    const lines = text.trim().split('\r\n');
    expect(lines[0]).toContain('Services détenus');
    expect(lines).toHaveLength(5);
    expect(text).toContain('manon.garnier@lumiere.demo');
    expect(text).toContain('Consultation du dossier allocataire (CDAP): Consultation');
    await page.getByText('4 membres exportés.').waitFor();
    await page.getByRole('button', { name: 'Compte : Paul Girard' }).click();
    await page.getByRole('menuitem', { name: 'Se déconnecter' }).click();
    await page.waitForURL(/\/sign-in$/);
  });

  it('makes the new user accept the terms and choose a password before anything else', async () => {
    await signIn('manon.garnier@lumiere.demo', temporary);
    await page.waitForURL(/\/first-sign-in$/);
    await page.getByRole('heading', { level: 1, name: 'Première connexion' }).waitFor();
    // Nothing else is reachable meanwhile.
    await page.goto('/members');
    await page.waitForURL(/\/first-sign-in$/);

    await page.getByRole('button', { name: 'Valider et accéder à mon espace' }).click();
    await page.getByText('Acceptez les conditions d’utilisation pour continuer.').waitFor();
    await page.getByLabel('J’ai lu et j’accepte les conditions d’utilisation').check();
    const input = page.getByLabel('Nouveau mot de passe', { exact: true });
    await input.fill('garnier');
    await screenshot(page, 'caf-first-03-policy-live');
    // Only "not too common" holds: too short, too few kinds, and it is her name.
    await page.getByText('1 règle respectée sur 4').waitFor();
    // Every rule is listed, the two only the server can check included.
    const rules = page.getByTestId('password-rules');
    await rules.getByText('ne contenir ni votre nom ni votre adresse e-mail').waitFor();
    await rules.getByText('être différent du mot de passe temporaire').waitFor();
    expect(await rules.locator('[data-rule="DIFFERS_FROM_TEMPORARY"]').getAttribute('data-state')).toBe(
      'on-save',
    );
    // The temporary password meets the policy, but may not be kept.
    await input.fill(temporary);
    await page.getByLabel('Confirmez le nouveau mot de passe').fill(temporary);
    await page.getByRole('button', { name: 'Valider et accéder à mon espace' }).click();
    await page.getByText('Choisissez un mot de passe différent du mot de passe temporaire.').waitFor();
    expect(await rules.locator('[data-rule="DIFFERS_FROM_TEMPORARY"]').getAttribute('data-state')).toBe(
      'refused',
    );
    await screenshot(page, 'caf-first-03b-temporary-refused');
    expect(new URL(page.url()).pathname).toBe('/first-sign-in');
    await input.fill('Lagune-Quartz-77');
    await page.getByText('4 règles respectées sur 4').waitFor();
    await page.getByLabel('Confirmez le nouveau mot de passe').fill('Lagune-Quartz-77');
    await screenshot(page, 'caf-first-04-policy-met');
    await page.getByRole('button', { name: 'Valider et accéder à mon espace' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await page.getByRole('banner').getByText('Centre social Lumière').waitFor();
  });
});
