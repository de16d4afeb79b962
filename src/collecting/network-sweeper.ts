import { Logger } from '@nestjs/common';
import { formatEther, keccak256, parseTransaction, TransactionReceiptNotFoundError, type Address, type Hash, type Hex, type PublicClient, type TransactionReceipt } from 'viem';
import type { PrivateKeyAccount } from 'viem/accounts';
import { depositSalt, sweepManyCall } from '../chains/deposit-factory';
import type { Network } from '../chains/networks';
import type { OwnSweeps, SignedSweep } from './own-sweeps';
import type { Sweep } from './sweep.entity';
import { worthSweeping, type SweepThresholds, type WaitingAddress } from './sweep-policy';
import type { WaitingFunds } from './waiting-funds';

export interface SweeperSettings extends SweepThresholds {
  batchSize: number;
  /** The most a sweep pays per gas, in wei. */
  maxFeeWei: bigint;
  /** How long a sent transaction may wait for a block before it is replaced with a higher fee. */
  stuckAfterMs: number;
}

/** What one round did, for the loop's log and for tests. */
export type SweepRound =
  | { kind: 'idle' }
  | { kind: 'sent'; txHash: Hash; addresses: number }
  | { kind: 'waiting'; txHash: Hash }
  | { kind: 'replaced'; txHash: Hash }
  | { kind: 'failed' | 'dropped'; sweepId: string }
  | { kind: 'held'; reason: 'fees above the cap' | 'gas key short of funds' };

interface TransactionFields {
  nonce: number;
  gas: bigint;
  maxFeePerGas: bigint;
  maxPriorityFeePerGas: bigint;
}

/** A replacement must outbid its predecessor by 10 % on both fees (geth's rule); 12.5 % leaves room. */
const bump = (fee: bigint) => (fee * 9n) / 8n + 1n;

/**
 * The automatic sweeper of one network (DESIGN.md §13), run by the instance leading it: one sweep
 * in flight at a time, so its nonce is the account's next one and nothing else sends from the
 * gas key here. A round follows the sweep in flight (failed, dropped, stuck → replaced) or plans
 * the next: the addresses worth it, at most a batch, in one `sweepMany` signed with the gas key.
 * The gas key pays gas and nothing else: each address can only empty into its bound payout.
 */
export class NetworkSweeper {
  private readonly logger: Logger;

  constructor(
    readonly network: Network,
    private readonly client: PublicClient,
    private readonly account: PrivateKeyAccount,
    private readonly settings: SweeperSettings,
    private readonly store: OwnSweeps,
    private readonly waiting: WaitingFunds,
  ) {
    this.logger = new Logger(`NetworkSweeper:${network.name}`);
  }

  async round(force: () => Promise<boolean>): Promise<SweepRound> {
    const inFlight = await this.store.inFlight(this.network);
    if (inFlight) return this.follow(inFlight);
    // An operator's "sweep now" is answered by this round, whatever it finds.
    const forced = await force();
    const waiting = await this.waiting.on(this.network);
    if (waiting.length === 0) return { kind: 'idle' };
    const fees = await this.fees();
    if (!fees) return this.held('fees above the cap', {}, forced);
    let batch = waiting.slice(0, this.settings.batchSize);
    let gas = await this.estimate(batch);
    const shareWei = (gas * fees.maxFeePerGas) / BigInt(batch.length);
    const chosen = batch.filter((entry) => worthSweeping(this.network, entry, { shareWei, thresholds: this.settings, now: new Date(), force: forced }));
    if (chosen.length === 0) return { kind: 'idle' };
    if (chosen.length < batch.length) [batch, gas] = [chosen, await this.estimate(chosen)];

    const gasLimit = (gas * 5n) / 4n;
    const balance = await this.client.getBalance({ address: this.account.address });
    if (balance < gasLimit * fees.maxFeePerGas) {
      return this.held('gas key short of funds', { has: formatEther(balance), needs: formatEther(gasLimit * fees.maxFeePerGas) }, forced);
    }
    const nonce = await this.client.getTransactionCount({ address: this.account.address, blockTag: 'pending' });
    const signed = await this.sign(batch, { nonce, gas: gasLimit, ...fees });
    await this.store.submitted(this.network, this.account.address, batch.map((entry) => entry.address), signed);
    await this.broadcast(signed);
    this.logger.log({ network: this.network.name, txHash: signed.txHash, addresses: batch.length, nonce }, 'sweep sent');
    return { kind: 'sent', txHash: signed.txHash, addresses: batch.length };
  }

  /** The sweep in flight: mined (the watcher records it), reverted, dropped, stuck, or simply still waiting. */
  private async follow(sweep: Sweep): Promise<SweepRound> {
    // The nonce before the receipts: mined in between, the receipt is found, never taken for a drop.
    const mined = await this.client.getTransactionCount({ address: this.account.address, blockTag: 'latest' });
    const receipt = await this.receiptOf([sweep.txHash, ...sweep.replacedTxHashes] as Hash[]);
    if (receipt?.status === 'success') return { kind: 'waiting', txHash: receipt.transactionHash };
    if (receipt) {
      await this.store.failed(sweep, {
        txHash: receipt.transactionHash,
        blockNumber: receipt.blockNumber,
        blockHash: receipt.blockHash,
        gasUsed: receipt.gasUsed,
        fee: receipt.gasUsed * receipt.effectiveGasPrice,
      });
      this.logger.error({ network: this.network.name, sweep: sweep.id, txHash: receipt.transactionHash }, 'sweep reverted; its addresses will be planned again');
      return { kind: 'failed', sweepId: sweep.id };
    }
    if (mined > sweep.nonce!) {
      // The nonce is used and none of our hashes has a receipt: another transaction took it.
      await this.store.dropped(sweep);
      this.logger.warn({ network: this.network.name, sweep: sweep.id, nonce: sweep.nonce }, 'sweep dropped: its nonce went to another transaction');
      return { kind: 'dropped', sweepId: sweep.id };
    }
    if (Date.now() - sweep.submittedAt!.getTime() >= this.settings.stuckAfterMs) return this.replace(sweep);
    if (!(await this.client.getTransaction({ hash: sweep.txHash as Hash }).catch(() => undefined))) {
      // The node lost it (a restart, a pool eviction): the signed transaction is sent again as it was.
      await this.broadcast({ raw: sweep.rawTransaction! as Hex });
    }
    return { kind: 'waiting', txHash: sweep.txHash as Hash };
  }

