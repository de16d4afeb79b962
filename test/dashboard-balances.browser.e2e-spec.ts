import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { getAddress } from 'viem';
import { provisionDevChain } from '../src/chains/local-chain/provision';
import { createAdmin, TestAdmin } from './factories/admins';
import { createKey } from './factories/api-keys';
import { CollectedFunds, seedCollectedFunds } from './factories/sweeps';
import { apiAs } from './support/api-client';
import { Anvil } from './support/anvil';
import { createTestApp, TestApp } from './support/test-app';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const ARTIFACTS = join(__dirname, '..', 'test-artifacts');
/** Anvil's dev account #4. */
const GAS_KEY = '0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a';
const PAYOUT = getAddress('0x3333333333333333333333333333333333333333');

// CI installs Chromium (.ci/run) and must run this suite; a machine without it skips it, saying so.
const browserAvailable = existsSync(CHROMIUM);
if (!browserAvailable && process.env.CI) throw new Error(`${CHROMIUM} is missing: CI must run the browser tests`);
const describeInBrowser = browserAvailable ? describe : describe.skip;
if (!browserAvailable) process.stderr.write(`Skipping the Balances browser tests: no Chromium at ${CHROMIUM}\n`);

/**
 * Issue 14 §4: the Balances page in Chromium, on a real local chain (the gas key's balance, Sweep
 * now) with recorded funds on base and sepolia, which the machine does not enable.
 */
describeInBrowser('dashboard Balances page in a real browser', () => {
  let chain: Anvil;
  let testApp: TestApp;
  let browser: Browser;
  let base: string;
  let admin: TestAdmin;
  let funds: CollectedFunds;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    chain = await Anvil.start();
    await provisionDevChain(chain.rpcUrl, 'local');
    testApp = await createTestApp({ ownDatabase: true, env: { PAYOUT_ADDRESS_TEST: PAYOUT, RPC_URLS_LOCAL: chain.rpcUrl, SWEEP_GAS_KEY: GAS_KEY } });
    await testApp.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(testApp.app.getHttpServer().address() as AddressInfo).port}`;
    admin = await createAdmin(testApp.app);
    const api = apiAs(testApp.app, await createKey(testApp.app, { scopes: ['sessions:write'] }));
    const template = (await api.post('/api/v1/checkout_sessions', { amount: '1', currency: 'USDC' }).expect(201)).body.id as string;
    funds = await seedCollectedFunds(testApp.app.get(DataSource), template);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await testApp?.close();
    await chain?.stop();
  });

  /** Everything the page's Content-Security-Policy refused, as the browser reports it. */
  async function watchCsp(page: Page): Promise<string[]> {
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    // Init scripts are the browser's own (DevTools), outside the page's policy.
    await page.addInitScript('document.addEventListener("securitypolicyviolation", (e) => console.error("Content Security Policy violation: " + e.violatedDirective))');
    return violations;
  }

  async function signIn(page: Page): Promise<void> {
    await page.getByLabel('Email').fill(admin.email);
    await page.getByLabel('Password').fill(admin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  it('signs in to the page, shows the numbers, explorer links and sweeps, with no CSP violation', async () => {
    const context = await browser.newContext({ viewport: { width: 1200, height: 800 } });
    const page = await context.newPage();
    const violations = await watchCsp(page);
    await page.goto(`${base}/dashboard/balances`);
    expect(new URL(page.url()).pathname).toBe('/dashboard');
    await signIn(page);
    expect(page.url()).toBe(`${base}/dashboard/balances`);

    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Balances');
    const usdcOnBase = page.locator('table.balances tbody', { hasText: 'Base' }).locator('tr', { hasText: 'USDC' });
    expect(await usdcOnBase.locator('td').allInnerTexts()).toEqual(['1250.5', '1200', '50.5']);
    const lastSweep = page.locator('table.balances tbody', { hasText: 'Base' }).getByRole('link', { name: /block explorer/ });
    expect(await lastSweep.getAttribute('href')).toBe(`https://basescan.org/tx/${funds.baseSweep.txHash}`);
    expect(await page.getByRole('link', { name: 'Balances' }).getAttribute('aria-current')).toBe('page');

    // The addresses a sweep emptied open from their summary.
    const sweepRow = page.locator(`tr[data-sweep-id="${funds.baseSweep.id}"]`);
    await sweepRow.getByText('1 address').click();
    expect(await sweepRow.locator('details li').innerText()).toMatch(/^0x[0-9a-fA-F]{4}…[0-9a-fA-F]{4} 1\.5 ETH, 1200 USDC$/);
    expect(await page.getByRole('button', { name: 'Sweep now on Local dev chain' }).isVisible()).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-balances.png'), fullPage: true });
    expect(violations).toEqual([]);
    await context.close();
  });

  it('fits a 375 px screen, and the keyboard reaches Sweep now, which records a request and says so', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 740 } });
    const page = await context.newPage();
    const violations = await watchCsp(page);
    await page.goto(`${base}/dashboard?next=${encodeURIComponent('/dashboard/balances')}`);
    await signIn(page);
    await page.waitForURL(`${base}/dashboard/balances`);
    // A string: the test project's TypeScript has no DOM types.
    expect(await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')).toBe(0);

    // Keyboard only, from the top of the page: Tab until Sweep now has the focus, then Enter.
    let focused = '';
    for (let presses = 0; presses < 40 && !focused.startsWith('Sweep now'); presses += 1) {
      await page.keyboard.press('Tab');
      focused = String(await page.evaluate('document.activeElement.textContent'));
    }
    expect(focused).toBe('Sweep now on Local dev chain');
    expect(await page.evaluate('getComputedStyle(document.activeElement).outlineStyle')).toBe('solid');
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-balances-375.png'), fullPage: true });
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/dashboard/balances?requested=local`);
    expect(await page.getByRole('status').innerText()).toBe('Sweep requested on Local dev chain: the sweeper sends it at its next round.');
    const requests = (await testApp.app.get(DataSource).query('SELECT network FROM sweep_requests')) as { network: string }[];
    expect(requests).toEqual([{ network: 'local' }]);
    expect(await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')).toBe(0);
    expect(violations).toEqual([]);
    await context.close();
  });
});
