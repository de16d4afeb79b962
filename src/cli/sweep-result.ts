import { decodeEventLog, erc20Abi, getAddress, type Address, type TransactionReceipt } from 'viem';
import { depositFactoryArtifact } from '../../contracts/artifacts/DepositFactory';
import { DEPOSIT_FACTORY_ADDRESS } from '../chains/deposit-factory';

/** What a sweep moved to the payout, read from its receipt: the factory's Swept event and the tokens' Transfer events. */
export interface SweepResult {
  native: bigint;
  tokens: { token: Address; amount: bigint }[];
}

export function sweepResult(receipt: TransactionReceipt, deposit: Address, payout: Address): SweepResult {
  const result: SweepResult = { native: 0n, tokens: [] };
  for (const log of receipt.logs) {
    if (getAddress(log.address) === DEPOSIT_FACTORY_ADDRESS) {
      const swept = orUndefined(() => decodeEventLog({ abi: depositFactoryArtifact.abi, eventName: 'Swept', data: log.data, topics: log.topics }));
      if (swept && getAddress(swept.args.depositAddress) === deposit) result.native += swept.args.ethAmount;
      continue;
    }
    const transfer = orUndefined(() => decodeEventLog({ abi: erc20Abi, eventName: 'Transfer', data: log.data, topics: log.topics }));
    if (transfer && getAddress(transfer.args.from) === deposit && getAddress(transfer.args.to) === payout) {
      result.tokens.push({ token: getAddress(log.address), amount: transfer.args.value });
    }
  }
  return result;
}

/** A log that is not the event asked for does not decode: it is someone else's, skipped. */
function orUndefined<T>(decode: () => T): T | undefined {
  try {
    return decode();
  } catch {
    return undefined;
  }
}

