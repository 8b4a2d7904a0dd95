import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type RunningServer, screenshot, signIn, startServer } from './harness';

/**
 * Issues 14 and 18: the principal admin finds the accounts no longer used (by last sign-in, not signed in since),
 * archives a selection after confirming, reads what was done and refused, and the address keeps the view.
 */
describe('members list: last sign-in, selection and bulk archive', () => {
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
      viewport: { width: 1280, height: 800 },
    });
    page = await context.newPage();
    await signIn(page, 'claire.morel@morges.demo', { language: 'fr' });
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  const table = () => page.getByRole('region', { name: 'Liste des membres' }).getByRole('table');
  const names = () => table().locator('tbody tr td a').allTextContents();
  const count = () => page.getByTestId('member-count').textContent();
  const param = (name: string) => new URL(page.url()).searchParams.get(name);

  async function seriousViolations(): Promise<string[]> {
    const result = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
      .analyze();
    return result.violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.html).join(' | ')}`);
  }

  it('shows the total and each member’s last sign-in, “Jamais” for those who never signed in', async () => {
    await page.goto('/members');
    await table().waitFor();
    await expect.poll(count).toBe('6 membres');
    const claire = table().getByRole('row').filter({ hasText: 'Morel Claire' });
    // Claire signed in a moment ago: her row shows today's date, in French.
    const today = new Intl.DateTimeFormat('fr-CH', { dateStyle: 'medium' }).format(new Date());
    await expect.poll(() => claire.textContent()).toContain(today);
    const lucie = table().getByRole('row').filter({ hasText: 'Blanc Lucie' });
    expect(await lucie.textContent()).toContain('Jamais');
    expect(await seriousViolations()).toEqual([]);
  });

  it('sorts by last sign-in, never signed in first, then newest first', async () => {
    await page.getByRole('button', { name: 'Dernière connexion' }).click();
    await page.waitForURL((url) => url.searchParams.get('sort') === 'LAST_SIGN_IN_ASC');
    const header = table().getByRole('columnheader', { name: 'Dernière connexion' });
    expect(await header.getAttribute('aria-sort')).toBe('ascending');
    await expect.poll(async () => (await names()).at(-1)).toBe('Morel Claire');

    await page.getByRole('button', { name: 'Dernière connexion' }).click();
    await page.waitForURL((url) => url.searchParams.get('sort') === 'LAST_SIGN_IN_DESC');
    expect(await header.getAttribute('aria-sort')).toBe('descending');
    await expect.poll(async () => (await names())[0]).toBe('Morel Claire');

    // Back: the address held each order, so the browser's back button restores the previous one.
    await page.goBack();
    await page.waitForURL((url) => url.searchParams.get('sort') === 'LAST_SIGN_IN_ASC');
    await expect.poll(async () => (await names()).at(-1)).toBe('Morel Claire');
  });

  it('filters the members not signed in for 90 days', async () => {
    await page.getByRole('combobox', { name: 'Pas connecté depuis' }).click();
    await page.getByRole('option', { name: '90 jours' }).click();
    await page.waitForURL((url) => url.searchParams.get('inactive') === '90');
    await expect.poll(count).toBe('5 membres');
    expect(await names()).not.toContain('Morel Claire');
  });

  it('selects two members, one with the keyboard, and archives them after confirming', async () => {
    await page.getByRole('checkbox', { name: 'Sélectionner Lucie Blanc' }).check();
    await page.getByRole('checkbox', { name: 'Sélectionner Yves Perret' }).focus();
    await page.keyboard.press('Space');
    await page.getByText('2 membres sélectionnés').first().waitFor();
    expect(
      await page.getByRole('checkbox', { name: 'Sélectionner les membres de cette page' }).isChecked(),
    ).toBe(false);
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'members-01-selection');

    await page.getByRole('button', { name: 'Archiver', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Archiver 2 membres ?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Archiver 2 membres' }).click();
    const summary = page.getByRole('dialog', { name: 'Archivage terminé' });
    await summary.getByText('2 membres archivés.').waitFor();
    expect(await summary.getByText('non archivé').count()).toBe(0);
    await summary.locator('button', { hasText: 'Fermer' }).click();
    await summary.waitFor({ state: 'detached' });

    await expect.poll(count).toBe('3 membres');
    expect(await names()).not.toContain('Blanc Lucie');
    expect(await names()).not.toContain('Perret Yves');
    expect(await page.getByText('membres sélectionnés').count()).toBe(0);
  });

  it('keeps the order and the filter in the address across a reload', async () => {
    await page.reload();
    await table().waitFor();
    expect(param('sort')).toBe('LAST_SIGN_IN_ASC');
    expect(param('inactive')).toBe('90');
    expect(await page.getByRole('combobox', { name: 'Pas connecté depuis' }).inputValue()).toBe('90 jours');
    expect(
      await table().getByRole('columnheader', { name: 'Dernière connexion' }).getAttribute('aria-sort'),
    ).toBe('ascending');
    await expect.poll(count).toBe('3 membres');

    await page.getByRole('combobox', { name: 'Statut' }).click();
    await page.getByRole('option', { name: 'Archivé' }).click();
    await expect.poll(names).toEqual(expect.arrayContaining(['Blanc Lucie', 'Perret Yves']));
    await expect.poll(count).toBe('2 membres');
  });

  it('tells each refusal with its reason, and archives the others', async () => {
    await page.getByRole('combobox', { name: 'Statut' }).click();
    await page.getByRole('option', { name: 'Actifs et bloqués' }).click();
    await page.getByRole('combobox', { name: 'Pas connecté depuis' }).click();
    await page.getByRole('option', { name: 'Peu importe' }).click();
    await page.waitForURL((url) => !url.searchParams.has('inactive'));
    await expect.poll(count).toBe('4 membres');

    await page.getByRole('checkbox', { name: 'Sélectionner Claire Morel' }).check();
    await page.getByRole('checkbox', { name: 'Sélectionner Nadia Keller' }).check();
    await page.getByRole('button', { name: 'Archiver', exact: true }).click();
    await page
      .getByRole('dialog', { name: 'Archiver 2 membres ?' })
      .getByRole('button', { name: 'Archiver 2 membres' })
      .click();
    const summary = page.getByRole('dialog', { name: 'Archivage terminé' });
    await summary.getByText('1 membre archivé.').waitFor();
    await summary.getByText('1 membre non archivé :').waitFor();
    await summary.getByText('Claire Morel : vous ne pouvez pas archiver ce membre').waitFor();
    expect(await seriousViolations()).toEqual([]);
    await screenshot(page, 'members-02-summary');
    await summary.locator('button', { hasText: 'Fermer' }).click();
    await expect.poll(count).toBe('3 membres');
    expect(await names()).toContain('Morel Claire');
    expect(await names()).not.toContain('Keller Nadia');
  });

  it('changes the page size through the address', async () => {
    await page.getByRole('combobox', { name: 'Membres par page' }).click();
    await page.getByRole('option', { name: '50' }).click();
    await page.waitForURL((url) => url.searchParams.get('size') === '50');
    await page.reload();
    await table().waitFor();
    expect(await page.getByRole('combobox', { name: 'Membres par page' }).inputValue()).toBe('50');
    await screenshot(page, 'members-03-desktop');
  });

  it('keeps the page in the address: reload and back show the same members', async () => {
    // 22 more members, created as an admin would, so the list holds two pages of 20.
    const created = await page.evaluate(async () => {
      const statuses: string[] = [];
      for (let n = 10; n < 32; n++) {
        const response = await fetch('/graphql', {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'content-type': 'application/json', 'x-graphql-yoga-csrf': '1' },
          body: JSON.stringify({
            query: 'mutation($input: CreateMemberInput!) { createMember(input: $input) { __typename } }',
            variables: {
              input: {
                firstName: `Agent${n}`,
                lastName: `Zeller${n}`,
                email: `agent${n}.zeller@morges.demo`,
                emailConfirmation: `agent${n}.zeller@morges.demo`,
                mobility: 'DESK',
              },
            },
          }),
        });
        const body = (await response.json()) as { data?: { createMember: { __typename: string } } };
        statuses.push(body.data?.createMember.__typename ?? 'none');
      }
      return statuses;
    });
    expect(new Set(created)).toEqual(new Set(['MutationCreateMemberSuccess']));

    await page.goto('/members');
    await table().waitFor();
    await expect.poll(count).toBe('25 membres');
    await expect.poll(async () => (await names()).length).toBe(20);
    await page.getByRole('button', { name: 'Page suivante' }).click();
    await page.waitForURL((url) => url.searchParams.has('after'));
    await expect.poll(async () => (await names()).length).toBe(5);
    const second = await names();
    expect(second.every((name) => name.startsWith('Zeller'))).toBe(true);

    await page.getByRole('checkbox', { name: 'Sélectionner les membres de cette page' }).check();
    await page.getByText('5 membres sélectionnés').first().waitFor();

    await page.reload();
    await table().waitFor();
    await page.getByText('Page 2', { exact: true }).waitFor();
    await expect.poll(names).toEqual(second);

    await page.goBack();
    await page.waitForURL((url) => !url.searchParams.has('after'));
    await expect.poll(async () => (await names()).length).toBe(20);
    await page.goForward();
    await expect.poll(names).toEqual(second);
  });

  it('fits a phone: the table scrolls in its own box, the page never sideways', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/members?search=favre');
    await table().waitFor();
    await page.getByRole('checkbox', { name: 'Sélectionner Marc Favre' }).check();
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    // The table keeps its columns readable and scrolls inside a box of the phone's width.
    const box = await table().evaluate((element) => {
      for (let node = element.parentElement; node && node !== document.body; node = node.parentElement) {
        const style = getComputedStyle(node);
        if (['auto', 'scroll'].includes(style.overflowX) && node.scrollWidth > node.clientWidth)
          return { scroll: node.scrollWidth, client: node.clientWidth };
      }
      return null;
    });
    expect(box).not.toBeNull();
    expect(box!.client).toBeLessThanOrEqual(390);
    expect(box!.scroll).toBeGreaterThan(box!.client);
    expect(await seriousViolations()).toEqual([]);
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'members-04-phone');
  });
});
