import { setTimeout as sleep } from 'node:timers/promises';
import {
  createTestClient,
  encodeFunctionData,
  erc20Abi,
  http,
  publicActions,
  type Address,
  type Hash,
  type Hex,
  type Log,
} from 'viem';
import { ethForwarderArtifact } from '../../contracts/artifacts/EthForwarder';
import { faucetAccount } from '../../src/chains/local-chain/dev-accounts';
import { faucetClient } from '../../src/chains/local-chain/faucet-client';
import { TOKEN_CALL_GAS } from '../../src/chains/local-chain/provision';

const RECEIPT_TIMEOUT_MS = 10_000;

/** Reads and Anvil's own methods on one chain, with no block-number cache. */
export function anvilClient(rpcUrl: string) {
  return createTestClient({ mode: 'anvil', transport: http(rpcUrl), cacheTime: 0 }).extend(publicActions);
}

export type AnvilClient = ReturnType<typeof anvilClient>;

/**
 * Token transfers from the faucet account in one JSON-RPC call each: Anvil signs for its unlocked
 * dev account #0 (the faucet) and fills nonce and fees; an automining Anvil mines it at once. For streams of hundreds of payments, where
 * `DevFaucet.pay` (a receipt poll per payment) would take minutes.
 */
export class FastFaucet {
  constructor(private readonly client: AnvilClient) {}

  async payToken(token: Address, to: Address, amount: bigint): Promise<Hash> {
    const data = encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [to, amount] });
    const transaction = { from: faucetAccount.address, to: token, data, gas: `0x${TOKEN_CALL_GAS.toString(16)}` };
    return this.mined((await this.client.request({ method: 'eth_sendTransaction' as never, params: [transaction] as never })) as Hash);
  }

  /**
   * Replaces the top `depth` blocks with empty ones (`anvil_reorg`) and returns the signed bytes
   * of the transactions they held, oldest first: sent again, they are the same transactions.
   */
  async reorg(depth: number): Promise<Hex[]> {
    const head = await this.client.getBlockNumber();
    const dropped: Hex[] = [];
    for (let number = head - BigInt(depth) + 1n; number <= head; number += 1n) {
      const block = await this.client.getBlock({ blockNumber: number });
      for (const hash of block.transactions) dropped.push(await rawTransaction(this.client, hash));
    }
    await this.client.request({ method: 'anvil_reorg' as never, params: [depth, []] as never });
    return dropped;
  }

  /** Sends dropped transactions again, in their nonce order (each is mined in a block of its own). */
  async resend(raw: readonly Hex[]): Promise<void> {
    for (const serializedTransaction of raw) await this.mined(await this.client.sendRawTransaction({ serializedTransaction }));
  }

  /**
   * Waits (polling every few ms) until `hash` is mined: Anvil answers a send before it has mined
   * it, and a reorg or a head read in between would see the chain without it.
   */
  private async mined(hash: Hash): Promise<Hash> {
    const deadline = Date.now() + RECEIPT_TIMEOUT_MS;
    while ((await this.client.request({ method: 'eth_getTransactionReceipt' as never, params: [hash] as never })) === null) {
      if (Date.now() > deadline) throw new Error(`transaction ${hash} was not mined`);
      await sleep(2);
    }
    return hash;
  }
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
