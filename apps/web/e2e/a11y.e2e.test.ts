import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type RunningServer, screenshot, signIn as signInPage, startServer } from './harness';

interface Finding {
  path: string;
  rule: string;
  impact: string;
  targets: string[];
}

type Language = 'fr' | 'en';

/**
 * axe-core over every page each role is offered (its navigation, plus the detail pages its lists link to), in
 * French and English: no serious or critical violation of WCAG 2.1 A/AA.
 */
describe('accessibility of every page', () => {
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

  async function open(language: Language, viewport = { width: 1280, height: 800 }): Promise<Page> {
    await context?.close();
    context = await browser.newContext({
      baseURL: server.url,
      locale: language === 'fr' ? 'fr-FR' : 'en-GB',
      viewport,
    });
    return context.newPage();
  }

  async function signIn(email: string, language: Language, viewport?: { width: number; height: number }) {
    const page = await open(language, viewport);
    await signInPage(page, email, { language });
    await page.locator('h1').first().waitFor();
    return page;
  }

  /** Waits until the page has its heading and no loader is left spinning. */
  async function settle(page: Page) {
    await page.locator('h1').first().waitFor();
    await page.waitForLoadState('networkidle');
    await page
      .locator('.mantine-Loader-root')
      .first()
      .waitFor({ state: 'detached', timeout: 10_000 })
      .catch(() => {
        throw new Error(`A loader still spins on ${page.url()}`);
      });
  }

  async function audit(page: Page, findings: Finding[]) {
    await settle(page);
    const result = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
      .analyze();
    const path = new URL(page.url()).pathname;
    for (const violation of result.violations) {
      if (violation.impact !== 'serious' && violation.impact !== 'critical') continue;
      findings.push({
        path,
        rule: violation.id,
        impact: violation.impact,
        targets: violation.nodes.slice(0, 3).map((node) => node.html.slice(0, 200)),
      });
    }
  }

  /** The pages the navigation offers, plus the first detail page each list links to. */
  async function pagesOf(page: Page): Promise<string[]> {
    await page.locator('#main-navigation a[href]').first().waitFor();
    const nav = await page
      .locator('#main-navigation a[href]')
      .evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? ''));
    const paths = new Set(nav.filter((href) => href.startsWith('/')));
    paths.add('/account');
    const details: Array<[string, RegExp]> = [
      ['/members', /^\/members\/[^/]+$/],
      ['/groups', /^\/groups\/[^/]+$/],
      ['/requests', /^\/requests\/[^/]+$/],
      ['/organisations', /^\/organisations\/[^/]+$/],
    ];
    for (const [list, pattern] of details) {
      if (!paths.has(list)) continue;
      await page.goto(list);
      await settle(page);
      const hrefs = await page
        .locator('main a[href]')
        .evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? ''));
      const detail = hrefs.find((href) => pattern.test(href) && !href.endsWith('/new'));
      if (detail) {
        paths.add(detail);
        if (list === '/members') paths.add(`${detail}/access`);
      }
    }
    return [...paths];
  }

  const roles = [
    ['operator', 'operateur@tessera.demo'],
    ['principal admin', 'claire.morel@morges.demo'],
    ['plain member', 'lucie.blanc@morges.demo'],
  ] as const;

  for (const language of ['fr', 'en'] as const) {
    for (const [role, email] of roles) {
      it(`finds no serious or critical violation for the ${role} in ${language}`, async () => {
        const page = await signIn(email, language);
        const paths = await pagesOf(page);
        expect(paths.length).toBeGreaterThan(1);
        const findings: Finding[] = [];
        for (const path of paths) {
          await page.goto(path);
          await audit(page, findings);
        }
        await screenshot(page, `a11y-${language}-${role.replace(' ', '-')}`);
        expect(findings).toEqual([]);
      });
    }

    it(`finds no serious or critical violation on the public pages in ${language}`, async () => {
      const page = await open(language);
      const findings: Finding[] = [];
      for (const path of ['/sign-in', '/forgot-password']) {
        await page.goto(path);
        await audit(page, findings);
      }
      expect(findings).toEqual([]);
    });
  }

  it('holds at phone size: no page scrolls sideways', async () => {
    const phone = { width: 390, height: 844 };
    const wide: string[] = [];
    for (const email of ['claire.morel@morges.demo', 'operateur@tessera.demo']) {
      const page = await signIn(email, 'fr', phone);
      const paths = [
        '/',
        '/members',
        '/groups',
        '/units',
        '/administrators',
        '/requests',
        '/audit-log',
        '/account',
      ];
      if (email.startsWith('operateur')) paths.splice(1, paths.length, '/organisations', '/account');
      for (const path of paths) {
        await page.goto(path);
        await settle(page);
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        if (width > phone.width) wide.push(`${path} (${width} px)`);
      }
      await screenshot(page, `phone-${email.split('@')[0]}`);
    }
    expect(wide).toEqual([]);
  });
});
