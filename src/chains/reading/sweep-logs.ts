import { getAddress, isAddressEqual, parseAbiItem, parseEventLogs, type Address, type Hash, type PublicClient } from 'viem';
import { DEPOSIT_FACTORY_ADDRESS } from '../deposit-factory';
import type { AdaptiveRange } from './adaptive-range';

const sweptEvent = parseAbiItem('event Swept(address indexed depositAddress, address indexed payout, bytes32 salt, uint256 ethAmount)');
const transferEvent = parseAbiItem('event Transfer(address indexed from, address indexed to, uint256 value)');

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
 * The sweeps in [fromBlock, toBlock], whoever sent them: the factory's `Swept` logs (one
 * eth_getLogs per window, whatever the number of deposit addresses), then each sweeping
 * transaction's receipt for its gas and the token amounts that left each address. Only addresses
 * `isOurs` accepts are kept (the factory is shared by every deployment of this service).
 */
export async function fetchSweeps(
  client: PublicClient,
  { fromBlock, toBlock, isOurs }: { fromBlock: bigint; toBlock: bigint; isOurs: (addresses: readonly Address[]) => Promise<ReadonlySet<Address>> },
  range: AdaptiveRange,
): Promise<ObservedSweep[]> {
  if (fromBlock > toBlock) return [];
  const logs = await range.collect(fromBlock, toBlock, async (from, to) =>
    (await client.getLogs({ address: DEPOSIT_FACTORY_ADDRESS, event: sweptEvent, fromBlock: from, toBlock: to, strict: true })).filter((log) => !log.removed),
  );
  if (logs.length === 0) return [];
  const ours = await isOurs([...new Set(logs.map((log) => getAddress(log.args.depositAddress)))]);
  const txHashes = [...new Set(logs.filter((log) => ours.has(getAddress(log.args.depositAddress))).map((log) => log.transactionHash))];
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
