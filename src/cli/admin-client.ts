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
