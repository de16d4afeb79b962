import type { Address, Hash } from 'viem';
import { testTokenArtifact } from '../../../contracts/artifacts/TestToken';
import type { NetworkName } from '../networks';
import { faucetAccount } from './dev-accounts';
import { faucetClient, type FaucetClient } from './faucet-client';
import { FAUCET_TOKEN_BALANCE, TOKEN_CALL_GAS } from './provision';

export type FaucetAsset = { kind: 'native' } | { kind: 'token'; address: Address };

/** A plain ETH transfer, exactly what a wallet or an exchange sends. */
const NATIVE_TRANSFER_GAS = 21_000n;
const RECEIPT_TIMEOUT_MS = 30_000;

/**
 * Pays from a provisioned dev chain's faucet account (Anvil dev account #0) with real transfers,
 * so a test payment takes the same path through the chain watcher as a live one.
 */
export class DevFaucet {
  private readonly client: FaucetClient;
  /** Transactions leave one at a time: each takes the account's next pending nonce, and a top-up mint lands before its transfer. */
  private sending: Promise<unknown> = Promise.resolve();

  constructor(rpcUrl: string, network: NetworkName) {
    this.client = faucetClient(rpcUrl, network);
  }

  /** Sends `baseUnits` of `asset` to `to` and resolves with the transaction's hash once it is mined. */
  async pay(to: Address, asset: FaucetAsset, baseUnits: bigint): Promise<Hash> {
    const hash = await this.serially(() => this.send(to, asset, baseUnits));
    const receipt = await this.client.waitForTransactionReceipt({ hash, timeout: RECEIPT_TIMEOUT_MS });
    if (receipt.status !== 'success') throw new Error(`the faucet's transfer ${hash} reverted`);
    return hash;
  }

  private serially<T>(task: () => Promise<T>): Promise<T> {
    const result = this.sending.then(task);
    this.sending = result.catch(() => undefined);
    return result;
  }

  private async send(to: Address, asset: FaucetAsset, baseUnits: bigint): Promise<Hash> {
    if (asset.kind === 'native') return this.client.sendTransaction({ to, value: baseUnits, gas: NATIVE_TRANSFER_GAS });
    const token = { address: asset.address, abi: testTokenArtifact.abi } as const;
    // `pending`: transfers sent but not yet mined have spent their share already.
    const balance = await this.client.readContract({ ...token, functionName: 'balanceOf', args: [faucetAccount.address], blockTag: 'pending' });
    if (balance < baseUnits) {
      await this.client.writeContract({ ...token, functionName: 'mint', args: [faucetAccount.address, baseUnits + FAUCET_TOKEN_BALANCE], gas: TOKEN_CALL_GAS });
    }
    return this.client.writeContract({ ...token, functionName: 'transfer', args: [to, baseUnits], gas: TOKEN_CALL_GAS });
  }
}
