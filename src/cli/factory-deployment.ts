import { formatEther, formatGwei, type Address, type Hash, type TransactionReceipt } from 'viem';
import type { PrivateKeyAccount } from 'viem/accounts';
import { DEPOSIT_FACTORY_ADDRESS, DETERMINISTIC_DEPLOYER, depositFactoryDeployment } from '../chains/deposit-factory';
import { CliError } from './cli-error';
import type { TargetChain } from './target-chain';

const RECEIPT_TIMEOUT_MS = 300_000;

export async function hasCode(target: TargetChain, address: Address): Promise<boolean> {
  const code = await target.client.getCode({ address });
  return code !== undefined && code !== '0x';
}

/** What a transaction will cost at most: its gas estimate times the fee cap offered now. */
export interface CostEstimate {
  gas: bigint;
  maxFeePerGas: bigint;
  maxCost: bigint;
}

export async function estimateCost(target: TargetChain, request: { account?: Address; to: Address; data: `0x${string}` }): Promise<CostEstimate> {
  const [gas, fees] = await Promise.all([target.client.estimateGas(request), target.client.estimateFeesPerGas()]);
  const maxFeePerGas = fees.maxFeePerGas ?? fees.gasPrice ?? 0n;
  return { gas, maxFeePerGas, maxCost: gas * maxFeePerGas };
}

export function describeCost(cost: CostEstimate, target: TargetChain): string {
  return `about ${cost.gas} gas at up to ${formatGwei(cost.maxFeePerGas)} gwei: at most ${formatEther(cost.maxCost)} ${target.chain.nativeCurrency.symbol}`;
}

/** The factory must come through the deterministic deployment proxy, so it lands at the same address on every chain. */
export async function assertDeployerPresent(target: TargetChain): Promise<void> {
  if (await hasCode(target, DETERMINISTIC_DEPLOYER)) return;
  throw new CliError(
    `The deterministic deployment proxy (${DETERMINISTIC_DEPLOYER}) is not on ${target.name}: the factory cannot be deployed at ${DEPOSIT_FACTORY_ADDRESS} there. ` +
      'Deploy the proxy first with its pre-signed transaction (github.com/Arachnid/deterministic-deployment-proxy), then run this again.',
  );
}

export function estimateFactoryDeployment(target: TargetChain, from: Address | undefined): Promise<CostEstimate> {
  return estimateCost(target, { account: from, ...depositFactoryDeployment });
}

/** Fails before sending when the key cannot pay: a transaction that cannot be mined would only be dropped. */
export async function assertCanPay(target: TargetChain, account: Address, cost: CostEstimate): Promise<void> {
  const balance = await target.client.getBalance({ address: account });
  if (balance < cost.maxCost) {
    throw new CliError(`${account} holds ${formatEther(balance)} ${target.chain.nativeCurrency.symbol}, less than the ${formatEther(cost.maxCost)} the transaction may cost: fund it first.`);
  }
}

export async function waitForSuccess(target: TargetChain, hash: Hash, what: string): Promise<TransactionReceipt> {
  const receipt = await target.client.waitForTransactionReceipt({ hash, timeout: RECEIPT_TIMEOUT_MS });
  if (receipt.status !== 'success') throw new CliError(`The ${what} transaction ${hash} reverted (block ${receipt.blockNumber}).`);
  return receipt;
}

/** Sends the deployment through the proxy, waits for it and checks the factory's code is there. */
export async function deployFactory(target: TargetChain, account: PrivateKeyAccount, print: (line: string) => void): Promise<TransactionReceipt> {
  const hash = await target.wallet(account).sendTransaction(depositFactoryDeployment);
  print(`Sent the factory deployment: ${hash}; waiting for it to be mined…`);
  const receipt = await waitForSuccess(target, hash, 'factory deployment');
  if (!(await hasCode(target, DEPOSIT_FACTORY_ADDRESS))) {
    throw new CliError(`The deployment ${hash} was mined but there is no code at ${DEPOSIT_FACTORY_ADDRESS}: the proxy on this chain is not the standard one.`);
  }
  print(`The factory is deployed at ${DEPOSIT_FACTORY_ADDRESS} (block ${receipt.blockNumber}, ${receipt.gasUsed} gas).`);
  return receipt;
}
