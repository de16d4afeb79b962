import { formatEther, type Address, type PublicClient } from 'viem';
import { DEPOSIT_FACTORY_ADDRESS } from '../chains/deposit-factory';
import { NETWORKS, networkVariableSuffix, type Network, type NetworkName, type SettlementRule } from '../chains/networks';
import { createRpcClient } from '../chains/rpc-client';
import { redactRpcUrl } from '../chains/rpc-url';
import type { AppConfig } from '../config/app-config';

/** `failed` blocks going live; `warning` is worth knowing but takes no payment away. */
export type CheckStatus = 'ok' | 'warning' | 'failed';

export interface Check {
  name: 'rpc' | 'chain id' | 'factory' | 'payout address' | 'gas key' | 'settlement';
  status: CheckStatus;
  detail: string;
}

export interface NetworkReport {
  network: NetworkName;
  checks: Check[];
}

export interface GoingLiveReport {
  /** One per live network with RPC URLs, in catalogue order. */
  networks: NetworkReport[];
  /** Something blocks live payments: a failed check, or no live network at all. */
  blocking: boolean;
}

/** What the check reads from the service's configuration: the live side of it. */
export interface GoingLiveSettings {
  rpcUrls: ReadonlyMap<NetworkName, readonly string[]>;
  settlement: ReadonlyMap<NetworkName, SettlementRule>;
  payoutAddress: Address | undefined;
  gasKeyAddress: Address | undefined;
}

/**
 * The gas a gas key should be able to pay at today's price to count as funded: a sweepMany of a
 * few addresses with tokens (about 60,000 gas each, plus the transaction's own).
 */
export const FUNDED_GAS = 300_000n;

export function goingLiveSettings(config: AppConfig): GoingLiveSettings {
  return {
    rpcUrls: config.payments.networks.rpcUrls,
    settlement: config.payments.networks.settlement,
    payoutAddress: config.payments.payoutAddresses.live,
    gasKeyAddress: config.sweeping.gasAccount?.address,
  };
}

/**
 * The going-live check (DESIGN.md §13, issue 14 §5), the same for `checkout-cli doctor` and the
 * start log: per live network with RPC URLs, whether it can take payments and get them swept.
 * Never throws; each network is checked on its own, all at once.
 */
export async function checkGoingLive(settings: GoingLiveSettings, clientFor: (urls: readonly string[]) => PublicClient = createRpcClient): Promise<GoingLiveReport> {
  const live = Object.values(NETWORKS).filter((network) => network.mode === 'live' && settings.rpcUrls.has(network.name));
  const networks = await Promise.all(live.map(async (network) => ({ network: network.name, checks: await checkNetwork(network, settings, clientFor(settings.rpcUrls.get(network.name)!)) })));
  return { networks, blocking: networks.length === 0 || networks.some((report) => report.checks.some((check) => check.status === 'failed')) };
}

async function checkNetwork(network: Network, settings: GoingLiveSettings, client: PublicClient): Promise<Check[]> {
  const suffix = networkVariableSuffix(network.name);
  const where = settings.rpcUrls.get(network.name)!.map(redactRpcUrl).join(', ');
  const checks: Check[] = [];
  let chainId: number;
  try {
    chainId = await client.getChainId();
    checks.push({ name: 'rpc', status: 'ok', detail: `reachable (${where})` });
  } catch (error) {
    // viem's messages quote the URL, which may carry an API key: only the error's kind is shown.
    checks.push({ name: 'rpc', status: 'failed', detail: `no URL of RPC_URLS_${suffix} answered (${where}; ${error instanceof Error ? error.name : 'error'})` });
    return [...checks, payoutCheck(settings), settlementCheck(network, settings)];
  }
  if (chainId !== network.chainId) {
    checks.push({ name: 'chain id', status: 'failed', detail: `the RPC answers chain id ${chainId}, ${network.name} is ${network.chainId}: RPC_URLS_${suffix} points at another chain` });
    return [...checks, payoutCheck(settings), settlementCheck(network, settings)];
  }
  checks.push({ name: 'chain id', status: 'ok', detail: String(chainId) });
  checks.push(await factoryCheck(network, client));
  checks.push(payoutCheck(settings));
  checks.push(await gasKeyCheck(network, settings.gasKeyAddress, client));
  checks.push(settlementCheck(network, settings));
  return checks;
}

