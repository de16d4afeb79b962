import { existsSync, mkdirSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Browser, chromium, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { createAdmin, TestAdmin } from './factories/admins';
import { bearer, createKey } from './factories/api-keys';
import { createScratchDatabase, dropDatabase } from '../src/database/scratch-database';
import { createTestApp, TestApp } from './support/test-app';
import { testEnv } from './setup/test-env';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const ARTIFACTS = join(__dirname, '..', 'test-artifacts');
const KEY_PATTERN = /ck_test_[0-9A-Za-z]{32}/;

// CI installs Chromium (.ci/run) and must run this suite; a machine without it skips it, saying so.
const browserAvailable = existsSync(CHROMIUM);
if (!browserAvailable && process.env.CI) throw new Error(`${CHROMIUM} is missing: CI must run the browser tests`);
const describeInBrowser = browserAvailable ? describe : describe.skip;
if (!browserAvailable) process.stderr.write(`Skipping the dashboard browser tests: no Chromium at ${CHROMIUM}\n`);

const listen = (server: Server) => new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));

describeInBrowser('dashboard in a real browser', () => {
  let testApp: TestApp;
  let browser: Browser;
  let base: string;
  let admin: TestAdmin;
  /** Another origin (another port): the attacker's page for the cross-site test. */
  let evil: Server;
  let evilBase: string;
  /** Its own database: it fails a sign-in from 127.0.0.1 and looks for its keys in the list. */
  let databaseUrl: string | undefined;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    databaseUrl = await createScratchDatabase(testEnv('serverUrl'), 'browser');
    testApp = await createTestApp({ databaseUrl });
    await testApp.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(testApp.app.getHttpServer().address() as AddressInfo).port}`;
    admin = await createAdmin(testApp.app);
    evil = createServer((_request, response) => {
      response.setHeader('content-type', 'text/html');
      response.end(`<!doctype html><form id="f" method="post" action="${base}/dashboard/api-keys">
<input name="name" value="planted by evil"><input name="mode" value="live"><input name="scopes" value="links:write">
</form><script>document.getElementById('f').submit()</script>`);
    });
    evilBase = `http://127.0.0.1:${await listen(evil)}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => evil?.close(resolve));
    await testApp?.close();
    if (databaseUrl) await dropDatabase(testEnv('serverUrl'), databaseUrl);
  });

  async function signIn(page: Page, password = admin.password): Promise<void> {
    await page.getByLabel('Email').fill(admin.email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  const callApi = (secret: string) => fetch(`${base}/api/v1/api_key`, { headers: { authorization: `Bearer ${secret}` } });

  it('signs in, creates a key shown once, which works until it is revoked', async () => {
    const context = await browser.newContext({ viewport: { width: 1200, height: 800 } });
    const page = await context.newPage();
    const name = `Browser key ${randomBytes(4).toString('hex')}`;

    // Signed out: the keys page sends us to sign in, and back after it.
    await page.goto(`${base}/dashboard/api-keys/new`);
    expect(new URL(page.url()).pathname).toBe('/dashboard');
    await signIn(page);
    expect(page.url()).toBe(`${base}/dashboard/api-keys/new`);

    await page.getByLabel('Name').fill(name);
    await page.getByRole('checkbox', { name: 'Read Customers customers:read' }).check();
    await page.getByRole('checkbox', { name: 'Write Checkout sessions sessions:write' }).check();
    await page.getByRole('button', { name: 'Create key' }).click();

    await page.getByText('It will never be shown again.').waitFor();
    const secret = await page.locator('#secret').inputValue();
    expect(secret).toMatch(KEY_PATTERN);
    await page.getByRole('button', { name: 'Copy' }).click();
    await page.locator('.copy-status').filter({ hasText: /\S/ }).waitFor();
    await page.locator('.secret-panel').screenshot({ path: join(ARTIFACTS, 'dashboard-key-created.png') });

    const me = await callApi(secret);
    expect(me.status).toBe(200);
    const described = (await me.json()) as { name: string; mode: string; scopes: string[] };
    expect({ ...described, scopes: [...described.scopes].sort() }).toMatchObject({ name, mode: 'test', scopes: ['customers:read', 'sessions:write'] });

    // Reloading, going back to it or reopening the page never shows the key again.
    await page.reload();
    expect(page.url()).toBe(`${base}/dashboard/api-keys`);
    expect(await page.content()).not.toContain(secret);
    await page.goto(`${base}/dashboard/api-keys`);
    await page.goBack().catch(() => undefined);
    expect(await page.content()).not.toContain(secret);
    await page.goto(`${base}/dashboard/api-keys`);
    const row = page.locator('tr', { hasText: name });
    expect(await row.count()).toBe(1);
    expect(await row.getByText(`ck_test_…${secret.slice(-4)}`).count()).toBe(1);
    expect(await page.content()).not.toContain(secret);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-key-list.png'), fullPage: true });

    // Revoke, after the confirmation page: the key is refused from then on.
    await row.first().getByRole('link', { name: `Revoke ${name}` }).click();
    await page.getByRole('button', { name: 'Revoke key' }).click();
    expect(page.url()).toBe(`${base}/dashboard/api-keys`);
    expect(await page.locator('tr', { hasText: name }).first().locator('.status').innerText()).toBe('revoked');
    expect((await callApi(secret)).status).toBe(401);
    await context.close();
  });

  it('rolls a key with a chosen overlap: the new key shown once, the old one working until then', async () => {
    const old = await createKey(testApp.app, { name: `Roll me ${randomBytes(4).toString('hex')}`, scopes: ['events:read'] });
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}/dashboard`);
    await signIn(page);
    await page.locator('tr', { hasText: `…${old.secret.slice(-4)}` }).getByRole('link', { name: /^Roll/ }).click();
    await page.getByLabel('Keep the old key working for').selectOption({ label: '1 hour' });
    await page.getByRole('button', { name: 'Roll key' }).click();
    const secret = await page.locator('#secret').inputValue();
    expect(secret).toMatch(KEY_PATTERN);
    expect(secret).not.toBe(old.secret);
    const described = (await (await callApi(secret)).json()) as { scopes: string[] };
    expect(described.scopes).toEqual(['events:read']);
    const oldKey = await fetch(`${base}/api/v1/api_key`, { headers: { authorization: bearer(old) } });
    expect(oldKey.status).toBe(200);
    const expiresAt = Date.parse(((await oldKey.json()) as { expiresAt: string }).expiresAt);
    expect(expiresAt - Date.now()).toBeGreaterThan(55 * 60_000);
    expect(expiresAt - Date.now()).toBeLessThanOrEqual(60 * 60_000);
    await page.reload();
    expect(await page.content()).not.toContain(secret);
    expect(await page.locator('tr', { hasText: `…${old.secret.slice(-4)}` }).locator('.status').innerText()).toMatch(/^expires at \d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
    await context.close();
  });

  it('answers a wrong password with the message, and stays on sign-in', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}/dashboard`);
    await signIn(page, 'not the password');
    expect(await page.getByRole('alert').innerText()).toBe('The email or password is not correct.');
    expect(new URL(page.url()).pathname).toBe('/dashboard');
    expect(await context.cookies()).toEqual([]);
    await context.close();
  });

  it('refuses a form that another site posts to the dashboard', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}/dashboard`);
    await signIn(page);
    const refused = page.waitForResponse((response) => response.url() === `${base}/dashboard/api-keys` && response.request().method() === 'POST');
    await page.goto(evilBase);
    expect((await refused).status()).toBe(403);
    await page.waitForLoadState();
    expect(await page.content()).toContain('State-changing requests must come from this site.');
    const planted = (await testApp.app.get(DataSource).query("SELECT 1 FROM api_keys WHERE name = 'planted by evil'")) as unknown[];
    expect(planted).toHaveLength(0);
    await context.close();
  });

  it('fits a 375 px screen and can be used with the keyboard', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 740 } });
    const page = await context.newPage();
    await page.goto(`${base}/dashboard`);
    // Keyboard only: the skip link, then the email and password fields, then submit with Enter.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.type(admin.email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(admin.password);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/dashboard/api-keys`);
    for (const path of ['/dashboard/api-keys', '/dashboard/api-keys/new']) {
      await page.goto(`${base}${path}`);
      // A string: the test project's TypeScript has no DOM types.
      const overflow = await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
      expect({ path, overflow }).toEqual({ path, overflow: 0 });
    }
    // Focus is visible: a focused control gets an outline.
    await page.getByLabel('Name').focus();
    expect(await page.evaluate('getComputedStyle(document.activeElement).outlineStyle')).toBe('solid');
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-new-key-375.png'), fullPage: true });
    await context.close();
  });
});
