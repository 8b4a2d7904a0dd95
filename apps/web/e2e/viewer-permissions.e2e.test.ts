import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type RunningServer, screenshot, signIn as signInPage, startServer } from './harness';

/** The screens offer what the server says the viewer may do (Organisation/Unit/Group.viewerCan), nothing more. */
describe('controls decided by the server', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext | undefined;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  async function signIn(email: string): Promise<Page> {
    await context?.close();
    context = await browser.newContext({
      baseURL: server.url,
      locale: 'fr-FR',
      viewport: { width: 1280, height: 800 },
    });
    const page = await context.newPage();
    await signInPage(page, email);
    return page;
  }

  it('offers a referent only the roles below its own: substitute referent, unit admin, group manager', async () => {
    const page = await signIn('marc.favre@morges.demo');
    await page.goto('/administrators');
    await page.getByRole('heading', { level: 1, name: 'Administrateurs' }).waitFor();
    await page.getByRole('button', { name: 'Nommer un administrateur' }).click();
    const dialog = page.getByRole('dialog', { name: 'Nommer un administrateur' });
    await dialog.getByRole('combobox', { name: 'Rôle' }).click();
    const options = page.getByRole('option');
    // Each role is offered once the permissions of its scopes arrive (organisation, units, groups: several
    // queries, in no fixed order): the list settles on exactly these three.
    await expect
      .poll(async () => (await options.allTextContents()).sort(), { timeout: 10_000 })
      .toEqual(['Administrateur d’unité', 'Gestionnaire de groupe', 'Référent suppléant'].sort());
    await screenshot(page, 'permissions-01-referent-names');
  });

  it('shows the principal admin the create-unit button, and a unit admin neither it nor unit actions', async () => {
    const claire = await signIn('claire.morel@morges.demo');
    await claire.goto('/units');
    await claire.getByRole('button', { name: 'Créer une unité' }).waitFor();
    const nadia = await signIn('nadia.keller@morges.demo');
    await nadia.goto('/units');
    await nadia.getByText('Service de la population').first().waitFor();
    expect(await nadia.getByRole('button', { name: 'Créer une unité' }).count()).toBe(0);
    await screenshot(nadia, 'permissions-02-unit-admin-units');
  });

  it('asks the principal admin of a pending organisation to activate it, and no longer once active', async () => {
    const page = await signIn('anne.dupuis@leman.demo');
    await page.goto('/');
    const card = page.getByRole('region', { name: 'Activez votre organisation' });
    await card.waitFor();
    await screenshot(page, 'permissions-03-activation');
    await card.getByRole('button', { name: 'Activer l’organisation' }).click();
    await page.getByText('Transports Léman SA est activée.').waitFor();
    await card.waitFor({ state: 'detached' });
  });

  it('offers a member without an admin role only its own pages, and says so at a typed admin address', async () => {
    const page = await signIn('lucie.blanc@morges.demo');
    const nav = page.getByRole('navigation', { name: 'Navigation principale' });
    await nav.getByRole('link', { name: 'Mes demandes' }).waitFor();
    expect((await nav.getByRole('link').allTextContents()).map((text) => text.trim())).toEqual([
      'Tableau de bord',
      'Mes demandes',
      'Demander un service',
    ]);
    await page.goto('/members');
    await page.getByRole('heading', { level: 1, name: 'Membres' }).waitFor();
    await page.getByText('Cette page est réservée aux administrateurs').waitFor();
    expect(await page.getByRole('button', { name: 'Créer un membre' }).count()).toBe(0);
    await screenshot(page, 'permissions-04-plain-member');
  });

  it('shows another organisation’s member and group as not found, in the reader’s language', async () => {
    const paul = await signIn('paul.girard@lumiere.demo');
    await paul.goto('/members?search=lef');
    await paul.getByRole('link', { name: 'Lefèvre Hugo' }).click();
    await paul.waitForURL(/\/members\/[^/]+$/);
    const memberPath = new URL(paul.url()).pathname;
    await paul.goto('/groups');
    await paul.getByRole('link', { name: 'Accueil' }).click();
    await paul.waitForURL(/\/groups\/[^/]+$/);
    const groupPath = new URL(paul.url()).pathname;

    const claire = await signIn('claire.morel@morges.demo');
    await claire.goto(memberPath);
    await claire.getByRole('heading', { level: 1, name: 'Membre introuvable' }).waitFor();
    await claire.getByText('appartient à une autre organisation').waitFor();
    expect(await claire.getByText('Une erreur inattendue').count()).toBe(0);
    expect(await claire.getByText('Lefèvre').count()).toBe(0);
    await claire.getByRole('link', { name: 'Retour à la liste des membres' }).waitFor();
    await screenshot(claire, 'permissions-05-foreign-member');
    await claire.goto(groupPath);
    await claire.getByRole('heading', { level: 1, name: 'Groupe introuvable' }).waitFor();
    expect(await claire.getByText('Une erreur inattendue').count()).toBe(0);
  });
});
