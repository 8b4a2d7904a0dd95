import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type RunningServer, screenshot, signIn, startServer } from './harness';

/**
 * Issue 15, guide 004 ("délègue ses droits pour une période"): the referent Marc Favre delegates his role to Yves
 * Perret, a member without any admin role, from now to a date a week ahead; Yves then sees the members and acts
 * (blocks a member), the audit log says he acted on behalf of Marc; Marc revokes and Yves loses it at once.
 */
describe('delegation for a period', () => {
  let server: RunningServer;
  let browser: Browser;
  let marcContext: BrowserContext | undefined;
  let yvesContext: BrowserContext | undefined;
  let marc: Page;
  let yves: Page;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    marcContext = await browser.newContext({
      baseURL: server.url,
      locale: 'fr-FR',
      viewport: { width: 1280, height: 900 },
    });
    yvesContext = await browser.newContext({
      baseURL: server.url,
      locale: 'fr-FR',
      viewport: { width: 390, height: 844 },
    });
    marc = await marcContext.newPage();
    yves = await yvesContext.newPage();
    await signIn(marc, 'marc.favre@morges.demo', { language: 'fr' });
    await signIn(yves, 'yves.perret@morges.demo', { language: 'fr' });
  });

  afterAll(async () => {
    await marcContext?.close();
    await yvesContext?.close();
    await browser?.close();
    await server?.stop();
  });

  const membersListed = async (page: Page) => {
    await page.goto('/members');
    const list = page.getByRole('region', { name: 'Liste des membres' });
    const refused = page.getByText('Cette page est réservée aux administrateurs', { exact: false });
    await Promise.race([list.waitFor(), refused.waitFor()]);
    return list.isVisible();
  };

  it('refuses the members list to Yves before any delegation', async () => {
    expect(await membersListed(yves)).toBe(false);
  });

  it('lets Marc delegate his role to Yves from now to a week ahead (the form submitted with Enter)', async () => {
    await marc.goto('/administrators');
    const section = marc.getByRole('region', { name: 'Délégations' });
    await section.waitFor();
    await section.getByRole('button', { name: 'Déléguer mes droits' }).click();
    const dialog = marc.getByRole('dialog', { name: 'Déléguer mes droits pour une période' });
    await dialog.waitFor();
    const picker = dialog.getByRole('combobox', { name: 'Délégué', exact: true });
    await picker.fill('Perret');
    await marc
      .getByRole('option', { name: /Perret/ })
      .first()
      .click();
    // Marc holds one role (referent of the organisation): it is chosen already
    expect(await dialog.getByRole('combobox', { name: 'Rôle délégué', exact: true }).inputValue()).toContain(
      'Référent',
    );
    const end = new Date(Date.now() + 7 * 86_400_000);
    const local = new Date(end.getTime() - end.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
    await dialog.getByLabel('Fin').fill(local);
    await dialog.getByLabel('Motif').fill('Congés d’été');
    await dialog.getByLabel('Motif').press('Tab');
    await screenshot(marc, 'delegation-form');
    await dialog.getByRole('button', { name: 'Déléguer' }).press('Enter');
    await dialog.waitFor({ state: 'detached' });
    const row = section.getByTestId('delegation-row').filter({ hasText: 'Yves Perret' });
    await row.waitFor();
    expect(await row.getByTestId('delegation-state').textContent()).toBe('Active');
    expect(await row.textContent()).toContain('Congés d’été');
    await screenshot(marc, 'delegation-list');
  });

  it('lets Yves see the members and act, audited as on behalf of Marc', async () => {
    expect(await membersListed(yves)).toBe(true);
    await screenshot(yves, 'delegation-delegate-members-390');
    await yves.getByRole('link', { name: 'Blanc Lucie' }).click();
    await yves.getByRole('button', { name: 'Bloquer pour tous les groupes' }).click();
    const confirm = yves.getByRole('dialog');
    await confirm.getByRole('button', { name: 'Bloquer', exact: true }).click();
    await yves.getByText('Lucie Blanc est bloqué(e) pour tous les groupes.').waitFor();

    await marc.goto('/audit-log');
    const sentence = marc.getByText(
      'Yves Perret (par délégation, pour Marc Favre) a bloqué Lucie Blanc pour tous les groupes',
      { exact: false },
    );
    await sentence.first().waitFor();
    await screenshot(marc, 'delegation-audit');
  });

  it('lets Marc revoke after confirming, on a 390 px wide screen; Yves loses the role at once', async () => {
    await marc.setViewportSize({ width: 390, height: 844 });
    await marc.goto('/administrators');
    const section = marc.getByRole('region', { name: 'Délégations' });
    const row = section.getByTestId('delegation-row').filter({ hasText: 'Yves Perret' });
    await row.waitFor();
    // the section fits the narrow screen: nothing sticks out to the right
    const box = await section.boundingBox();
    expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(390);
    await row.scrollIntoViewIfNeeded();
    await screenshot(marc, 'delegation-list-390');
    await row.getByRole('button', { name: /Révoquer/ }).click();
    const dialog = marc.getByRole('dialog', { name: 'Révoquer la délégation' });
    await dialog.getByRole('button', { name: 'Révoquer' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => row.getByTestId('delegation-state').textContent()).toBe('Révoquée');
    expect(await membersListed(yves)).toBe(false);
  });
});
