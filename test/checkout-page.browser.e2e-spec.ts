import { existsSync, mkdirSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { createWalletClient, decodeFunctionData, defineChain, encodeFunctionData, erc20Abi, http, type Address, type Hex } from 'viem';
import { faucetAccount } from '../src/chains/local-chain/dev-accounts';
import { DevFaucet } from '../src/chains/local-chain/faucet';
import { provisionDevChain } from '../src/chains/local-chain/provision';
import { LOCAL_TOKENS } from '../src/chains/local-chain/local-tokens';
import { NETWORKS } from '../src/chains/networks';
import { SessionSweeper } from '../src/sessions/session-sweeper';
import { apiAs, ApiClient } from './support/api-client';
import { Anvil } from './support/anvil';
import { PAYOUT_LIVE, PAYOUT_TEST, startChainAs } from './support/chains';
import { createKey } from './factories/api-keys';
import { decodeQrPng } from './support/qr-decode';
import { createTestApp, TestApp } from './support/test-app';
import { usdc } from './support/chain-payments';
import { waitUntil } from './support/wait-until';
import { wcagViolations } from './support/accessibility';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const ARTIFACTS = join(__dirname, '..', 'test-artifacts');
const PHONE = { width: 375, height: 812 };
const LOCAL_CHAIN_ID = '0x7a69';
const USDC_LOCAL = LOCAL_TOKENS.find((token) => token.currency === 'USDC')!.address;
const USDT_LOCAL = LOCAL_TOKENS.find((token) => token.currency === 'USDT')!.address;
const USDC_BASE_SEPOLIA = NETWORKS['base-sepolia'].tokens[0].address;

// CI installs Chromium (.ci/run) and must run this suite; a machine without it skips it, saying so.
const browserAvailable = existsSync(CHROMIUM);
if (!browserAvailable && process.env.CI) throw new Error(`${CHROMIUM} is missing: CI must run the browser tests`);
const describeInBrowser = browserAvailable ? describe : describe.skip;
if (!browserAvailable) process.stderr.write(`Skipping the checkout page browser tests: no Chromium at ${CHROMIUM}\n`);

const listen = (server: Server) => new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));

interface Session {
  id: string;
  url: string;
  status: string;
  depositAddress: Address;
}

/** What the test wallet was asked, in order. */
interface WalletCall {
  method: string;
  params: unknown[];
}

/**
 * An EIP-1193 provider announced by EIP-6963 (or, as wallets from before it do, only set as
 * `window.ethereum`), injected before the page's own scripts. Its requests go to the test
 * (exposed binding `__testWallet`), which answers them from a funded account on the local Anvil:
 * the page's script talks to it exactly as to a browser wallet.
 */
const injectedWallet = (discovery: 'eip6963' | 'window.ethereum') => `(() => {
  const provider = {
    request: async ({ method, params }) => {
      const answer = await window.__testWallet(method, params || []);
      if (answer.error) { const error = new Error(answer.error.message); error.code = answer.error.code; throw error; }
      return answer.result;
    },
  };
  if (${JSON.stringify(discovery)} === 'window.ethereum') { window.ethereum = provider; return; }
  const info = Object.freeze({ uuid: '6f1d3d52-0f4b-4d8e-9a56-3b1c6c0e0001', name: 'Test Wallet', icon: 'data:image/svg+xml,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22/%3E', rdns: 'test.wallet' });
  const announce = () => window.dispatchEvent(new CustomEvent('eip6963:announceProvider', { detail: Object.freeze({ info, provider }) }));
  window.addEventListener('eip6963:requestProvider', announce);
  announce();
})();`;

