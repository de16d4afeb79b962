import { formatUnits } from 'viem';
import { assetOn, isNetworkName, NETWORKS, type NetworkName } from '../../chains/networks';
import type { SweepItem } from '../sweep-item.entity';
import type { Sweep } from '../sweep.entity';
import type { SweepResponse } from './dto/sweep-response.dto';
import { explorerUrl } from './explorer-url';

export function presentSweep(sweep: Sweep, items: readonly SweepItem[]): SweepResponse {
  const network = isNetworkName(sweep.network) ? NETWORKS[sweep.network] : undefined;
  return {
    id: sweep.id,
    object: 'sweep',
    network: sweep.network as NetworkName,
    livemode: sweep.livemode,
    initiator: sweep.initiator,
    status: sweep.status,
    txHash: sweep.txHash,
    txUrl: network ? explorerUrl(network, sweep.txHash) : null,
    replacedTxHashes: sweep.replacedTxHashes,
    sender: sweep.sender,
    blockNumber: sweep.blockNumber === null ? null : Number(sweep.blockNumber),
    gasUsed: sweep.gasUsed === null ? null : Number(sweep.gasUsed),
    fee: sweep.fee === null ? null : formatUnits(sweep.fee, 18),
    items: items.map((item) => ({
      depositAddress: item.depositAddress,
      session: item.sessionId,
      currency: item.currency,
      amount: formatUnits(item.amount, (network && assetOn(network, item.currency)?.decimals) ?? 0),
    })),
    submittedAt: sweep.submittedAt,
    minedAt: sweep.minedAt,
  };
}
