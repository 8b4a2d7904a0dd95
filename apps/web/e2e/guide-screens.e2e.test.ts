import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type RunningServer, screenshot, signIn, startServer } from './harness';

/**
 * The screens issue 15 found missing from the guides, as Claire Morel (principal admin, Commune de Morges) and
 * the operator: give and take back a service role on a member's page (Caf/CSAM), create a member from a group's
 * page with the services it gets (CSAM), block, unblock and remove in a group from the group's member list (CSAM),
 * and the operator forcing a password change (Caf), which the person meets at its next sign-in.
 */
describe('guide screens: direct roles, create in a group, block in a group, forced password change', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let lucieUrl = '';

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

  /** axe-core on one dialog: no serious or critical violation. */
  async function expectAccessible(dialog: Locator, on: Page = page) {
    await dialog.waitFor();
    // Colours are measured once the dialog's opening transition is over (mid-fade, every text is too pale).
    await on.waitForFunction(() =>
      document.getAnimations().every((animation) => animation.playState !== 'running'),
    );
    const result = await new AxeBuilder({ page: on })
      .include('[role="dialog"]')
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
      .analyze();
    const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id}: ${v.nodes[0]?.html ?? ''}`)).toEqual([]);
  }

  async function fitsIn390() {
    await page.setViewportSize({ width: 390, height: 844 });
    await expect
      .poll(() => page.evaluate(() => document.documentElement.scrollWidth))
      .toBeLessThanOrEqual(390);
  }

  const directGrants = () => page.getByRole('region', { name: 'Rôles attribués directement' });

  it('gives Lucie Blanc a service role from her page, offering only the agreement’s roles', async () => {
    await signIn(page, 'claire.morel@morges.demo');
    await page.goto('/members?search=blanc');
    await page.getByRole('link', { name: 'Blanc Lucie' }).click();
    await page.getByRole('heading', { level: 1, name: 'Lucie Blanc' }).waitFor();
    lucieUrl = new URL(page.url()).pathname;
    await directGrants().getByText('Aucun rôle attribué directement.').waitFor();
    // Claire may not force a password change (operator only): the server says so, the button is not there.
    expect(await page.getByRole('button', { name: 'Forcer le changement du mot de passe' }).count()).toBe(0);

    await directGrants().getByRole('button', { name: 'Attribuer un rôle' }).click();
    const dialog = page.getByRole('dialog', { name: 'Attribuer un rôle à Lucie Blanc' });
    await expectAccessible(dialog);
    // Keyboard: the select has the focus; open it and read what it offers.
    const select = dialog.getByRole('combobox', { name: /^Service et rôle/ });
    await select.press('ArrowDown');
    const options = await page.getByRole('option').allTextContents();
    expect(options.sort()).toEqual([
      'Chaman (canaux techniques) · Gestion des canaux',
      'Facture électronique · Consultation',
      'Facture électronique · Validation',
    ]);
    await screenshot(page, 'guide-01-give-role-dialog');
    await page.getByRole('option', { name: 'Facture électronique · Consultation' }).click();
    await dialog.getByRole('button', { name: 'Attribuer', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await directGrants().getByText('Facture électronique · Consultation').waitFor();
  });

  it('shows a typed refusal inside the dialog when the role was given meanwhile', async () => {
    await directGrants().getByRole('button', { name: 'Attribuer un rôle' }).click();
    const dialog = page.getByRole('dialog', { name: 'Attribuer un rôle à Lucie Blanc' });
    await dialog.getByRole('combobox', { name: /^Service et rôle/ }).click();
    const option = page.getByRole('option', { name: 'Facture électronique · Validation' });
    const roleId = await option.getAttribute('value');
    await option.click();
    // Another administrator gives the same role first (the same API the screen uses).
    const memberId = decodeURIComponent(lucieUrl.split('/')[2] ?? '');
    const answer = await page.evaluate(
      async ({ memberId, roleId }) => {
        const response = await fetch('/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-graphql-yoga-csrf': '1' },
          body: JSON.stringify({
            query: 'mutation($input: MemberGrantInput!) { grantToMember(input: $input) { __typename } }',
            variables: { input: { memberId, serviceRoleId: roleId } },
          }),
        });
        return (await response.json()).data.grantToMember.__typename;
      },
      { memberId, roleId },
    );
    expect(answer).toBe('MutationGrantToMemberSuccess');
    await dialog.getByRole('button', { name: 'Attribuer', exact: true }).click();
    await dialog
      .getByRole('alert')
      .getByText('Lucie Blanc a déjà le rôle « Facture électronique · Validation » attribué directement.')
      .waitFor();
    await screenshot(page, 'guide-02-give-role-refused');
    await dialog.getByRole('button', { name: 'Annuler' }).click();
    // The page behind the dialog already shows the role given meanwhile.
    await directGrants().getByText('Facture électronique · Validation').waitFor();
  });

  it('takes a direct role back after confirming', async () => {
    await directGrants()
      .getByRole('button', { name: 'Retirer le rôle « Facture électronique · Consultation »' })
      .click();
    const dialog = page.getByRole('dialog', { name: 'Retirer ce rôle ?' });
    await expectAccessible(dialog);
    await dialog.getByRole('button', { name: 'Retirer le rôle' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => directGrants().getByText('Facture électronique · Consultation').count()).toBe(0);
    await fitsIn390();
    await screenshot(page, 'guide-03-member-page-390');
    await page.setViewportSize({ width: 1280, height: 900 });
    // The access page carries the same section, next to the effective access it feeds.
    await page.goto(`${lucieUrl}/access`);
    await directGrants().getByText('Facture électronique · Validation').waitFor();
    await directGrants().getByRole('button', { name: 'Attribuer un rôle' }).waitFor();
  });

  it('creates a member from the group Comptabilité, showing the services the group gives', async () => {
    await page.goto('/groups');
    await page.getByRole('link', { name: 'Comptabilité', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Comptabilité' }).waitFor();
    await page.getByRole('link', { name: 'Créer un membre dans ce groupe' }).click();
    await page.waitForURL(/\/members\/new\?groupId=/);
    const preview = page.getByTestId('group-services-preview');
    await preview.getByText('Facture électronique · Validation').waitFor();
    expect(await preview.textContent()).toContain('par « Comptabilité »');
    await page.getByRole('textbox', { name: /^Nom/ }).fill('Vuille');
    await page.getByRole('textbox', { name: /^Prénom/ }).fill('Inès');
    await page.getByRole('textbox', { name: /^Adresse e-mail/ }).fill('ines.vuille@morges.demo');
    await page.getByRole('textbox', { name: /^Confirmation/ }).fill('ines.vuille@morges.demo');
    await fitsIn390();
    await screenshot(page, 'guide-04-create-in-group-390');
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.getByRole('button', { name: 'Valider' }).click();
    await page.getByTestId('temporary-password').waitFor();
  });

  it('blocks, unblocks and removes her in the group from the group’s member list, by keyboard', async () => {
    await page.goto('/groups');
    await page.getByRole('link', { name: 'Comptabilité', exact: true }).click();
    const table = page.getByRole('table', { name: 'Membres du groupe' });
    const row = table.getByRole('row').filter({ hasText: 'Vuille Inès' });
    await row.waitFor();
    const menu = row.getByRole('button', { name: 'Actions pour Inès Vuille' });
    await menu.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('menuitem', { name: 'Bloquer dans ce groupe' }).waitFor();
    await screenshot(page, 'guide-05-row-menu');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    const block = page.getByRole('dialog', { name: 'Bloquer dans ce groupe ?' });
    await expectAccessible(block);
    await block.getByRole('button', { name: 'Bloquer dans ce groupe' }).click();
    await row.getByText('Bloqué dans ce groupe').waitFor();

    await menu.click();
    await page.getByRole('menuitem', { name: 'Débloquer dans ce groupe' }).click();
    const unblock = page.getByRole('dialog', { name: 'Débloquer dans ce groupe ?' });
    await unblock.getByRole('button', { name: 'Débloquer dans ce groupe' }).click();
    await row.getByText('Actif').waitFor();
    await fitsIn390();
    // The row's menu stays within reach on a phone, without scrolling the table sideways.
    const box = await menu.boundingBox();
    expect((box?.x ?? 1000) + (box?.width ?? 0)).toBeLessThanOrEqual(390);
    await screenshot(page, 'guide-06-group-members-390');
    await page.setViewportSize({ width: 1280, height: 900 });

    // The row still opens the member's access page.
    await row.getByRole('link', { name: 'Vuille Inès' }).click();
    await page.waitForURL(/\/members\/[^/]+\/access$/);
    await page.goBack();
    await menu.click();
    await page.getByRole('menuitem', { name: 'Retirer du groupe' }).click();
    const remove = page.getByRole('dialog', { name: 'Retirer du groupe ?' });
    await expectAccessible(remove);
    await remove.getByRole('button', { name: 'Retirer du groupe' }).click();
    await expect.poll(() => table.getByRole('row').filter({ hasText: 'Vuille Inès' }).count()).toBe(0);
  });

  it('lets the operator force Lucie Blanc’s password change; she is asked for a new one at sign-in', async () => {
    const operator = await browser.newContext({ baseURL: server.url, locale: 'fr-FR' });
    const operatorPage = await operator.newPage();
    await signIn(operatorPage, 'operateur@tessera.demo');
    await operatorPage.goto(lucieUrl);
    await operatorPage.getByRole('heading', { level: 1, name: 'Lucie Blanc' }).waitFor();
    await operatorPage.getByRole('button', { name: 'Forcer le changement du mot de passe' }).click();
    const dialog = operatorPage.getByRole('dialog', { name: 'Forcer le changement du mot de passe ?' });
    await dialog.waitFor();
    await expectAccessible(dialog, operatorPage);
    await screenshot(operatorPage, 'guide-07-force-password-dialog');
    await dialog.getByRole('button', { name: 'Forcer le changement' }).click();
    await operatorPage
      .getByText('Lucie Blanc devra changer son mot de passe à sa prochaine connexion.')
      .waitFor();
    await operator.close();

    const lucie = await browser.newContext({ baseURL: server.url, locale: 'fr-FR' });
    const luciePage = await lucie.newPage();
    await signIn(luciePage, 'lucie.blanc@morges.demo');
    await luciePage.waitForURL(/\/first-sign-in$/);
    await lucie.close();
  });
});
