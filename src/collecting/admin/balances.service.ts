import { Injectable } from '@nestjs/common';
import { InjectTransactionHost } from '@nestjs-cls/transactional';
import { formatUnits } from 'viem';
import type { TxHost } from '../../common/data/tx-host';
import { NetworkRegistry } from '../../chains/network-registry';
import { assetOn, isNetworkName, NETWORKS, type Network } from '../../chains/networks';
import { AppConfig } from '../../config/app-config';
import type { BalanceResponse, BalancesResponse, GasKeyResponse } from './dto/balances-response.dto';
import { explorerUrl } from './explorer-url';

interface Totals {
  network: string;
  livemode: boolean;
  currency: string;
  received: string;
  waiting: string;
  swept: string;
}
interface LastSweep {
  network: string;
  livemode: boolean;
  id: string;
  tx_hash: string;
  mined_at: Date;
}

/** The Balances page's numbers (DESIGN.md §13): per network, mode and currency, received, swept and waiting. */
@Injectable()
export class Balances {
  constructor(
    @InjectTransactionHost() private readonly txHost: TxHost,
    private readonly registry: NetworkRegistry,
    private readonly config: AppConfig,
  ) {}

  async overview(): Promise<BalancesResponse> {
    const [totals, last, gasKey] = await Promise.all([
      // One pass over payments (received, and what of it waits) and one over sweep items.
      this.txHost.tx.query(
        `SELECT network, livemode, currency, COALESCE(SUM(received), 0)::text AS received, COALESCE(SUM(waiting), 0)::text AS waiting, COALESCE(SUM(swept), 0)::text AS swept FROM (
           SELECT network, livemode, currency, SUM(amount) AS received, SUM(amount) FILTER (WHERE sweep_id IS NULL) AS waiting, NULL::numeric AS swept
             FROM payments WHERE status = 'confirmed' GROUP BY 1, 2, 3
           UNION ALL
           SELECT s.network, s.livemode, i.currency, NULL, NULL, SUM(i.amount)
             FROM sweep_items i JOIN sweeps s ON s.id = i.sweep_id WHERE s.status = 'mined' GROUP BY 1, 2, 3
         ) sums GROUP BY 1, 2, 3`,
      ) as Promise<Totals[]>,
      this.txHost.tx.query(
        `SELECT DISTINCT ON (network, livemode) network, livemode, id, tx_hash, mined_at FROM sweeps WHERE status = 'mined' ORDER BY network, livemode, block_number DESC, id DESC`,
      ) as Promise<LastSweep[]>,
      this.gasKey(),
    ]);
    const rows = new Map<string, BalanceResponse>();
    const row = (network: Network, livemode: boolean, currency: string): BalanceResponse => {
      const key = `${network.name}:${livemode}:${currency}`;
      const lastSweep = last.find((sweep) => sweep.network === network.name && sweep.livemode === livemode);
      const existing = rows.get(key) ?? {
        object: 'balance',
        network: network.name,
        livemode,
        currency,
        received: '0',
        swept: '0',
        waiting: '0',
        lastSweep: lastSweep ? { id: lastSweep.id, txHash: lastSweep.tx_hash, txUrl: explorerUrl(network, lastSweep.tx_hash), minedAt: lastSweep.mined_at } : null,
      };
      rows.set(key, existing);
      return existing;
    };
    for (const network of this.registry.all()) {
      for (const currency of [...(network.nativeCurrency ? [network.nativeCurrency.currency] : []), ...network.tokens.map((token) => token.currency)]) {
        row(network, network.mode === 'live', currency);
      }
    }
    for (const total of totals) {
      if (!isNetworkName(total.network)) continue;
      const network = NETWORKS[total.network];
      const decimals = assetOn(network, total.currency)?.decimals ?? 0;
      Object.assign(row(network, total.livemode, total.currency), {
        received: formatUnits(BigInt(total.received), decimals),
        waiting: formatUnits(BigInt(total.waiting), decimals),
        swept: formatUnits(BigInt(total.swept), decimals),
      });
    }
    const data = [...rows.values()].sort((a, b) => Number(b.livemode) - Number(a.livemode) || a.network.localeCompare(b.network) || a.currency.localeCompare(b.currency));
    return { object: 'list', data, gasKey };
  }

  /** The gas key's address and balance per enabled network; a network whose RPC does not answer shows null. */
  private async gasKey(): Promise<GasKeyResponse | null> {
    const account = this.config.sweeping.gasAccount;
    if (!account) return null;
    const networks = await Promise.all(
      this.registry.all().map(async (network) => {
        const balance = await this.registry
          .client(network.name)
          .getBalance({ address: account.address })
          .catch(() => null);
        return { network: network.name, symbol: network.gasCoin.symbol, balance: balance === null ? null : formatUnits(balance, 18) };
      }),
    );
    return { address: account.address, networks };
  }
}
