import {
  createPublicClient,
  createTestClient,
  createWalletClient,
  encodeDeployData,
  http,
  type Abi,
  type Address,
  type Hash,
  type Hex,
  type TransactionReceipt,
} from 'viem';
import { anvil as anvilChain } from 'viem/chains';
import { Anvil } from './anvil';

/**
 * viem clients on a fresh Anvil: `walletClient` acts as its first (unlocked, funded) account,
 * `wallets` as each of its first four, to send transactions side by side.
 */
export async function startTestChain() {
  const anvil = await Anvil.start();
  // cacheTime 0: viem would otherwise answer block numbers from a 4 s cache. Calls made together
  // go in one JSON-RPC batch.
  const transport = http(anvil.rpcUrl, { batch: true });
  const options = { chain: anvilChain, transport, cacheTime: 0, pollingInterval: 20 };
  const publicClient = createPublicClient(options);
  const testClient = createTestClient({ ...options, mode: 'anvil' });
  const accounts = await createWalletClient(options).getAddresses();
  const wallets = accounts.slice(0, 4).map((account) => createWalletClient({ ...options, account }));
  const [walletClient] = wallets;
  const funder = accounts[0];

  /** Waits for the receipt (Anvil mines each transaction at once) and fails on a revert. */
  async function mined(hash: Hash): Promise<TransactionReceipt> {
    const receipt = await publicClient.waitForTransactionReceipt({ hash, pollingInterval: 5 });
    if (receipt.status !== 'success') throw new Error(`transaction ${hash} reverted`);
    return receipt;
  }

  async function deploy(artifact: { abi: Abi; bytecode: Hex }, args: readonly unknown[] = []): Promise<Address> {
    const data = encodeDeployData({ abi: artifact.abi, bytecode: artifact.bytecode, args });
    const receipt = await mined(await walletClient.sendTransaction({ data }));
    return receipt.contractAddress!;
  }

  return { anvil, publicClient, testClient, walletClient, wallets, funder, mined, deploy, stop: () => anvil.stop() };
}

export type TestChain = Awaited<ReturnType<typeof startTestChain>>;
