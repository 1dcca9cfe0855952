// The dashboard in a real browser (Debian's Chromium driven by playwright-core): sign in
// with a key, see a log sent through the API appear in the live tail, filter the table, and
// keep a screenshot as a test artifact.
import { countStored, authed, startTestApp, testApiKey, waitFor, type TestApp } from '@app/testing';
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const SCREENSHOT = join(process.cwd(), 'test-artifacts', 'dashboard.png');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

describe('dashboard in a browser', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let base: string;

  beforeAll(async () => {
    t = await startTestApp();
    base = `http://127.0.0.1:${(t.server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
    await t.close();
  });

  it('asks for a key, live-tails a new log, filters the table, and is screenshotted', async () => {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    // Every failed request, by URL.
    page.on('response', (response) => response.status() >= 400 && errors.push(`${response.status()} ${response.url()}`));

    // Five failed logins for one user: two logs in the table (one of them an alert's sample) and a brute-force alert.
    const failed = Array.from({ length: 5 }, () => ({ service: 'auth', level: 'warn', message: 'login failed for dana@example.com', attributes: { event: 'login_failed', user: 'dana' } }));
    await authed(t.server, 'ingest').post('/logs').send([{ service: 'checkout', level: 'info', message: 'order 1001 paid' }, ...failed]).expect(202);
    await waitFor(async () => (await countStored(t.db, 'logs')) === 6, 10_000, 'six processed logs');

    await page.goto(base);
    await page.fill('#key', testApiKey('read'));
    await page.click('#key-form button[type=submit]');
    await page.waitForSelector('#results tbody tr');
    await page.waitForSelector('#key-form', { state: 'hidden' });
    expect(await page.locator('#results tbody tr').count()).toBe(6);
    await page.waitForSelector('#alerts .alert');
    expect(await page.textContent('#alerts')).toContain('Brute force');
    expect(await page.textContent('#results')).toContain('login failed for [REDACTED:email]');

    await page.check('#live');
    await page.waitForSelector('#tail-state.live', { timeout: 5000 });
    await authed(t.server, 'ingest').post('/logs').send({ service: 'checkout', level: 'error', message: 'card declined for order 1002' }).expect(202);
    await page.waitForSelector('#results tbody tr:has-text("card declined for order 1002")', { timeout: 5000 });
    await page.waitForSelector('#chart svg');

    await page.fill('#search input[name=service]', 'auth');
    await page.click('#search button[type=submit]');
    // The filtered table has the five auth rows, and only them: the others go.
    await page.locator('#results tbody tr').nth(5).waitFor({ state: 'detached' });
    await waitFor(async () => (await page.locator('#results tbody tr').count()) === 5, 5000, 'five rows');
    const rows = await page.locator('#results tbody tr').allTextContents();
    expect(rows).toHaveLength(5);
    expect(rows.every((row) => row.includes('auth'))).toBe(true);
    expect(rows.some((row) => row.includes('card declined'))).toBe(false);
    await page.click('#results tbody tr');
    expect(await page.textContent('#detail')).toContain('"service": "auth"');

    mkdirSync(join(process.cwd(), 'test-artifacts'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(errors).toEqual([]);
  }, 60_000);

  it('shows a clear error for a refused key', async () => {
    const fresh = await browser.newPage();
    await fresh.goto(base);
    await fresh.fill('#key', 'wrong-key-wrong-key');
    await fresh.click('#key-form button[type=submit]');
    await fresh.waitForSelector('#key-form:not([hidden])');
    expect(await fresh.textContent('#key-form .hint')).toContain('refused');
    await fresh.close();
  }, 30_000);
});
