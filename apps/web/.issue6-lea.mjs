import { chromium } from 'playwright-core';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless','--no-sandbox','--disable-gpu'] });
const context = await browser.newContext({ baseURL: 'http://127.0.0.1:4610', locale: 'fr-FR', viewport: { width: 1280, height: 860 } });
const page = await context.newPage();
await page.goto('/sign-in');
await page.waitForTimeout(3000);
await page.screenshot({ path: '/tmp/lea.png' });
console.log(page.url());
await browser.close();
