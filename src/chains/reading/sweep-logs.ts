import { getAddress, isAddressEqual, parseEventLogs, type Address, type Hash, type PublicClient } from 'viem';
import { DEPOSIT_FACTORY_ADDRESS } from '../deposit-factory';
import { sweptEvent, transferEvent } from './deposit-events';
import type { SweptLog } from './transfer-logs';

/** What one sweep took out of one deposit address: ETH from the `Swept` log, tokens from their Transfer logs. */
export interface SweptAddress {
  depositAddress: Address;
  payout: Address;
  eth: bigint;
  tokens: { token: Address; amount: bigint }[];
}

/** One transaction that called the factory's sweep for one or more addresses, as its receipt shows it. */
export interface ObservedSweep {
  txHash: Hash;
  blockNumber: bigint;
  blockHash: Hash;
  /** The first `Swept` log's index: what reached an address later in the block was not swept. */
  logIndex: number;
  sender: Address;
  gasUsed: bigint;
  /** Gas used times the price paid, in wei of the gas coin. */
  fee: bigint;
  addresses: SweptAddress[];
}

/**
 * The sweeps behind `swept` logs (see fetchDepositLogs), whoever sent them: each sweeping
 * transaction's receipt gives its gas and the token amounts that left each address. Only
 * addresses `isOurs` accepts are kept (the factory is shared by every deployment of this service).
 */
export async function fetchSweeps(client: PublicClient, swept: readonly SweptLog[], isOurs: (addresses: readonly Address[]) => Promise<ReadonlySet<Address>>): Promise<ObservedSweep[]> {
  if (swept.length === 0) return [];
  const ours = await isOurs([...new Set(swept.map((log) => log.depositAddress))]);
  const txHashes = [...new Set(swept.filter((log) => ours.has(log.depositAddress)).map((log) => log.txHash))];
  const receipts = await Promise.all(txHashes.map((hash) => client.getTransactionReceipt({ hash })));
  return receipts.map((receipt) => {
    const swept = parseEventLogs({ abi: [sweptEvent], logs: receipt.logs, strict: true }).filter(
      (log) => isAddressEqual(log.address, DEPOSIT_FACTORY_ADDRESS) && ours.has(getAddress(log.args.depositAddress)),
    );
    const transfers = parseEventLogs({ abi: [transferEvent], logs: receipt.logs, strict: true });
    return {
      txHash: receipt.transactionHash,
      blockNumber: receipt.blockNumber,
      blockHash: receipt.blockHash,
      logIndex: Math.min(...swept.map((log) => log.logIndex)),
      sender: getAddress(receipt.from),
      gasUsed: receipt.gasUsed,
      fee: receipt.gasUsed * receipt.effectiveGasPrice,
      addresses: swept.map((log) => ({
        depositAddress: getAddress(log.args.depositAddress),
        payout: getAddress(log.args.payout),
        eth: log.args.ethAmount,
        tokens: transfers
          .filter((transfer) => isAddressEqual(transfer.args.from, log.args.depositAddress) && isAddressEqual(transfer.args.to, log.args.payout))
          .map((transfer) => ({ token: getAddress(transfer.address), amount: transfer.args.value })),
      })),
    };
  });
}