describeInBrowser('checkout page in a real browser (DESIGN.md §14)', () => {
  let local: Anvil;
  /** Three blocks to settle and no block without a transaction: a payment there stays "seen" until the test mines. */
  let baseSepolia: Anvil;
  let base: Anvil;
  let testApp: TestApp;
  let browser: Browser;
  let app: string;
  let test: ApiClient;
  let live: ApiClient;
  /** The shop: where successUrl and cancelUrl lead. */
  let shop: Server;
  let shopBase: string;

  const open = async (api: ApiClient, fields: object = {}): Promise<Session> =>
    (await api.post('/api/v1/checkout_sessions', { amount: '10', currency: 'USDC', successUrl: `${shopBase}/thanks`, cancelUrl: `${shopBase}/cart`, network: 'local', ...fields }).expect(201)).body;
  const pageUrl = (session: Session) => {
    const url = new URL(session.url);
    return `${app}${url.pathname}${url.search}`;
  };
  const phone = (options: Parameters<Browser['newContext']>[0] = {}) => browser.newContext({ viewport: PHONE, deviceScaleFactor: 2, ...options });
  /** Every state's page passes axe-core's WCAG 2 A/AA checks (contrast, labels, names) as rendered, then is saved at 375 px. */
  const save = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `checkout-${name}-375.png`), fullPage: true });
  const shot = async (page: Page, name: string) => {
    expect(await wcagViolations(page)).toEqual([]);
    await save(page, name);
  };
  const heading = (page: Page) => page.locator('h1').innerText();
  /** What the pages' scripts broke: uncaught errors, and anything the CSP refused (Chromium reports both on the console). */
  let scriptProblems: string[] = [];
  const newPage = async (context: BrowserContext) => {
    const page = await context.newPage();
    page.on('pageerror', (error) => scriptProblems.push(error.message));
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) scriptProblems.push(message.text());
    });
    return page;
  };
  /** The QR code as a camera would read it: a screenshot of it, decoded. */
  const scanQr = async (page: Page) => decodeQrPng(await page.locator('svg.qr').screenshot());

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    [local, baseSepolia, base] = await Promise.all([Anvil.start(), Anvil.start(['--chain-id', '84532']), startChainAs(8453)]);
    await Promise.all([provisionDevChain(local.rpcUrl, 'local'), provisionDevChain(baseSepolia.rpcUrl, 'base-sepolia')]);
    shop = createServer((request, response) => {
      response.setHeader('content-type', 'text/html');
      response.end(`<!doctype html><title>Shop</title><h1>Shop page ${request.url}</h1>`);
    });
    shopBase = `http://127.0.0.1:${await listen(shop)}`;
    testApp = await createTestApp({
      ownDatabase: true,
      env: {
        MERCHANT_NAME: 'Acme Coffee',
        PAYOUT_ADDRESS_TEST: PAYOUT_TEST,
        PAYOUT_ADDRESS_LIVE: PAYOUT_LIVE,
        RPC_URLS_LOCAL: local.rpcUrl,
        RPC_URLS_BASE_SEPOLIA: baseSepolia.rpcUrl,
        SETTLEMENT_BASE_SEPOLIA: '3',
        RPC_URLS_BASE: base.rpcUrl,
      },
    });
    await testApp.app.listen(0, '127.0.0.1');
    app = `http://127.0.0.1:${(testApp.app.getHttpServer().address() as AddressInfo).port}`;
    const scopes = ['sessions:read', 'sessions:write', 'links:write'] as const;
    test = apiAs(testApp.app, await createKey(testApp.app, { mode: 'test', scopes: [...scopes] }));
    live = apiAs(testApp.app, await createKey(testApp.app, { mode: 'live', scopes: [...scopes] }));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  }, 60_000);

  afterEach(() => {
    const problems = scriptProblems;
    scriptProblems = [];
    expect(problems).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => shop?.close(resolve));
    await testApp?.close();
    await Promise.all([local?.stop(), baseSepolia?.stop(), base?.stop()]);
  });

  /** A context whose pages have the test wallet: it starts on mainnet and has never heard of the local chain. */
  async function withTestWallet(context: BrowserContext, discovery: 'eip6963' | 'window.ethereum' = 'eip6963'): Promise<WalletCall[]> {
    const calls: WalletCall[] = [];
    const known = new Set(['0x1']);
    let chainId = '0x1';
    const localChain = defineChain({ id: 31337, name: 'Local', nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 }, rpcUrls: { default: { http: [local.rpcUrl] } } });
    const signer = createWalletClient({ account: faucetAccount, chain: localChain, transport: http(local.rpcUrl) });
    await context.exposeBinding('__testWallet', async (_source, method: string, params: unknown[]) => {
      calls.push({ method, params });
      switch (method) {
        case 'eth_requestAccounts':
        case 'eth_accounts':
          return { result: [faucetAccount.address] };
        case 'eth_chainId':
          return { result: chainId };
        case 'wallet_switchEthereumChain': {
          const wanted = (params[0] as { chainId: string }).chainId;
          if (!known.has(wanted)) return { error: { code: 4902, message: 'Unrecognized chain ID' } };
          chainId = wanted;
          return { result: null };
        }
        case 'wallet_addEthereumChain': {
          const added = params[0] as { chainId: string; rpcUrls: string[] };
          if (added.rpcUrls[0] !== local.rpcUrl) return { error: { code: -32602, message: 'unknown RPC' } };
          known.add(added.chainId);
          return { result: null };
        }
        case 'eth_sendTransaction': {
          if (chainId !== LOCAL_CHAIN_ID) return { error: { code: 4901, message: 'not on the local chain' } };
          const { to, value, data } = params[0] as { to: Address; value: Hex; data?: Hex };
          return { result: await signer.sendTransaction({ to, value: BigInt(value), data }) };
        }
        default:
          return { error: { code: 4200, message: `unsupported ${method}` } };
      }
    });
    await context.addInitScript(injectedWallet(discovery));
    return calls;
  }

  it('shows amount, address and a QR code that scans to the exact EIP-681 transfer, with working copy buttons, usable at 375 px by keyboard', async () => {
    const session = await open(test, { network: undefined });
    const context = await phone();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app });
    const page = await newPage(context);
    await page.goto(pageUrl(session));
    expect(await heading(page)).toBe('Pay 10 USDC');
    expect(await page.getByLabel('Deposit address').inputValue()).toBe(session.depositAddress);
    expect(await page.getByLabel('Amount (USDC)').inputValue()).toBe('10');
    expect(await page.locator('.test-banner').innerText()).toContain('TEST MODE');
    expect(await scanQr(page)).toBe(`ethereum:${USDC_BASE_SEPOLIA}@84532/transfer?address=${session.depositAddress}&uint256=10000000`);
    // The picker shows another network at once (the script submits it); the address stays, chain and token change.
    expect(await page.getByRole('button', { name: 'Show' }).isHidden()).toBe(true);
    await Promise.all([page.waitForURL(/&network=local$/), page.getByLabel('Network').selectOption({ label: 'Local dev chain' })]);
    expect(await scanQr(page)).toBe(`ethereum:${USDC_LOCAL}@31337/transfer?address=${session.depositAddress}&uint256=10000000`);
    expect(await page.getByLabel('Deposit address').inputValue()).toBe(session.depositAddress);
    // The countdown runs: mm:ss.
    await page.locator('time.countdown', { hasText: /^\d+:\d\d$/ }).waitFor();

    // Keyboard only: Tab reaches the copy buttons; Enter copies.
    const copyAddress = page.getByRole('button', { name: 'Copy address' });
    for (let tab = 0; tab < 20 && !(await copyAddress.evaluate((button) => button === (button.ownerDocument.activeElement as unknown))); tab += 1) await page.keyboard.press('Tab');
    expect(await page.evaluate('getComputedStyle(document.activeElement).outlineStyle')).toBe('solid');
    await page.keyboard.press('Enter');
    await page.locator('.copy-status', { hasText: 'Deposit address copied.' }).waitFor();
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(session.depositAddress);
    await page.getByRole('button', { name: 'Copy amount' }).click();
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe('10');

    expect(await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')).toBe(0);
    await shot(page, 'awaiting');
    await context.close();
  });

  it('pays with an injected EIP-1193 wallet: switches to the chain (adding it first), sends exactly the QR transfer, reaches paid without a reload and lands on successUrl', async () => {
    const session = await open(test);
    const context = await phone();
    const calls = await withTestWallet(context);
    const page = await newPage(context);
    await page.goto(pageUrl(session));
    const uri = await scanQr(page);
    await page.evaluate('window.__sameDocument = true');
    await page.getByRole('button', { name: 'Pay with Test Wallet' }).click();
    await page.locator('.wallet-status', { hasText: /Payment sent\. Transaction 0x[0-9a-f]{64}/ }).waitFor();
    await shot(page, 'wallet-sent');

    await page.locator('h1', { hasText: 'Paid' }).waitFor({ timeout: 20_000 });
    expect(await page.evaluate('window.__sameDocument')).toBe(true);
    expect(await page.locator('.status').innerText()).toBe('Thank you. Acme Coffee has received 10 USDC.');
    await shot(page, 'paid');
    await page.waitForURL(`${shopBase}/thanks`, { timeout: 15_000 });

    expect(calls.map((call) => call.method)).toEqual([
      'eth_requestAccounts',
      'eth_chainId',
      'wallet_switchEthereumChain',
      'wallet_addEthereumChain',
      'wallet_switchEthereumChain',
      'eth_sendTransaction',
    ]);
    expect(calls[3].params[0]).toMatchObject({ chainId: LOCAL_CHAIN_ID, chainName: 'Local dev chain', rpcUrls: [local.rpcUrl] });
    // The transaction is the QR code's transfer, to the letter.
    const [, token, chain, deposit, amount] = /^ethereum:(0x[0-9a-fA-F]{40})@(\d+)\/transfer\?address=(0x[0-9a-fA-F]{40})&uint256=(\d+)$/.exec(uri!)!;
    expect(chain).toBe('31337');
    const sent = calls[5].params[0] as { from: string; to: string; value: string; data: Hex };
    expect(sent).toEqual({ from: faucetAccount.address, to: token, value: '0x0', data: encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [deposit as Address, BigInt(amount)] }) });
    expect(decodeFunctionData({ abi: erc20Abi, data: sent.data }).args).toEqual([session.depositAddress, 10_000_000n]);
    expect((await test.get(`/api/v1/checkout_sessions/${session.id}`).expect(200)).body).toMatchObject({ status: 'complete', paymentStatus: 'paid' });
    await context.close();
  });

  it('falls back to window.ethereum when no wallet announces itself by EIP-6963, and pays the same transfer', async () => {
    const session = await open(test);
    const context = await phone();
    const calls = await withTestWallet(context, 'window.ethereum');
    const page = await newPage(context);
    await page.goto(pageUrl(session));
    await page.getByRole('button', { name: 'Pay with browser wallet' }).click();
    await page.locator('.wallet-status', { hasText: /Payment sent\. Transaction 0x[0-9a-f]{64}/ }).waitFor();
    await page.locator('h1', { hasText: 'Paid' }).waitFor({ timeout: 20_000 });
    const sent = calls.find((call) => call.method === 'eth_sendTransaction')!.params[0] as { to: string; data: Hex };
    expect(sent.to).toBe(USDC_LOCAL);
    expect(decodeFunctionData({ abi: erc20Abi, data: sent.data }).args).toEqual([session.depositAddress, 10_000_000n]);
    await context.close();
  });

  it('underpays with the simulate button, shows what is due with its own QR code, then the top-up completes it', async () => {
    const session = await open(test);
    const context = await phone();
    const page = await newPage(context);
    await page.goto(pageUrl(session));
    await page.getByRole('button', { name: 'Pay too little' }).click();
    await page.locator('h1', { hasText: 'Pay the remaining 5 USDC' }).waitFor({ timeout: 20_000 });
    expect(await page.locator('.status').innerText()).toBe('We received 5 of 10 USDC. Send the remaining 5 USDC to complete your payment.');
    expect(await scanQr(page)).toMatch(/&uint256=5000000$/);
    await shot(page, 'underpaid');
    await page.getByRole('button', { name: 'Pay the exact amount' }).click();
    await page.locator('h1', { hasText: 'Paid' }).waitFor({ timeout: 20_000 });
    expect(await page.locator('.payments li').count()).toBe(2);
    await context.close();
  });

  it('overpays with the simulate button: paid, with a calm word about the difference', async () => {
    const session = await open(test);
    const context = await phone();
    const page = await newPage(context);
    await page.goto(pageUrl(session));
    await page.evaluate('window.__sameDocument = true');
    await page.getByRole('button', { name: 'Pay too much' }).click();
    await page.locator('h1', { hasText: 'Paid' }).waitFor({ timeout: 20_000 });
    // Held here for the checks and the screenshot (the next test shows what the button does).
    await page.getByRole('button', { name: 'Stay on this page' }).click();
    expect(await page.locator('.status').innerText()).toBe('Thank you. Acme Coffee has received 15 USDC.');
    expect(await page.locator('.notice').innerText()).toBe('You sent more than the amount due. Acme Coffee has been told about the difference.');
    await shot(page, 'overpaid');
    await context.close();
  });

  it('lets the payer stay on the paid page instead of being taken back to the shop', async () => {
    const session = await open(test);
    await test.post(`/api/v1/test_helpers/checkout_sessions/${session.id}/pay`, {}).expect(200);
    await waitUntil(async () => (await test.get(`/api/v1/checkout_sessions/${session.id}`).expect(200)).body.status === 'complete', { timeoutMs: 15_000, intervalMs: 100 });
    const context = await phone();
    const page = await newPage(context);
    // The page's own timers run on a clock the test moves.
    await page.clock.install();
    await page.goto(pageUrl(session));
    expect(await page.locator('.redirect-text').innerText()).toBe('Taking you back to Acme Coffee in 5 seconds.');
    await page.getByRole('button', { name: 'Stay on this page' }).click();
    expect(await page.locator('.redirect-text').innerText()).toBe('You are staying on this page. Use the button above to return when you are ready.');
    await page.clock.runFor(60_000);
    await page.waitForLoadState();
    expect(page.url()).toBe(pageUrl(session));
    expect(await heading(page)).toBe('Paid');
    await context.close();
  });

  it('shows a payment seen with its confirmations while it settles, then paid, as the live status follows it', async () => {
    const session = await open(test, { network: 'base-sepolia' });
    const context = await phone();
    const page = await newPage(context);
    await page.goto(pageUrl(session));
    await page.evaluate('window.__sameDocument = true');
    await test.post(`/api/v1/test_helpers/checkout_sessions/${session.id}/pay`, {}).expect(200);
    await page.locator('h1', { hasText: 'Payment seen' }).waitFor({ timeout: 20_000 });
    expect(await page.locator('.payments .progress').innerText()).toBe('1 of 3 confirmations');
    await shot(page, 'payment-seen');
    await rpc(baseSepolia.rpcUrl, 'anvil_mine', ['0x1']);
    // Confirmations tick up in place.
    await page.locator('.payments .progress', { hasText: '2 of 3 confirmations' }).waitFor({ timeout: 20_000 });
    await rpc(baseSepolia.rpcUrl, 'anvil_mine', ['0x1']);
    await page.locator('h1', { hasText: 'Paid' }).waitFor({ timeout: 20_000 });
    expect(await page.evaluate('window.__sameDocument')).toBe(true);
    await context.close();
  });

  it('tells an expired session so, with the way back to the shop', async () => {
    const session = await open(test);
    await testApp.app.get(DataSource).query(`UPDATE checkout_sessions SET expires_at = now() - interval '1 second' WHERE id = $1`, [session.id]);
    await testApp.app.get(SessionSweeper).run();
    const context = await phone();
    const page = await newPage(context);
    await page.goto(pageUrl(session));
    expect(await heading(page)).toBe('This checkout has expired');
    expect(await page.locator('p.status').innerText()).toBe('No payment was made in time. Nothing was charged.');
    expect(await page.locator('svg.qr').count()).toBe(0);
    await shot(page, 'expired');
    await page.getByRole('link', { name: 'Return to Acme Coffee' }).click();
    await page.waitForURL(`${shopBase}/cart`);
    await context.close();
  });

  it('tells calmly of an unmatched payment and of one that came after the checkout closed', async () => {
    const session = await open(test);
    const faucet = new DevFaucet(local.rpcUrl, 'local');
    const paymentsOf = async () => (await test.get(`/api/v1/checkout_sessions/${session.id}`).expect(200)).body.payments.length;
    await faucet.pay(session.depositAddress, { kind: 'token', address: USDT_LOCAL }, usdc('1'));
    await waitUntil(async () => (await paymentsOf()) === 1, { timeoutMs: 15_000, intervalMs: 100 });
    await testApp.app.get(DataSource).query(`UPDATE checkout_sessions SET expires_at = now() - interval '1 second' WHERE id = $1`, [session.id]);
    await testApp.app.get(SessionSweeper).run();
    await faucet.pay(session.depositAddress, { kind: 'token', address: USDC_LOCAL }, usdc('10'));
    await waitUntil(async () => (await paymentsOf()) === 2, { timeoutMs: 15_000, intervalMs: 100 });
    const context = await phone();
    const page = await newPage(context);
    await page.goto(pageUrl(session));
    expect(await heading(page)).toBe('This checkout has expired');
    expect(await page.locator('p.status').innerText()).toBe('No payment counted towards this checkout before it closed. What reached the address is listed below, and Acme Coffee has been told.');
    expect(await page.locator('.notice p').allInnerTexts()).toEqual([
      'A payment reached this address after the checkout had closed. It has been recorded and Acme Coffee has been told.',
      'A payment in another currency or on another network reached this address. It does not count towards this checkout; Acme Coffee has been told.',
    ]);
    expect(await page.locator('.payments li .muted', { hasText: '(not counted)' }).count()).toBe(2);
    await shot(page, 'late-unmatched');
    await context.close();
  });

  it('is complete without JavaScript: the network picker is a form, a reload shows the payment, the paid page links back to successUrl', async () => {
    const session = await open(test, { network: undefined });
    const context = await phone({ javaScriptEnabled: false });
    const page = await newPage(context);
    await page.goto(pageUrl(session));
    expect(await heading(page)).toBe('Pay 10 USDC');
    expect(await page.getByLabel('Deposit address').inputValue()).toBe(session.depositAddress);
    await page.getByLabel('Network').selectOption({ label: 'Local dev chain' });
    await Promise.all([page.waitForURL(/&network=local$/), page.getByRole('button', { name: 'Show' }).click()]);
    expect(await scanQr(page)).toBe(`ethereum:${USDC_LOCAL}@31337/transfer?address=${session.depositAddress}&uint256=10000000`);
    // axe-core is a script: with scripts off the page is only saved.
    await save(page, 'no-javascript');
    await test.post(`/api/v1/test_helpers/checkout_sessions/${session.id}/pay`, { network: 'local' }).expect(200);
    await waitUntil(async () => (await test.get(`/api/v1/checkout_sessions/${session.id}`).expect(200)).body.status === 'complete', { timeoutMs: 15_000, intervalMs: 100 });
    // Nothing changes until the payer reloads: no script runs.
    expect(await heading(page)).toBe('Pay 10 USDC');
    await page.reload();
    expect(await heading(page)).toBe('Paid');
    // No timed redirect without the script (the payer could not stop it): the link is the way back.
    expect(await page.locator('.redirect-note').isHidden()).toBe(true);
    await save(page, 'no-javascript-paid');
    await page.getByRole('link', { name: 'Return to Acme Coffee' }).click();
    await page.waitForURL(`${shopBase}/thanks`);
    await context.close();
  });

  it('answers an archived payment link with a "no longer available" page', async () => {
    const link = (await test.post('/api/v1/payment_links', { name: 'Mug', amount: '12', currency: 'USDC' }).expect(201)).body;
    await test.post(`/api/v1/payment_links/${link.id}/archive`).expect(200);
    const context = await phone();
    const page = await newPage(context);
    const response = await page.goto(`${app}/pay/${link.id}`);
    expect(response?.status()).toBe(410);
    expect(await heading(page)).toBe('No longer available');
    await shot(page, 'link-archived');
    await context.close();
  });

  it('opens a live session without a TEST MODE banner or simulate buttons', async () => {
    const session = await open(live, { network: undefined });
    const context = await phone();
    const page = await newPage(context);
    await page.goto(pageUrl(session));
    expect(await heading(page)).toBe('Pay 10 USDC');
    expect(await page.locator('.test-banner').count()).toBe(0);
    expect(await page.getByRole('button', { name: /Pay the exact amount|Pay too little|Pay too much/ }).count()).toBe(0);
    expect(await page.getByText('Simulate a payment').count()).toBe(0);
    expect(await scanQr(page)).toBe(`ethereum:0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913@8453/transfer?address=${session.depositAddress}&uint256=10000000`);
    await shot(page, 'live');
    await context.close();
  });
});

async function rpc(url: string, method: string, params: unknown[]): Promise<unknown> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) });
  const body = (await response.json()) as { result?: unknown; error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result;
}
