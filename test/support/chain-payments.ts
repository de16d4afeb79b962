import { createTestClient, encodeFunctionData, erc20Abi, http, parseUnits, publicActions, type Address, type Hash, type Hex, type Log } from 'viem';
import { ethForwarderArtifact } from '../../contracts/artifacts/EthForwarder';
import { faucetAccount } from '../../src/chains/local-chain/dev-accounts';
import { faucetClient } from '../../src/chains/local-chain/faucet-client';
import { TOKEN_CALL_GAS } from '../../src/chains/local-chain/provision';

/** Reads and Anvil's own methods on one chain, with no block-number cache. */
/** A USDC amount in base units (6 decimals), exactly: "12.5" → 12500000n. */
export const usdc = (amount: string): bigint => parseUnits(amount, 6);

export function anvilClient(rpcUrl: string) {
  return createTestClient({ mode: 'anvil', transport: http(rpcUrl), cacheTime: 0 }).extend(publicActions);
}

export type AnvilClient = ReturnType<typeof anvilClient>;

/**
 * Token transfers from the faucet account on an Anvil that mines only when told to: each transfer
 * is one eth_sendTransaction into the pool (Anvil signs for its unlocked dev account #0, the faucet,
 * and fills nonce and fees), and `mine` puts what is pooled into one block. Hundreds of payments
 * take a second or two, where `DevFaucet.pay` (a receipt poll each) would take much longer.
 */
export class PoolingFaucet {
  private pooled = 0;

  private constructor(private readonly client: AnvilClient) {}

  /** Turns automining off on the chain. */
  static async on(client: AnvilClient): Promise<PoolingFaucet> {
    await client.setAutomine(false);
    return new PoolingFaucet(client);
  }

  async sendToken(token: Address, to: Address, amount: bigint): Promise<Hash> {
    const data = encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [to, amount] });
    const transaction = { from: faucetAccount.address, to: token, data, gas: `0x${TOKEN_CALL_GAS.toString(16)}` };
    const hash = (await this.client.request({ method: 'eth_sendTransaction' as never, params: [transaction] as never })) as Hash;
    this.pooled += 1;
    return hash;
  }

  async sendEth(to: Address, wei: bigint): Promise<Hash> {
    const transaction = { from: faucetAccount.address, to, value: `0x${wei.toString(16)}` };
    const hash = (await this.client.request({ method: 'eth_sendTransaction' as never, params: [transaction] as never })) as Hash;
    this.pooled += 1;
    return hash;
  }

  /** Mines the pooled transactions in one block (nothing when none is pooled). */
  async mine(): Promise<void> {
    if (this.pooled === 0) return;
    await this.client.mine({ blocks: 1 });
    this.pooled = 0;
  }

  /** Mines what is pooled, then reorganises the top `depth` blocks: see `reorgDropping`. */
  async reorg(depth: number): Promise<Hex[]> {
    await this.mine();
    return reorgDropping(this.client, depth);
  }

  /** Pools dropped transactions again, in their nonce order. */
  async resend(raw: readonly Hex[]): Promise<void> {
    for (const serializedTransaction of raw) await this.client.sendRawTransaction({ serializedTransaction });
    this.pooled += raw.length;
  }
}

/**
 * Replaces the top `depth` blocks with as many empty ones (`anvil_reorg`: the height stays) and
 * returns the signed bytes of the transactions they held, oldest first: sent again, they are the
 * same transactions (the faucet's next transfer would take their nonces).
 */
export async function reorgDropping(client: AnvilClient, depth: number): Promise<Hex[]> {
  const head = await client.getBlockNumber();
  const dropped: Hex[] = [];
  for (let number = head - BigInt(depth) + 1n; number <= head; number += 1n) {
    const block = await client.getBlock({ blockNumber: number });
    for (const hash of block.transactions) dropped.push(await rawTransaction(client, hash));
  }
  await client.request({ method: 'anvil_reorg' as never, params: [depth, []] as never });
  return dropped;
}

/** The signed bytes of a mined transaction. */
export async function rawTransaction(client: AnvilClient, hash: Hash): Promise<Hex> {
  return (await client.request({ method: 'eth_getRawTransactionByHash' as never, params: [hash] as never })) as Hex;
}

/** ETH that reaches the address from a contract's internal call: no transaction is addressed to it. */
export async function sendEthThroughContract(rpcUrl: string, to: Address, wei: bigint): Promise<void> {
  const client = faucetClient(rpcUrl, 'local');
  const deployed = await client.waitForTransactionReceipt({ hash: await client.deployContract({ ...ethForwarderArtifact }) });
  const hash = await client.writeContract({ address: deployed.contractAddress!, abi: ethForwarderArtifact.abi, functionName: 'forward', args: [to], value: wei });
  if ((await client.waitForTransactionReceipt({ hash })).status !== 'success') throw new Error('the forwarded ETH payment reverted');
}

export interface CanonicalTransfer {
  to: Address;
  amount: bigint;
  txHash: Hash;
  logIndex: number;
  blockNumber: bigint;
  blockHash: Hash;
}

/** Every Transfer of `token` to `recipients` on the chain as it is now: what the watcher's record must equal. */
export async function canonicalTransfers(client: AnvilClient, token: Address, recipients: readonly Address[]): Promise<CanonicalTransfer[]> {
  const transfers: CanonicalTransfer[] = [];
  for (let start = 0; start < recipients.length; start += 200) {
    const logs = await client.getLogs({
      address: token,
      event: erc20Abi.find((item) => item.type === 'event' && item.name === 'Transfer')!,
      args: { to: recipients.slice(start, start + 200) as Address[] },
      fromBlock: 0n,
      toBlock: 'latest',
    });
    transfers.push(...logs.map((log) => canonical(log as Log<bigint, number, false, undefined, true, typeof erc20Abi, 'Transfer'>)));
  }
  return transfers;
}

function canonical(log: Log<bigint, number, false, undefined, true, typeof erc20Abi, 'Transfer'>): CanonicalTransfer {
  return { to: log.args.to, amount: log.args.value, txHash: log.transactionHash, logIndex: log.logIndex, blockNumber: log.blockNumber, blockHash: log.blockHash };
}
