import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type RunningServer, screenshot, signIn as signInPage, startServer } from './harness';

/**
 * The first half of the Caf journey (guide 001): the operator creates the partner organisation, then its
 * agreement with two service roles, and names the partner administrator, a new person. That person follows the
 * welcome link of the e-mail it received, chooses a password, accepts the terms at first sign-in, and finds its
 * organisation with the agreement: what it may hand out. It then activates the organisation (CSAM).
 */
const demoPassword = 'Tessera-Demo-2026';
const partner = {
  name: 'Association Les Petits Pas',
  firstName: 'Inès',
  lastName: 'Moreau',
  email: 'ines.moreau@petitspas.example',
  password: 'Ecureuil-Azur-4821',
};

/** A valid SIREN: eight random digits and the Luhn check digit that completes them. */
function randomSiren(): string {
  const firstEight = String(Math.floor(10_000_000 + Math.random() * 89_999_999));
  for (let check = 0; check <= 9; check++) {
    const digits = `${firstEight}${check}`;
    const sum = [...digits].reverse().reduce((total, char, i) => {
      let digit = Number(char);
      if (i % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
      return total + digit;
    }, 0);
    if (sum % 10 === 0) return digits;
  }
  throw new Error('unreachable');
}

describe('Caf: the operator sets up a partner organisation', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const siren = randomSiren();
  let welcomeLink = '';
  /** What Chromium reports when the API's Content-Security-Policy blocks something, over the whole journey. */
  const cspViolations: string[] = [];

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    context = await browser.newContext({
      baseURL: server.url,
      locale: 'fr-FR',
      viewport: { width: 1280, height: 900 },
    });
    page = await context.newPage();
    page.on('console', (message) => {
      if (/content security policy/i.test(message.text())) cspViolations.push(message.text());
    });
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  async function signIn(email: string, secret: string) {
    await signInPage(page, email, { password: secret });
  }

  async function signOut(name: string) {
    await page.getByRole('button', { name: `Compte : ${name}` }).click();
    await page.getByRole('menuitem', { name: 'Se déconnecter' }).click();
    await page.waitForURL(/\/sign-in$/);
  }

  it('lets the operator create the partner organisation, refusing a wrong SIREN', async () => {
    await signIn('operateur@tessera.demo', demoPassword);
    await page
      .getByRole('navigation', { name: 'Navigation principale' })
      .getByRole('link', { name: 'Organisations' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Organisations' }).waitFor();
    await page.getByRole('button', { name: 'Créer une organisation' }).click();
    const dialog = page.getByRole('dialog', { name: 'Nouvelle organisation' });
    await dialog.getByRole('textbox', { name: /^Nom/ }).fill(partner.name);
    // The last digit off by one breaks the Luhn check: the field says so.
    const wrong = `${siren.slice(0, 8)}${(Number(siren[8]) + 1) % 10}`;
    await dialog.getByRole('textbox', { name: /Numéro d’immatriculation/ }).fill(wrong);
    await dialog.getByRole('button', { name: 'Créer' }).click();
    await dialog.getByText('Ce numéro n’est pas valide pour ce registre : vérifiez les chiffres.').waitFor();
    await dialog
      .getByRole('textbox', { name: /Numéro d’immatriculation/ })
      .fill(`${siren.slice(0, 3)} ${siren.slice(3, 6)} ${siren.slice(6)}`);
    await screenshot(page, 'caf-operator-01-create-organisation');
    await dialog.getByRole('button', { name: 'Créer' }).click();
    await page.getByRole('heading', { level: 1, name: partner.name }).waitFor();
    await page.getByText('En attente d’activation').first().waitFor();
    await page.getByText(siren, { exact: true }).waitFor();
  });

  it('sets up its agreement with two service roles of the catalogue', async () => {
    await page.getByLabel('Référence').fill('CAF-PART-2026-0107');
    await page.getByRole('button', { name: 'Établir la convention' }).click();
    await page.getByText('La convention ne contient encore aucun rôle.').waitFor();
    for (const role of ['Consultation', 'Saisie']) {
      const picker = page.getByRole('combobox', { name: 'Rôle de service' });
      await picker.click();
      await picker.fill(role);
      await page
        .getByRole('option', { name: `Consultation du dossier allocataire (CDAP) · ${role}` })
        .click();
      await page.getByRole('button', { name: 'Ajouter le rôle' }).click();
      await page
        .getByRole('table', { name: 'Rôles de service de la convention' })
        .getByRole('cell', { name: role, exact: true })
        .waitFor();
    }
    const rows = page.getByRole('table', { name: 'Rôles de service de la convention' }).getByRole('row');
    expect(await rows.count()).toBe(3);
    await screenshot(page, 'caf-operator-02-agreement');
  });

  it('names the partner administrator, a new person, who receives a welcome e-mail', async () => {
    await page.getByLabel('Prénom').fill(partner.firstName);
    await page.getByRole('textbox', { name: /^Nom/ }).last().fill(partner.lastName);
    await page.getByRole('textbox', { name: /Adresse e-mail nominative/ }).fill('contact@petitspas.example');
    await page.getByRole('button', { name: 'Nommer l’administrateur principal' }).click();
    await page.getByText('Saisissez l’adresse personnelle de la personne, pas une boîte partagée').waitFor();
    await page.getByRole('textbox', { name: /Adresse e-mail nominative/ }).fill(partner.email);
    await page.getByRole('button', { name: 'Nommer l’administrateur principal' }).click();
    await page.getByText(`${partner.email} · Nommé le`).waitFor();
    await screenshot(page, 'caf-operator-03-principal-named');
    await signOut('Olivia Brunner');

    // The dev mailbox keeps what the outbox sent, decoded; the welcome message carries a single-use link.
    for (let attempt = 0; attempt < 40 && !welcomeLink; attempt++) {
      await page.goto('/dev/mail');
      const item = page
        .getByRole('listitem')
        .filter({ hasText: partner.email })
        .filter({ hasText: 'Bienvenue' });
      if ((await item.count()) > 0) {
        await item.first().getByRole('link').click();
        const body = (await page.locator('body').textContent()) ?? '';
        expect(body).toContain(partner.name);
        welcomeLink = /https?:\/\/\S+\/reset-password\?token=[^\s&]+&welcome=1/.exec(body)?.[0] ?? '';
      } else await page.waitForTimeout(500);
    }
    expect(welcomeLink).not.toBe('');
  });

  it('lets the partner administrator choose a password, accept the terms and find its organisation and agreement', async () => {
    await page.goto(new URL(welcomeLink).pathname + new URL(welcomeLink).search);
    await page
      .getByRole('heading', { level: 1, name: 'Bienvenue : choisissez votre mot de passe' })
      .waitFor();
    await page.getByLabel('Nouveau mot de passe', { exact: true }).fill(partner.password);
    await page.getByLabel('Confirmez le nouveau mot de passe').fill(partner.password);
    await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
    await page.getByText('Votre mot de passe est enregistré.').waitFor();

    await signIn(partner.email, partner.password);
    await page.waitForURL(/\/first-sign-in$/);
    // The password was chosen through the welcome link: only the terms remain, and the page says only that.
    await page.getByText('Avant d’accéder à votre espace, acceptez les conditions d’utilisation.').waitFor();
    expect(await page.getByText('mot de passe temporaire').count()).toBe(0);
    expect(await page.getByLabel('Nouveau mot de passe', { exact: true }).count()).toBe(0);
    await page.getByLabel('J’ai lu et j’accepte les conditions d’utilisation').check();
    await page.getByRole('button', { name: /Valider et accéder à mon espace|Accéder à mon espace/ }).click();
    await page.waitForURL((url) => url.pathname === '/');

    await page.getByRole('banner').getByText(partner.name).waitFor();
    const agreement = page.getByRole('region', { name: /Convention/ });
    await agreement.getByText('CAF-PART-2026-0107').waitFor();
    for (const role of ['Consultation', 'Saisie'])
      await agreement.getByRole('cell', { name: role, exact: true }).waitFor();
    // What the partner may hand out, read-only: no removal offered.
    expect(await agreement.getByRole('button').count()).toBe(0);
    await screenshot(page, 'caf-operator-04-partner-dashboard');

    await page.getByRole('button', { name: 'Activer l’organisation' }).click();
    await page.getByText(`${partner.name} est activée.`).waitFor();
    await page.getByRole('region', { name: 'Activez votre organisation' }).waitFor({ state: 'detached' });
    await page.getByText('Active', { exact: true }).first().waitFor();
    await screenshot(page, 'caf-operator-05-activated');
  });

  it('ran the whole journey without a Content-Security-Policy violation', () => {
    expect(cspViolations).toEqual([]);
  });
});
