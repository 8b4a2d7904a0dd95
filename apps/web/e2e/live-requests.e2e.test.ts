import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type RunningServer, screenshot, signIn as signInPage, startServer } from './harness';

async function signIn(context: BrowserContext, email: string): Promise<Page> {
  const page = await context.newPage();
  await signInPage(page, email);
  return page;
}

describe('requests decided live (Orange ARD: notified in the app, approve with a comment)', () => {
  let server: RunningServer;
  let browser: Browser;
  let adminContext: BrowserContext;
  let memberContext: BrowserContext;
  let admin: Page;
  let member: Page;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const options = { baseURL: server.url, locale: 'fr-FR', viewport: { width: 1280, height: 860 } };
    adminContext = await browser.newContext(options);
    memberContext = await browser.newContext(options);
    [admin, member] = await Promise.all([
      signIn(adminContext, 'claire.morel@morges.demo'),
      signIn(memberContext, 'lucie.blanc@morges.demo'),
    ]);
  });

  afterAll(async () => {
    await adminContext?.close();
    await memberContext?.close();
    await browser?.close();
    await server?.stop();
  });

  it('shows the administrator the pending list, oldest first, following live updates', async () => {
    await admin.goto('/requests');
    await admin.getByRole('heading', { level: 1, name: 'Demandes' }).waitFor();
    // The demo data holds one request already: Julie Rochat's.
    await admin.getByTestId('pending-count').getByText('1 demande en attente').waitFor();
    await admin.getByRole('row').filter({ hasText: 'Julie Rochat' }).waitFor();
    // Marks this page load: a reload would wipe it.
    await admin.evaluate(() => {
      (window as unknown as { pageLoadMarker: string }).pageLoadMarker = 'still the same page';
    });
    await screenshot(admin, 'live-01-admin-pending');
  });

  it('lets a member ask for a protected service, which appears on the administrator’s page without a reload', async () => {
    await member.goto('/request-service');
    await member.getByRole('heading', { level: 1, name: 'Demander un service' }).waitFor();
    await member.getByRole('radio', { name: /Facture électronique — Consultation/ }).check();
    await member
      .getByLabel('Pourquoi en avez-vous besoin ?')
      .fill('Contrôle des factures du service de la population.');
    await screenshot(member, 'live-02-member-request-service');
    await member.getByRole('button', { name: 'Envoyer la demande' }).click();
    await member.waitForURL(/\/requests\/[^/]+$/);
    await member.getByRole('heading', { level: 1, name: 'Accès à un service' }).waitFor();
    await member.getByText('En attente', { exact: true }).first().waitFor();

    const row = admin.getByRole('row').filter({ hasText: 'Lucie Blanc' });
    await row.waitFor({ timeout: 15_000 });
    await row.getByText('Facture électronique — Consultation').waitFor();
    await admin.getByTestId('pending-count').getByText('2 demandes en attente').waitFor();
    // Oldest first: the new request comes after the one already waiting.
    const requesters = await admin
      .getByTestId('requests-table')
      .locator('tbody tr td:nth-child(3)')
      .allTextContents();
    expect(requesters).toEqual(['Julie Rochat', 'Lucie Blanc']);
    // The heading counts what the filter shows: no sign-up waits.
    await admin.getByRole('group', { name: 'Filtres' }).getByText('Inscription (0)', { exact: true }).click();
    await admin.getByTestId('pending-count').getByText('0 demande en attente').waitFor();
    await admin.getByRole('group', { name: 'Filtres' }).getByText('Toutes (2)', { exact: true }).click();
    await admin.getByTestId('pending-count').getByText('2 demandes en attente').waitFor();
    expect(
      await admin.evaluate(() => (window as unknown as { pageLoadMarker?: string }).pageLoadMarker),
    ).toBe('still the same page');
    // The bell counts the new notification, live too.
    await admin.getByRole('button', { name: /Notifications, 1 non lue/ }).waitFor();
    await screenshot(admin, 'live-03-admin-request-appeared');
  });

  it('lets the administrator approve it with a comment, and the member sees the decision live', async () => {
    await member.goto('/my-requests');
    await member.getByRole('heading', { level: 1, name: 'Mes demandes' }).waitFor();
    const mine = member.getByRole('link').filter({ hasText: 'Facture électronique — Consultation' });
    await mine.getByText('En attente').waitFor();

    await admin.getByRole('button', { name: 'Traiter la demande déposée par Lucie Blanc' }).click();
    const dialog = admin.getByRole('dialog', { name: 'Traiter la demande' });
    await dialog.waitFor();
    // A refusal needs a reason; the error is announced on the field.
    await dialog.getByRole('button', { name: 'Refuser' }).click();
    await dialog.getByText('Expliquez votre refus au demandeur.').waitFor();
    await dialog.getByLabel('Commentaire pour le demandeur').fill('Accordé pour le contrôle mensuel.');
    await screenshot(admin, 'live-04-admin-decision-dialog');
    await dialog.getByRole('button', { name: 'Accepter' }).click();
    await admin.getByText('Demande acceptée.').waitFor();
    await admin.getByTestId('pending-count').getByText('1 demande en attente').waitFor();
    expect(await admin.getByRole('row').filter({ hasText: 'Lucie Blanc' }).count()).toBe(0);

    // The member's list changes without a reload: accepted, decision to read.
    await mine.getByText('Acceptée').waitFor({ timeout: 15_000 });
    await mine.getByText('Décision à lire').waitFor();
    await member.getByTestId('unread-decisions').getByText('1 décision à lire').waitFor();
    await member.getByRole('button', { name: /Notifications, 1 non lue/ }).waitFor();
    await screenshot(member, 'live-05-member-decision-unread');

    await mine.click();
    await member.getByTestId('decision-comment').getByText('Accordé pour le contrôle mensuel.').waitFor();
    const history = member.getByRole('region', { name: 'Historique' });
    for (const step of ['Demande déposée', 'Demande acceptée', 'Demande fermée'])
      await history.getByText(step).waitFor();
    await screenshot(member, 'live-06-member-request-history');
    // Opening the decision reads it.
    await member.goto('/my-requests');
    await member.getByRole('heading', { level: 1, name: 'Mes demandes' }).waitFor();
    await mine.getByText('Acceptée').waitFor();
    expect(await mine.getByText('Décision à lire').count()).toBe(0);
  });

  it('keeps the decided request in the administrator’s history with its steps', async () => {
    await admin.getByRole('tab', { name: 'Toutes les demandes' }).click();
    const row = admin.getByRole('row').filter({ hasText: 'Lucie Blanc' });
    await row.getByText('Acceptée').waitFor();
    await row.getByRole('link', { name: 'Détail de la demande déposée par Lucie Blanc' }).click();
    await admin.getByRole('heading', { level: 1, name: 'Accès à un service' }).waitFor();
    await admin.getByText('Décision prise par Claire Morel', { exact: false }).waitFor();
    await screenshot(admin, 'live-07-admin-request-detail');
  });
});
