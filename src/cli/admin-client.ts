import type { Address, Hex } from 'viem';
import { CliError } from './cli-error';

/** What `GET /admin/deposit_addresses/:address` answers. */
export interface DepositAddressOwner {
  address: Address;
  checkoutSession: string;
  livemode: boolean;
  payoutAddress: Address;
  salt: Hex;
  networks: string[];
}

/** One address of `GET /admin/sweeps/waiting`: confirmed funds no sweep has taken. */
export interface WaitingAddress {
  depositAddress: Address;
  session: string;
  livemode: boolean;
  payoutAddress: Address;
  salt: Hex;
  assets: { currency: string; token: Address | null; amount: string }[];
  since: string;
}

/** What `GET /admin/balances` answers (amounts are decimal strings in each currency's units). */
export interface BalancesOverview {
  data: {
    network: string;
    livemode: boolean;
    currency: string;
    received: string;
    swept: string;
    waiting: string;
    lastSweep: { txHash: string; txUrl: string | null; minedAt: string } | null;
  }[];
  gasKey: { address: string; networks: { network: string; symbol: string; balance: string | null }[] } | null;
}

/**
 * The service's admin API, signed in as a staff account (DESIGN.md §10). It sends no Origin header,
 * as a script, so the same-origin rule lets its cookie through. Keys never go this way.
 */
export class AdminClient {
  private constructor(
    private readonly baseUrl: string,
    private readonly cookie: string,
  ) {}

  static async signIn(baseUrl: string, email: string, password: string): Promise<AdminClient> {
    const base = baseUrl.replace(/\/+$/, '');
    const response = await call(base, '/admin/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
    if (!response.ok) throw await failure(response, `Signing in to ${base} as ${email} failed`);
    const cookie = response.headers
      .getSetCookie()
      .map((entry) => entry.split(';')[0])
      .join('; ');
    return new AdminClient(base, cookie);
  }

  async depositAddressOwner(address: Address): Promise<DepositAddressOwner> {
    const response = await call(this.baseUrl, `/admin/deposit_addresses/${address}`, { headers: { cookie: this.cookie } });
    if (response.status === 404) throw new CliError(`No checkout session of ${this.baseUrl} has the deposit address ${address}.`);
    if (!response.ok) throw await failure(response, `Looking up ${address} failed`);
    return (await response.json()) as DepositAddressOwner;
  }

  async waitingFunds(network: string): Promise<WaitingAddress[]> {
    const response = await call(this.baseUrl, `/admin/sweeps/waiting?network=${encodeURIComponent(network)}`, { headers: { cookie: this.cookie } });
    if (!response.ok) throw await failure(response, `Asking what waits on ${network} failed`);
    return ((await response.json()) as { data: WaitingAddress[] }).data;
  }

  async balances(): Promise<BalancesOverview> {
    const response = await call(this.baseUrl, '/admin/balances', { headers: { cookie: this.cookie } });
    if (!response.ok) throw await failure(response, 'Reading the balances failed');
    return (await response.json()) as BalancesOverview;
  }

  async signOut(): Promise<void> {
    await call(this.baseUrl, '/admin/session', { method: 'DELETE', headers: { cookie: this.cookie } }).catch(() => undefined);
  }
}

async function call(base: string, path: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(`${base}${path}`, { ...init, redirect: 'error', signal: AbortSignal.timeout(15_000) });
  } catch (error) {
    throw new CliError(`${base} did not answer (${error instanceof Error ? error.message : 'error'}).`);
  }
}

/** The service's own error message (§5 envelope), which never holds the password. */
async function failure(response: Response, what: string): Promise<CliError> {
  const body = (await response.json().catch(() => undefined)) as { error?: { message?: string } } | undefined;
  return new CliError(`${what}: ${response.status} ${body?.error?.message ?? response.statusText}`);
}
