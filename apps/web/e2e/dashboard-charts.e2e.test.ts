import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type RunningServer, screenshot, signIn, startServer } from './harness';

/**
 * Issue 14: Claire Morel, principal admin of the Commune de Morges, sees on the dashboard the members by status and
 * the requests of the last twelve weeks as charts, each with its text alternative (a labelled picture, a table, a
 * legend, a hidden weekly table) carrying the same numbers as the lists they link to; axe finds no serious or
 * critical violation; the page is looked at on a desktop and at 390 px.
 */
describe('Issue 14: dashboard charts', () => {
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

  const membersChart = () => page.getByRole('region', { name: 'Membres par statut' });
  const requestsChart = () => page.getByRole('region', { name: 'Demandes par semaine' });
  const countIn = async (row: string) => {
    const line = membersChart()
      .getByTestId('members-by-status')
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: row }) });
    return Number((await line.getByRole('cell').textContent())?.trim());
  };

  it('shows the members by status with a table whose numbers the filtered members list confirms', async () => {
    await signIn(page, 'claire.morel@morges.demo');
    await membersChart().getByTestId('members-by-status').waitFor();
    const active = await countIn('Actif');
    expect(active).toBeGreaterThan(0);
    expect(await countIn('Bloqué')).toBe(0);
    expect(await countIn('Archivé')).toBe(0);
    // The picture's text alternative says the same numbers.
    const picture = membersChart().getByTestId('members-chart-picture');
    expect(await picture.getAttribute('aria-label')).toBe(
      `Membres par statut : ${active} actifs, 0 bloqué, 0 archivé.`,
    );
    expect(await picture.locator('.recharts-bar-rectangle').count()).toBeGreaterThan(0);

    // Each status opens the members list filtered by it, which counts the same.
    await membersChart().getByRole('link', { name: 'Voir les membres : Actif' }).click();
    await page.waitForURL(
      (url) => url.pathname === '/members' && url.searchParams.get('status') === 'ACTIVE',
    );
    await page.getByText(`${active} membres`, { exact: true }).waitFor();
    await page.goBack();
    await membersChart().getByRole('link', { name: 'Voir les membres : Bloqué' }).click();
    await page.waitForURL((url) => url.searchParams.get('status') === 'BLOCKED');
    await page.getByText('Aucun membre', { exact: true }).first().waitFor();
    await page.goBack();
  });

  it('shows the requests of the last twelve weeks by outcome, in words and in a hidden weekly table', async () => {
    const chart = requestsChart();
    await chart.waitFor();
    // The demo seed has one service request waiting in Morges, submitted this week.
    expect(await chart.getByTestId('requests-chart-picture').getAttribute('aria-label')).toBe(
      '1 demande déposée en 12 semaines : 0 acceptée, 0 refusée, 1 en attente, 0 annulée.',
    );
    const legend = chart.getByTestId('requests-legend');
    await legend.getByText('En attente : 1', { exact: true }).waitFor();
    await legend.getByText('Acceptées : 0', { exact: true }).waitFor();
    const table = chart.getByRole('table', { name: 'Demandes déposées par semaine, selon leur suite' });
    const rows = table.getByRole('row');
    expect(await rows.count()).toBe(13);
    const lastWeek = rows.last();
    expect(await lastWeek.getByRole('cell').allTextContents()).toEqual(['1', '0', '0', '1', '0']);
    expect((await rows.nth(1).getByRole('cell').allTextContents()).every((cell) => cell === '0')).toBe(true);

    // The pending total opens the requests waiting for a decision: the list holds that one request.
    await legend.getByRole('link', { name: 'Voir les demandes en attente' }).click();
    await page.waitForURL((url) => url.pathname === '/requests');
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page
      .getByRole('link', { name: /Julie Rochat/ })
      .first()
      .waitFor();
    await page.goBack();
    await requestsChart().waitFor();
  });

  it('has no serious or critical axe violation on the dashboard, and reads at desktop and 390 px', async () => {
    await membersChart().getByTestId('members-by-status').waitFor();
    await requestsChart().locator('svg.recharts-surface').first().waitFor();
    const result = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
      .analyze();
    const serious = result.violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map(
        (violation) =>
          `${violation.id}: ${violation.nodes.map((node) => node.html.slice(0, 120)).join(' | ')}`,
      );
    expect(serious).toEqual([]);
    await screenshot(page, 'dashboard-charts-01-desktop');

    await page.setViewportSize({ width: 390, height: 844 });
    await requestsChart().locator('svg.recharts-surface').first().waitFor();
    // Nothing overflows the narrow screen sideways.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'dashboard-charts-02-390px');
  });

  it('says the same in English', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.evaluate(() => window.localStorage.setItem('tessera.language', 'en'));
    await page.reload();
    const members = page.getByRole('region', { name: 'Members by status' });
    await members.getByTestId('members-by-status').waitFor();
    const active = Number(
      (
        await members
          .getByRole('row')
          .filter({ has: page.getByRole('rowheader', { name: 'Active' }) })
          .getByRole('cell')
          .textContent()
      )?.trim(),
    );
    expect(await members.getByTestId('members-chart-picture').getAttribute('aria-label')).toBe(
      `Members by status: ${active} active, 0 blocked, 0 archived.`,
    );
    const requests = page.getByRole('region', { name: 'Requests by week' });
    expect(await requests.getByTestId('requests-chart-picture').getAttribute('aria-label')).toBe(
      '1 request submitted in 12 weeks: 0 accepted, 0 refused, 1 pending, 0 cancelled.',
    );
    await requests.getByTestId('requests-legend').getByText('Pending: 1', { exact: true }).waitFor();
    await requests
      .getByRole('table', { name: 'Requests submitted by week, by what became of them' })
      .waitFor({
        state: 'attached',
      });
    await screenshot(page, 'dashboard-charts-03-en-desktop');
  });
});