  private async replace(sweep: Sweep): Promise<SweepRound> {
    const current = await this.fees();
    const maxFeePerGas = max(bump(sweep.maxFeePerGas!), current?.maxFeePerGas ?? 0n);
    const maxPriorityFeePerGas = max(bump(sweep.maxPriorityFeePerGas!), current?.maxPriorityFeePerGas ?? 0n);
    if (maxFeePerGas > this.settings.maxFeeWei) return this.held('fees above the cap', { stuck: sweep.txHash }, false);
    // The same call and gas as the stuck one: only the fees change.
    const { to, data, gas } = parseTransaction(sweep.rawTransaction! as Hex);
    const signed = await this.signCall({ to: to!, data: data! }, { nonce: sweep.nonce!, gas: gas!, maxFeePerGas, maxPriorityFeePerGas });
    await this.store.replaced(sweep, signed);
    await this.broadcast(signed);
    this.logger.warn({ network: this.network.name, sweep: sweep.id, replaced: sweep.txHash, txHash: signed.txHash, maxFeePerGas: maxFeePerGas.toString() }, 'sweep stuck: replaced with a higher fee');
    return { kind: 'replaced', txHash: signed.txHash };
  }

  /** EIP-1559 fees: twice the base fee plus the tip, capped; none when even the base fee and tip exceed the cap. */
  private async fees(): Promise<{ maxFeePerGas: bigint; maxPriorityFeePerGas: bigint } | undefined> {
    const [block, tip] = await Promise.all([this.client.getBlock({ blockTag: 'latest' }), this.client.estimateMaxPriorityFeePerGas()]);
    const baseFee = block.baseFeePerGas ?? 0n;
    if (baseFee + tip > this.settings.maxFeeWei) return undefined;
    const maxFeePerGas = min(2n * baseFee + tip, this.settings.maxFeeWei);
    return { maxFeePerGas, maxPriorityFeePerGas: min(tip, maxFeePerGas) };
  }

  private estimate(batch: readonly WaitingAddress[]): Promise<bigint> {
    return this.client.estimateGas({ account: this.account.address, ...sweepManyCall(orders(batch)) });
  }

  private sign(batch: readonly WaitingAddress[], fields: TransactionFields): Promise<SignedSweep> {
    return this.signCall(sweepManyCall(orders(batch)), fields);
  }

  private async signCall(call: { to: Address; data: Hex }, { nonce, gas, maxFeePerGas, maxPriorityFeePerGas }: TransactionFields): Promise<SignedSweep> {
    const raw = await this.account.signTransaction({ type: 'eip1559', chainId: this.network.chainId, nonce, ...call, value: 0n, gas, maxFeePerGas, maxPriorityFeePerGas });
    return { txHash: keccak256(raw), raw, nonce, maxFeePerGas, maxPriorityFeePerGas };
  }

  /** Sends a signed transaction; a node that already has it, or already mined it, is no error. */
  private async broadcast({ raw }: Pick<SignedSweep, 'raw'>): Promise<void> {
    try {
      await this.client.sendRawTransaction({ serializedTransaction: raw });
    } catch (error) {
      // Recorded before it was sent: the next round finds it mined, replaces it, or sends it again.
      this.logger.warn({ network: this.network.name, err: { name: (error as Error).name, message: (error as { shortMessage?: string }).shortMessage } }, 'sending a sweep failed; the next round follows it up');
    }
  }

  private async receiptOf(hashes: readonly Hash[]): Promise<TransactionReceipt | undefined> {
    for (const hash of hashes) {
      try {
        return await this.client.getTransactionReceipt({ hash });
      } catch (error) {
        if (!(error instanceof TransactionReceiptNotFoundError)) throw error;
      }
    }
    return undefined;
  }

  /** Nothing sent this round; an operator's request it took is put back for the next one. */
  private async held(reason: 'fees above the cap' | 'gas key short of funds', details: object, forced: boolean): Promise<SweepRound> {
    if (forced) await this.store.request(this.network);
    this.logger.warn({ network: this.network.name, gasKey: this.account.address, ...details }, `sweeps held: ${reason}; retrying later`);
    return { kind: 'held', reason };
  }
}

function orders(batch: readonly WaitingAddress[]) {
  return batch.map((entry) => ({ payout: entry.payout, salt: depositSalt(entry.sessionId), tokens: entry.assets.flatMap((asset) => (asset.token ? [asset.token] : [])) }));
}

const max = (a: bigint, b: bigint) => (a > b ? a : b);
const min = (a: bigint, b: bigint) => (a < b ? a : b);
