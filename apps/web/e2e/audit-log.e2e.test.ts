import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type RunningServer, screenshot, signIn, startServer } from './harness';

/**
 * The audit log (issue 18), as Claire Morel, principal administrator of the Commune de Morges: she blocks Yves
 * Perret in the group Comptabilité, then finds that action in the log by filtering on him and on the members'
 * actions, reads it as a French sentence with names, and finds her filters again after a reload.
 */
describe('Audit log: who did what, in sentences', () => {
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

  const sentence = 'Claire Morel a bloqué Yves Perret dans le groupe Comptabilité';
  const events = () =>
    page.getByRole('list', { name: 'Événements du journal, du plus récent au plus ancien' });

  /** No sideways scroll of the page: its content is no wider than the window. */
  const overflow = () =>
    page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

  async function axe() {
    await page.waitForLoadState('networkidle');
    const result = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
      .analyze();
    return result.violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.html).join(' | ')}`);
  }

  it('blocks Yves Perret in the group Comptabilité (an audited action)', async () => {
    await signIn(page, 'claire.morel@morges.demo', { language: 'fr' });
    const outcome = await page.evaluate(async () => {
      const gql = async (query: string, variables: Record<string, unknown> = {}) =>
        (
          await fetch('/graphql', {
            method: 'POST',
            // The API's CSRF prevention: every GraphQL request carries this header.
            headers: { 'content-type': 'application/json', 'x-graphql-yoga-csrf': '1' },
            body: JSON.stringify({ query, variables }),
          })
        ).json();
      const viewer = await gql('{ viewer { acting { organisation { id } } } }');
      const organisationId = viewer.data.viewer.acting.organisation.id as string;
      const found = await gql(
        'query($o: ID!) { groups(organisationId: $o) { edges { node { id name } } } members(organisationId: $o, search: "Perret") { edges { node { id } } } units(organisationId: $o) { edges { node { id name } } } }',
        { o: organisationId },
      );
      const group = (found.data.groups.edges as { node: { id: string; name: string } }[]).find(
        (edge) => edge.node.name === 'Comptabilité',
      );
      const member = found.data.members.edges[0].node.id as string;
      const blocked = await gql(
        'mutation($i: MemberGroupInput!) { blockMemberInGroup(input: $i) { __typename } }',
        { i: { groupId: group?.node.id, memberId: member } },
      );
      // Another audited action, of another family, that the filters must leave out.
      const unit = (found.data.units.edges as { node: { id: string; name: string } }[]).find(
        (edge) => edge.node.name === 'Service financier',
      );
      const renamed = await gql('mutation($i: RenameUnitInput!) { renameUnit(input: $i) { __typename } }', {
        i: { unitId: unit?.node.id, name: 'Finances et contrôle' },
      });
      return [blocked.data.blockMemberInGroup.__typename, renamed.data.renameUnit.__typename] as string[];
    });
    expect(outcome).toEqual(['MutationBlockMemberInGroupSuccess', 'MutationRenameUnitSuccess']);
  });

  it('finds it in the log by filtering on the person and the members’ actions, as a French sentence', async () => {
    await page
      .getByRole('navigation', { name: 'Navigation principale' })
      .getByRole('link', { name: 'Journal d’audit' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Journal d’audit' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Événements' }).waitFor();
    await events().waitFor();
    // Unfiltered, the log holds both actions, newest first.
    await expect
      .poll(() => events().getByRole('listitem').first().textContent())
      .toContain('Claire Morel a renommé l’unité Service financier en Finances et contrôle');
    await screenshot(page, 'audit-log-00-fr-desktop-unfiltered');

    const person = page
      .getByRole('search', { name: 'Filtres du journal' })
      .getByRole('combobox', { name: 'Personne' });
    await person.click();
    await person.fill('Perr');
    await page.getByRole('option', { name: 'Yves Perret yves.perret@morges.demo' }).click();
    await page.waitForURL(/member=/);

    await page.getByRole('combobox', { name: 'Type d’action' }).click();
    await page.getByRole('option', { name: 'Membres', exact: true }).click();
    await page.waitForURL(/family=member/);

    await expect.poll(() => events().getByRole('listitem').first().textContent()).toContain(sentence);
    // Every event listed now concerns Yves Perret, and none shows a raw code.
    const texts = await events().getByRole('listitem').allTextContents();
    expect(texts.length).toBeGreaterThan(0);
    for (const text of texts) {
      expect(text).toContain('Yves Perret');
      expect(text).not.toMatch(/member\.|[0-9a-f]{8}-[0-9a-f]{4}-/);
    }

    const entry = events().getByRole('listitem').filter({ hasText: sentence }).first();
    await entry.getByRole('button', { name: 'Voir les changements' }).click();
    const changes = entry.getByRole('definition');
    await expect.poll(() => changes.first().textContent()).toBe('Avant : non → après : oui');
    expect(await entry.getByRole('term').first().textContent()).toBe('Bloqué');
    expect(await axe()).toEqual([]);
    expect(await overflow()).toBeLessThanOrEqual(0);
    await screenshot(page, 'audit-log-01-fr-desktop');
  });

  it('keeps the filters after a reload, and a period of days filters too', async () => {
    await page.reload();
    await expect.poll(() => events().getByRole('listitem').first().textContent()).toContain(sentence);
    expect(await page.getByRole('combobox', { name: 'Personne' }).inputValue()).toBe('Yves Perret');
    expect(await page.getByRole('combobox', { name: 'Type d’action' }).inputValue()).toBe('Membres');

    const today = await page.evaluate(() => {
      const now = new Date();
      return new Date(now.getTime() - now.getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
    });
    // The period is typed as a French reader writes a day (the calendar input, issue 18); the URL keeps ISO days.
    const typed = today.split('-').reverse().join('.');
    await page.getByLabel('Du', { exact: true }).fill(typed);
    await page.waitForURL((url) => url.searchParams.get('from') === today);
    await page.getByLabel('Au', { exact: true }).fill(typed);
    // The calendar speaks French and starts its weeks on Monday.
    const month = await page.evaluate(() =>
      new Intl.DateTimeFormat('fr-CH', { month: 'long', year: 'numeric' }).format(new Date()),
    );
    // (the calendar of « Au », opened by typing in it)
    await page.getByRole('button', { name: month, exact: true }).last().waitFor();
    expect(await page.locator('.mantine-DateInput-weekday').first().textContent()).toBe('lu');
    await page.keyboard.press('Escape');
    await page.waitForURL((url) => url.searchParams.get('to') === today);
    await expect.poll(() => events().getByRole('listitem').first().textContent()).toContain(sentence);
    // Back to before the period: the history holds each filter.
    await page.goBack();
    await page.goBack();
    await page.waitForURL((url) => !url.searchParams.has('from'));
    expect(new URL(page.url()).searchParams.get('family')).toBe('member');
  });

  let filtered = '';

  it('reads on a phone, with no sideways scroll', async () => {
    filtered = page.url();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await expect.poll(() => events().getByRole('listitem').first().textContent()).toContain(sentence);
    await events()
      .getByRole('listitem')
      .first()
      .getByRole('button', { name: 'Voir les changements' })
      .click();
    expect(await overflow()).toBeLessThanOrEqual(0);
    expect(await axe()).toEqual([]);
    await screenshot(page, 'audit-log-02-fr-phone');
  });

  it('keeps the page in the address: next, reload, previous', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    // 30 more audited renames: more than a page of 25.
    const renamed = await page.evaluate(async () => {
      const gql = async (query: string, variables: Record<string, unknown> = {}) =>
        (
          await fetch('/graphql', {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-graphql-yoga-csrf': '1' },
            body: JSON.stringify({ query, variables }),
          })
        ).json();
      const viewer = await gql('{ viewer { acting { organisation { id } } } }');
      const units = await gql('query($o: ID!) { units(organisationId: $o) { edges { node { id name } } } }', {
        o: viewer.data.viewer.acting.organisation.id,
      });
      const unit = (units.data.units.edges as { node: { id: string; name: string } }[]).find(
        (edge) => edge.node.name === 'Finances et contrôle',
      );
      const outcomes: string[] = [];
      for (let i = 1; i <= 30; i++) {
        const result = await gql('mutation($i: RenameUnitInput!) { renameUnit(input: $i) { __typename } }', {
          i: { unitId: unit?.node.id, name: `Finances ${i}` },
        });
        outcomes.push(result.data.renameUnit.__typename);
      }
      return outcomes;
    });
    expect(new Set(renamed)).toEqual(new Set(['MutationRenameUnitSuccess']));
    await page.goto('/audit-log?family=unit');
    await expect
      .poll(() => events().getByRole('listitem').first().textContent())
      .toContain('Claire Morel a renommé l’unité Finances 29 en Finances 30');
    expect(await events().getByRole('listitem').count()).toBe(25);
    await page.getByRole('button', { name: 'Page suivante' }).click();
    await page.waitForURL(/pages=/);
    await expect
      .poll(() => events().getByRole('listitem').first().textContent())
      .toContain('Claire Morel a renommé l’unité Finances 4 en Finances 5');
    await page.reload();
    await expect
      .poll(() => events().getByRole('listitem').first().textContent())
      .toContain('Claire Morel a renommé l’unité Finances 4 en Finances 5');
    expect(new URL(page.url()).searchParams.get('family')).toBe('unit');
    await page.getByRole('button', { name: 'Page précédente' }).click();
    await page.waitForURL((url) => !url.searchParams.has('pages'));
    await expect
      .poll(() => events().getByRole('listitem').first().textContent())
      .toContain('Finances 29 en Finances 30');
  });

  it('reads in English too', async () => {
    await page.evaluate(() => window.localStorage.setItem('tessera.language', 'en'));
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(filtered);
    const list = page.getByRole('list', { name: 'Audit log events, newest first' });
    await expect
      .poll(() => list.getByRole('listitem').first().textContent())
      .toContain('Claire Morel blocked Yves Perret in the group Comptabilité');
    await list.getByRole('listitem').first().getByRole('button', { name: 'Show the changes' }).click();
    expect(await overflow()).toBeLessThanOrEqual(0);
    await screenshot(page, 'audit-log-03-en-phone');
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto('/audit-log');
    await list.getByRole('listitem').first().waitFor();
    expect(await axe()).toEqual([]);
    await screenshot(page, 'audit-log-04-en-desktop-unfiltered');
    // The calendar follows the language: English month names, days typed as 04/12/2026.
    await page.getByLabel('From', { exact: true }).click();
    const month = await page.evaluate(() =>
      new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric' }).format(new Date()),
    );
    await page.getByRole('button', { name: month, exact: true }).waitFor();
    await screenshot(page, 'audit-log-05-en-calendar');
    await page.keyboard.press('Escape');
  });
});
