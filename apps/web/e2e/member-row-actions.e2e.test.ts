import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type RunningServer, screenshot, signIn, startServer } from './harness';

/**
 * Issue 15, "add to a group from a row action of the member list": Claire Morel (principal admin) adds Lucie Blanc to
 * a group from the list's row menu, with the keyboard, in a dialog offering only the groups she manages members of
 * and Lucie is not in; a plain member sees no row menu.
 */
describe('member list: add to a group from a row', () => {
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.stop();
  });

  async function pageAs(email: string, width = 1280): Promise<Page> {
    const context = await browser.newContext({
      baseURL: server.url,
      locale: 'fr-FR',
      viewport: { width, height: 900 },
    });
    contexts.push(context);
    const page = await context.newPage();
    await signIn(page, email);
    return page;
  }

  it('adds Lucie Blanc to a group with the keyboard, offering only the groups she is not in', async () => {
    const page = await pageAs('claire.morel@morges.demo');
    await page.goto('/members?search=blanc');
    const menu = page.getByRole('button', { name: 'Actions pour Lucie Blanc' });
    await menu.press('Enter');
    await page.getByRole('menuitem', { name: 'Ajouter à un groupe…' }).press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Ajouter Lucie Blanc à des groupes' });
    await dialog.waitFor();
    await page.waitForFunction(() =>
      document.getAnimations().every((animation) => animation.playState !== 'running'),
    );
    const axe = await new AxeBuilder({ page })
      .include('[role="dialog"]')
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
      .analyze();
    expect(
      axe.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id}: ${v.nodes[0]?.html ?? ''}`),
    ).toEqual([]);

    const select = dialog.getByRole('combobox', { name: 'Ajouter à des groupes' });
    await expect.poll(() => select.evaluate((el) => el === document.activeElement)).toBe(true);
    await select.press('ArrowDown');
    const offered = await page.getByRole('option').allTextContents();
    expect(offered.length).toBeGreaterThan(0);
    await screenshot(page, 'member-row-add-to-group');
    const chosen = offered[0]!;
    await page.getByRole('option', { name: chosen }).click();
    await page.keyboard.press('Escape'); // closes the option list, not the dialog
    await dialog.getByRole('button', { name: 'Ajouter au groupe' }).click();
    await page.getByText('Utilisateur ajouté à 1 groupe.').waitFor();
    await dialog.waitFor({ state: 'detached' });

    // The group is now Lucie's, and the dialog no longer offers it.
    await page.getByRole('button', { name: 'Actions pour Lucie Blanc' }).click();
    await page.getByRole('menuitem', { name: 'Ajouter à un groupe…' }).click();
    const again = page.getByRole('dialog', { name: 'Ajouter Lucie Blanc à des groupes' });
    await again.getByRole('combobox', { name: 'Ajouter à des groupes' }).click();
    const left = await page.getByRole('option').allTextContents();
    expect(left).not.toContain(chosen);
    expect(left.length).toBe(offered.length - 1);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await page.getByRole('link', { name: 'Blanc Lucie' }).click();
    await page.getByRole('heading', { level: 1, name: 'Lucie Blanc' }).waitFor();
    await page.goto(`${new URL(page.url()).pathname}/access`);
    await page
      .getByRole('region', { name: /Groupes/ })
      .getByText(chosen, { exact: true })
      .waitFor();
  });

  it('shows the row menu at 390 px without sideways scrolling', async () => {
    const page = await pageAs('claire.morel@morges.demo', 390);
    await page.goto('/members?search=blanc');
    await page.getByRole('button', { name: 'Actions pour Lucie Blanc' }).scrollIntoViewIfNeeded();
    await expect
      .poll(() => page.evaluate(() => document.documentElement.scrollWidth))
      .toBeLessThanOrEqual(390);
  });

  it('offers a group manager only the groups whose members she manages', async () => {
    const page = await pageAs('sophie.martin@lumiere.demo');
    await page.goto('/members');
    const first = page.getByRole('button', { name: /^Actions pour / }).first();
    const name = ((await first.getAttribute('aria-label')) ?? '').replace('Actions pour ', '');
    await first.click();
    await page.getByRole('menuitem', { name: 'Ajouter à un groupe…' }).click();
    const dialog = page.getByRole('dialog', { name: `Ajouter ${name} à des groupes` });
    await dialog.waitFor();
    // What the server says she manages (and how many groups the organisation has), asked as her.
    const groups = await page.evaluate(async () => {
      const call = async (query: string, variables: Record<string, unknown> = {}) => {
        const response = await fetch('/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-graphql-yoga-csrf': '1' },
          body: JSON.stringify({ query, variables }),
        });
        return (await response.json()) as { data: Record<string, never> };
      };
      const viewer = await call('{ viewer { acting { organisation { id } } } }');
      const list = await call(
        'query($id: ID!) { groups(organisationId: $id, first: 100) { edges { node { name viewerCan { manageMembers } } } } }',
        {
          id: (viewer.data as unknown as { viewer: { acting: { organisation: { id: string } } } }).viewer
            .acting.organisation.id,
        },
      );
      type GroupRow = { name: string; viewerCan: { manageMembers: boolean } };
      return (list.data as unknown as { groups: { edges: { node: GroupRow }[] } }).groups.edges.map(
        (edge) => edge.node,
      );
    });
    const managed = groups.filter((group) => group.viewerCan.manageMembers).map((group) => group.name);
    expect(managed.length).toBeGreaterThan(0);
    await dialog.getByRole('combobox', { name: 'Ajouter à des groupes' }).click();
    const offered = await page.getByRole('option').allTextContents();
    for (const option of offered) expect(managed).toContain(option);
  });
});