async function factoryCheck(network: Network, client: PublicClient): Promise<Check> {
  try {
    const code = await client.getCode({ address: DEPOSIT_FACTORY_ADDRESS });
    if (code && code !== '0x') return { name: 'factory', status: 'ok', detail: `deployed at ${DEPOSIT_FACTORY_ADDRESS}` };
    return { name: 'factory', status: 'failed', detail: `not deployed at ${DEPOSIT_FACTORY_ADDRESS}: run \`npm run cli -- deploy-factory --network ${network.name}\`` };
  } catch (error) {
    return { name: 'factory', status: 'failed', detail: `could not read the code at ${DEPOSIT_FACTORY_ADDRESS} (${error instanceof Error ? error.name : 'error'})` };
  }
}

function payoutCheck(settings: GoingLiveSettings): Check {
  return settings.payoutAddress
    ? { name: 'payout address', status: 'ok', detail: `${settings.payoutAddress} (PAYOUT_ADDRESS_LIVE)` }
    : { name: 'payout address', status: 'failed', detail: 'PAYOUT_ADDRESS_LIVE is not set: live deposit addresses have nowhere to send funds' };
}

async function gasKeyCheck(network: Network, address: Address | undefined, client: PublicClient): Promise<Check> {
  if (!address) return { name: 'gas key', status: 'warning', detail: 'SWEEP_GAS_KEY is not set: nothing is swept automatically (the operator CLI can sweep)' };
  const coin = network.nativeCurrency?.currency ?? 'native coin';
  try {
    const [balance, gasPrice] = await Promise.all([client.getBalance({ address }), client.getGasPrice()]);
    const held = `${address} holds ${formatEther(balance)} ${coin}`;
    return balance >= gasPrice * FUNDED_GAS
      ? { name: 'gas key', status: 'ok', detail: `funded: ${held}` }
      : { name: 'gas key', status: 'warning', detail: `not funded: ${held}, less than ${formatEther(gasPrice * FUNDED_GAS)} ${coin} (${FUNDED_GAS} gas at today's price); sweeps wait until it is topped up` };
  } catch (error) {
    return { name: 'gas key', status: 'warning', detail: `${address}: balance unreadable (${error instanceof Error ? error.name : 'error'})` };
  }
}

function settlementCheck(network: Network, settings: GoingLiveSettings): Check {
  const override = settings.settlement.get(network.name);
  const rule = override ?? network.settlement;
  const source = override ? `SETTLEMENT_${networkVariableSuffix(network.name)}` : 'catalogue default';
  return { name: 'settlement', status: 'ok', detail: `${describeRule(rule)} (${source})` };
}

function describeRule(rule: SettlementRule): string {
  if (rule.kind === 'tag') return `at the ${rule.tag} block`;
  return `${rule.blocks} confirmation${rule.blocks === 1 ? '' : 's'}${rule.thenFinalized ? ', then finalized' : ''}`;
}

const MARK: Record<CheckStatus, string> = { ok: 'ok  ', warning: 'warn', failed: 'FAIL' };

/** The report as lines of text, for the terminal and the start log alike. */
export function formatGoingLiveReport(report: GoingLiveReport): string[] {
  if (report.networks.length === 0) {
    const live = Object.values(NETWORKS).filter((network) => network.mode === 'live');
    return [`FAIL no live network is configured: set RPC_URLS_<NETWORK> for at least one of ${live.map((network) => network.name).join(', ')}`];
  }
  const lines = report.networks.flatMap(({ network, checks }) => [`${network}:`, ...checks.map((check) => `  ${MARK[check.status]} ${check.name}: ${check.detail}`)]);
  return [...lines, report.blocking ? 'Not ready to go live: fix the FAIL lines above.' : 'Ready to take live payments.'];
}
