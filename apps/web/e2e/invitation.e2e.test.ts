import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type RunningServer, screenshot, signIn as signInPage, startServer } from './harness';

/**
 * No attachment without consent (issue 9, rule 7): Claire Morel, principal administrator of the Commune de
 * Morges, creates a member with the address of Léa Dubois, who already has an account. The screen says so on the
 * field, without revealing anything she did not type, and offers the personal identifier or an invitation; she
 * invites. Léa finds the invitation in her own account, accepts it and acts for Morges. Léa's identity stays hers:
 * Claire gets no help buttons on Léa's page, while she keeps them for a member Morges created. Léa confirms a
 * backup address from the link sent to it.
 */
const lea = { email: 'lea.dubois@exemple.demo', backup: 'lea.secours@exemple.demo' };

describe('Rule 7: an invitation instead of an attachment without consent', () => {
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

  async function signIn(email: string, on = page) {
    await signInPage(on, email);
  }

  async function signOut(name: string) {
    await page.getByRole('button', { name: `Compte : ${name}` }).click();
    await page.getByRole('menuitem', { name: 'Se déconnecter' }).click();
    await page.waitForURL(/\/sign-in$/);
  }

  async function fillNewMember(on: Page, member: { lastName: string; firstName: string; email: string }) {
    await on.getByRole('heading', { level: 1, name: 'Créer un membre' }).waitFor();
    await on.getByRole('textbox', { name: /^Nom/ }).fill(member.lastName);
    await on.getByRole('textbox', { name: /^Prénom/ }).fill(member.firstName);
    await on.getByRole('textbox', { name: /^Adresse e-mail/ }).fill(member.email);
    await on.getByRole('textbox', { name: /^Confirmation/ }).fill(member.email);
    await on.getByRole('button', { name: 'Valider' }).click();
  }

  /** The first link of the latest mail to `to` whose subject contains `subject`, read in the dev mailbox. */
  async function mailedLink(to: string, subject: string, pattern: RegExp): Promise<string> {
    // The outbox sends after the commit: poll the mailbox until the message is there.
    for (let attempt = 0; attempt < 40; attempt++) {
      await page.goto('/dev/mail');
      const item = page.getByRole('listitem').filter({ hasText: to }).filter({ hasText: subject });
      if ((await item.count()) > 0) {
        await item.first().getByRole('link').click();
        const found = pattern.exec((await page.locator('body').textContent()) ?? '')?.[0];
        if (found) return found;
      }
      await page.waitForTimeout(500);
    }
    throw new Error(`No mail "${subject}" to ${to}`);
  }

  it('tells Claire that the address has an account, revealing nothing more, and sends an invitation', async () => {
    await signIn('claire.morel@morges.demo');
    await page.goto('/members/new');
    // She types a first name without the accent: the answer must not correct it from the existing account.
    await fillNewMember(page, { lastName: 'Dubois', firstName: 'Lea', email: lea.email });

    const panel = page.getByTestId('person-exists');
    await panel.getByText('Cette adresse e-mail appartient déjà à un compte').waitFor();
    await panel.getByText(`L’invitation part à ${lea.email}, l’adresse saisie.`, { exact: false }).waitFor();
    const field = page.getByRole('textbox', { name: /^Adresse e-mail/ });
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    await page.getByText('Déjà utilisé par un compte existant : voir les choix ci-dessous.').waitFor();
    const shown = (await page.locator('main').textContent()) ?? '';
    expect(shown).not.toContain('Léa');
    expect(shown).not.toMatch(/[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/);
    expect(shown).not.toContain('PERSON_EXISTS');
    await screenshot(page, 'invitation-01-person-exists');

    // The personal identifier way opens the attachment dialog right here.
    await panel.getByRole('button', { name: 'Rattacher avec l’identifiant personnel' }).click();
    const dialog = page.getByRole('dialog', { name: 'Rattacher un usager' });
    await dialog.getByLabel('Identifiant de l’usager').waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });

    await panel.getByRole('button', { name: 'Envoyer une invitation' }).click();
    const sent = panel.getByRole('status');
    await sent.getByText(`Invitation envoyée à ${lea.email}.`).waitFor();
    const expiry = new Date(Date.now() + 14 * 86_400_000).toLocaleDateString('fr-FR', { dateStyle: 'long' });
    expect(await sent.textContent()).toContain(`Elle expire le ${expiry}.`);
    await screenshot(page, 'invitation-02-invitation-sent');

    // A second invitation to the same address while the first waits is refused, in words.
    await page.getByRole('button', { name: 'Valider' }).click();
    await panel.getByRole('button', { name: 'Envoyer une invitation' }).click();
    await panel.getByText('Une invitation à cette adresse attend déjà une réponse.').waitFor();
    await signOut('Claire Morel');
  });

  it('shows Léa, who belongs to no organisation, the invitation in her account; she accepts and acts for Morges', async () => {
    await signIn(lea.email);
    await page.getByText('Vous avez 1 invitation en attente.').waitFor();
    await page.getByRole('link', { name: 'Voir mes invitations' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mon compte' }).waitFor();
    const section = page.getByRole('region', { name: 'Invitations' });
    const invitation = section.getByTestId('invitation');
    await invitation.getByText('Commune de Morges').waitFor();
    await invitation.getByText(/Répondez avant le/).waitFor();
    await screenshot(page, 'invitation-03-account-invitations');

    await section
      .getByRole('button', { name: 'Accepter l’invitation de l’organisation Commune de Morges' })
      .click();
    await section
      .getByRole('status')
      .getByText('Vous êtes membre de l’organisation Commune de Morges.')
      .waitFor();
    await section.getByTestId('invitation').waitFor({ state: 'detached' });
    await section.getByRole('button', { name: 'Agir pour Commune de Morges' }).waitFor();
    await screenshot(page, 'invitation-04-accepted');

    // The acting-context chooser now offers Morges.
    await page.goto('/choose-organisation');
    await page.getByRole('button', { name: /Commune de Morges/ }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await page.getByRole('banner').getByText('Commune de Morges').waitFor();
  });

  it('lets Léa ask for a backup address, used only once she confirms it from the link sent to it', async () => {
    await page.goto('/account');
    await page.getByLabel('Nouvelle adresse de secours').fill(lea.backup);
    await page.getByRole('button', { name: 'Demander ce changement' }).click();
    await page
      .getByTestId('pending-backup-email')
      .getByText(`En attente de confirmation : ${lea.backup}`)
      .waitFor();
    expect(await page.getByTestId('backup-email').textContent()).toBe('Aucune adresse de secours.');
    await screenshot(page, 'invitation-05-backup-pending');

    const link = await mailedLink(
      lea.backup,
      'Confirmez votre adresse de secours',
      /https?:\/\/\S+\/confirm-backup-email\?token=\S+/,
    );
    const target = new URL(link);
    await page.goto(target.pathname + target.search);
    await page.getByRole('heading', { level: 1, name: 'Confirmer l’adresse de secours' }).waitFor();
    await page.getByRole('button', { name: 'Confirmer l’adresse' }).click();
    await page.getByRole('status').getByText('Votre adresse de secours est confirmée.').waitFor();
    await screenshot(page, 'invitation-06-backup-confirmed');
    await page.getByRole('link', { name: 'Aller à mon compte' }).click();
    await page
      .getByTestId('backup-email')
      .getByText(`Adresse de secours confirmée : ${lea.backup}`)
      .waitFor();
    expect(await page.getByTestId('pending-backup-email').count()).toBe(0);

    // The link works once; a forged one is refused the same way, with a way back.
    for (const path of [target.pathname + target.search, '/confirm-backup-email?token=forged']) {
      await page.goto(path);
      await page.getByRole('button', { name: 'Confirmer l’adresse' }).click();
      await page
        .getByRole('alert')
        .getByText(/Ce lien ne fonctionne plus/)
        .waitFor();
    }
    await screenshot(page, 'invitation-07-backup-link-invalid');
    await page.getByRole('link', { name: 'Aller à mon compte' }).waitFor();
    await page.goto('/');
    await signOut('Léa Dubois');
  });

  it('gives Claire no help buttons on Léa’s page, whose identity is Léa’s, and keeps them for a member Morges created', async () => {
    await signIn('claire.morel@morges.demo');
    await page.goto('/members');
    await page.getByRole('link', { name: 'Dubois Léa' }).click();
    await page.getByRole('heading', { level: 1, name: 'Léa Dubois' }).waitFor();
    await page.getByTestId('identity-not-owned').getByText('Identité gérée par la personne').waitFor();
    for (const action of ['Envoyer un e-mail de bienvenue', 'Envoyer un e-mail de réinitialisation'])
      expect(await page.getByRole('button', { name: action }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Définir un e-mail de secours' }).count()).toBe(0);
    await screenshot(page, 'invitation-08-identity-not-owned');

    await page.goto('/members');
    await page.getByRole('link', { name: 'Blanc Lucie' }).click();
    await page.getByRole('heading', { level: 1, name: 'Lucie Blanc' }).waitFor();
    expect(await page.getByTestId('identity-not-owned').count()).toBe(0);
    await page.getByRole('button', { name: 'Envoyer un e-mail de bienvenue' }).waitFor();
    await page.getByRole('button', { name: 'Définir un e-mail de secours' }).click();
    const dialog = page.getByRole('dialog', { name: 'Définir un e-mail de secours' });
    await dialog.getByLabel('Adresse de secours').fill('lucie.secours@exemple.demo');
    await dialog.getByRole('button', { name: 'Enregistrer' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const pending = page.getByTestId('member-pending-backup-email');
    await pending.getByText('En attente de confirmation').waitFor();
    await pending.getByText('lucie.secours@exemple.demo').waitFor();
    await screenshot(page, 'invitation-09-member-backup-pending');
  });

  it('offers the operator, naming a principal administrator who has an account elsewhere, an invitation instead', async () => {
    await page.goto('/');
    await signOut('Claire Morel');
    await signIn('operateur@tessera.demo');
    if (new URL(page.url()).pathname === '/choose-organisation')
      await page.getByRole('button', { name: /Agir en tant qu’opérateur/ }).click();
    await page.goto('/organisations');
    await page.getByRole('link', { name: 'Transports Léman SA' }).click();
    await page.getByRole('heading', { level: 1, name: 'Transports Léman SA' }).waitFor();
    await page.getByLabel('Personne existante (adresse e-mail)').check();
    await page
      .getByRole('textbox', { name: /Adresse e-mail du compte existant/ })
      .fill('hugo.lefevre@lumiere.demo');
    await page.getByRole('button', { name: 'Nommer l’administrateur principal' }).click();
    const panel = page.getByTestId('person-exists');
    await panel.getByText('Cette personne a déjà un compte').waitFor();
    // Nobody was named meanwhile.
    expect(await page.getByText('hugo.lefevre@lumiere.demo · Nommé le').count()).toBe(0);
    await panel.getByRole('button', { name: 'Inviter comme administrateur principal' }).click();
    await panel
      .getByRole('status')
      .getByText(/^Invitation envoyée à hugo\.lefevre@lumiere\.demo\./)
      .waitFor();
    await screenshot(page, 'invitation-10-principal-invited');
  });

  it('keeps the answer and its actions within a phone screen', async () => {
    const phone = await browser.newContext({
      baseURL: server.url,
      locale: 'fr-FR',
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    try {
      const small = await phone.newPage();
      await signIn('claire.morel@morges.demo', small);
      await small.goto('/members/new');
      await fillNewMember(small, {
        lastName: 'Martin',
        firstName: 'Sophie',
        email: 'sophie.martin@lumiere.demo',
      });
      const invite = small
        .getByTestId('person-exists')
        .getByRole('button', { name: 'Envoyer une invitation' });
      await invite.scrollIntoViewIfNeeded();
      await screenshot(small, 'invitation-11-person-exists-phone');
      // Nothing of the answer spills out of the screen: neither its text nor its two actions.
      const panel = small.getByTestId('person-exists');
      for (const part of [
        panel.getByText(/La personne a déjà son propre compte/),
        panel.getByRole('button', { name: 'Rattacher avec l’identifiant personnel' }),
        invite,
      ]) {
        const box = await part.boundingBox();
        expect(box).not.toBeNull();
        expect(box!.x).toBeGreaterThanOrEqual(0);
        expect(box!.x + box!.width).toBeLessThanOrEqual(390);
      }
      expect(await small.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    } finally {
      await phone.close();
    }
  });
});
